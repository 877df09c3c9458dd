import LinuxSystem
import Testing

/// ``Joined`` gives what the standard library's `joined(separator:)` gives, for every shape of input.
@Suite struct JoinedTests {
    static let lists: [[String]] = [[], [""], ["a"], ["a", "b"], ["", "b", ""], ["proc", "sys", "net"], ["é", "日本", "x y"]]

    @Test(arguments: lists) func stringsJoinAsTheStandardLibraryDoes(_ parts: [String]) {
        #expect(Joined.strings(parts, separator: "/") == parts.joined(separator: "/"))
        #expect(Joined.strings(parts, separator: ", ") == parts.joined(separator: ", "))
        #expect(Joined.strings(parts, separator: "") == parts.joined())
    }

    @Test(arguments: lists) func slicesJoinOnlyTheirOwnElements(_ parts: [String]) {
        let slice = parts.dropFirst()
        #expect(Joined.strings(slice, separator: "/") == slice.joined(separator: "/"))
        #expect(Joined.strings(parts.dropLast(), separator: "/") == parts.dropLast().joined(separator: "/"))
    }

    @Test(arguments: ["", "/", "a", "/a//b/", "/sys/fs/cgroup/memory", "é/日本"])
    func substringsJoinAsTheStandardLibraryDoes(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        #expect(Joined.substrings(parts, separator: "/") == parts.joined(separator: "/"))
        let nonEmpty = text.split(separator: "/")
        #expect(Joined.substrings(nonEmpty, separator: "/") == nonEmpty.joined(separator: "/"))
    }
}
