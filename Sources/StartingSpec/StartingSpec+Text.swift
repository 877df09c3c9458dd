import Spec

/// The starting spec as text: commented YAML for a person starting out, or a plain OCI `config.json`.
extension StartingSpec {
    /// The schema modeline editors read (yaml-language-server), naming the schema beside the spec.
    public static let modeline = "yaml-language-server: $schema=mydocker-spec.schema.json"

    /// YAML, with the modeline first and a comment above each part saying what it does and why.
    /// `seccompProfile` names the file the `linux.seccomp` rules came from, when there are any.
    public static func yamlText(_ spec: ContainerSpec, seccompProfile: String? = nil) -> String {
        let header = [
            modeline,
            "(write the schema there with `mydocker schema > mydocker-spec.schema.json`, and editors check this file as you type)",
            "",
            "A starting spec from `mydocker spec`: a shell in a confined container, as `runc spec` makes one.",
            "Put a root file system in ./rootfs (a folder with /bin/sh, for example from",
            "`docker export $(docker create busybox) | tar -C rootfs -x`), then run `mydocker apply THIS-FILE`.",
            "`mydocker lint THIS-FILE` checks your changes; every key is described in `mydocker schema`.",
        ]
        return YAMLText(comments: comments(spec, seccompProfile: seccompProfile)).render(spec.jsonValue(namespaces: .short), header: header)
    }

    /// `config.json` text, as `runc spec` writes it (without comments: JSON has none).
    public static func jsonText(_ spec: ContainerSpec) -> String {
        spec.jsonText()
    }

    static func comments(_ spec: ContainerSpec, seccompProfile: String?) -> [String: [String]] {
        let rootless = spec.has(.user)
        var c: [String: [String]] = [
            "/ociVersion": ["", "The version of the OCI runtime specification this spec follows."],
            "/hostname": ["The container's own hostname (it has a uts namespace of its own)."],
            "/root": [
                "", "The container's root file system, relative to this file; read-only, so that the only",
                "places it can write to are the mounts below.",
            ],
            "/process": ["", "What runs: a shell on a terminal, as root inside the container, but only with the powers below."],
            "/process/capabilities": [
                "The capabilities the process keeps (runc's and crun's set); it loses every other one. Without",
                "this key it would keep all of mydocker's: it could mount the host's disks, change the host's",
                "kernel settings and ptrace (lint warns: sandbox-keeps-all-capabilities).",
            ],
            "/process/rlimits": ["At most 1024 open files."],
            "/process/noNewPrivileges": ["No program it runs gains privileges: setuid bits and file capabilities are ignored."],
            "/mounts": [
                "", "What Linux programs expect to find: /proc, a /dev with pseudo-terminals, shared memory and",
                "message queues, and /sys and the cgroup tree read-only.",
            ],
            "/linux": ["", "Namespaces and the kernel's own confinement."],
            "/linux/maskedPaths": ["Hidden: files of the kernel that tell about the host or let a process attack it."],
            "/linux/readonlyPaths": ["Read-only: kernel settings the container must not change."],
        ]
        if rootless {
            c["/linux/namespaces"] = [
                "Its own process IDs, IPC, hostname and mount table, and a user namespace in which you are root;",
                "no network namespace (an unprivileged user cannot connect one to anything), so it shares yours.",
            ]
            c["/linux/uidMappings"] = ["Root inside the container is your user outside it, and no other user is mapped."]
            c["/linux/gidMappings"] = ["The same for your group."]
            c["/mounts/5"] = ["/sys is bound from the host: mounting sysfs needs a network namespace of one's own."]
        } else {
            c["/linux/namespaces"] = [
                "Its own process IDs, network (only a loopback interface), IPC, hostname and mount table.",
                "Run as root without a user namespace: add `user` and uid/gid mappings to confine it further.",
            ]
            c["/linux/resources"] = ["Device access: none but the devices every container gets (/dev/null, /dev/zero, /dev/tty, …)."]
        }
        if let seccomp = spec.linux.seccomp {
            let outcome = seccomp.defaultAction == "SCMP_ACT_ERRNO"
                ? "fails with " + (seccomp.defaultErrnoRet.map { ErrnoNames.name($0) ?? "errno \($0)" } ?? "EPERM")
                : "gets \(seccomp.defaultAction)"
            c["/linux/seccomp"] = [
                "The system calls it may make: podman's default profile\(seccompProfile.map { " (\($0))" } ?? ""),",
                "kept for the capabilities above. A call no rule allows \(outcome).",
            ]
        }
        return c
    }
}
