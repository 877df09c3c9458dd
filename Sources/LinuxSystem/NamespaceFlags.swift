import CShim

/// Namespace kinds as the kernel names them: the entries of /proc/PID/ns and their CLONE_NEW* flags, the one
/// table of them (the spec's `NamespaceKind` reaches it through its `procName`).
public enum NamespaceFlags {
    /// The names in /proc/PID/ns, each with its clone(2)/setns(2) flag.
    public static let byProcName: [(name: String, flag: Int32)] = [
        ("user", Int32(MD_CLONE_NEWUSER)), ("cgroup", Int32(MD_CLONE_NEWCGROUP)), ("ipc", Int32(MD_CLONE_NEWIPC)),
        ("uts", Int32(MD_CLONE_NEWUTS)), ("net", Int32(MD_CLONE_NEWNET)), ("pid", Int32(MD_CLONE_NEWPID)),
        ("time", Int32(MD_CLONE_NEWTIME)), ("mnt", Int32(MD_CLONE_NEWNS)),
    ]

    /// The CLONE_NEW* flag of the namespace /proc/PID/ns/`procName`, 0 for a name the kernel does not use.
    public static func cloneFlag(procName: String) -> Int32 {
        byProcName.first { $0.name == procName }?.flag ?? 0
    }
}
