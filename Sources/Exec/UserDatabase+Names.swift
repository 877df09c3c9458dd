/// User names by uid from an /etc/passwd text (the host's, for `top`'s UID column, as ps shows it), read by
/// ``UserDatabase``'s rules; the first line of a uid wins.
public enum UserNames {
    public static func byUID(passwd text: String) -> [UInt32: String] {
        var names: [UInt32: String] = [:]
        for user in UserDatabase.users(inPasswd: text) where names[user.uid] == nil { names[user.uid] = user.name }
        return names
    }
}
