import LinuxSystem

/// The mount(8)/fstab option words a spec may use, and what each one does.
///
/// One table serves lint (an unknown word is an error, with the nearest known word suggested),
/// the planner and the executor (flags for mount(2), propagation, data passed to the file system).
public enum MountOption: Sendable, Equatable {
    /// Sets (or clears) mount(2) flags: `ro`, `nosuid`, `noatime`, … (and `rw`, `suid`, … which clear them).
    case flag(set: Bool, MountFlags)
    /// Propagation of the new mount: `private`, `rslave`, `shared`, `unbindable`, … (recursive with the `r` prefix).
    case propagation(MountFlags, recursive: Bool)
    /// `bind` or `rbind` (recursive).
    case bind(recursive: Bool)
    /// The mydocker extension: the source is a file system image, attached to a loop device first.
    case loop
    /// Passed to the file system as data: a bare word the table knows (`newinstance`, `noquota`, …) or any `key=value`.
    case data(String)
    /// `defaults`: nothing beyond the defaults.
    case defaults
    /// `tmpcopyup` (`notmpcopyup` clears it), the runc and crun extension podman uses: a tmpfs starts with a copy of
    /// what the directory it covers holds.
    case copyUp(Bool)
}

/// mount(2) flags (MS_*), as the kernel defines them in <linux/mount.h>.
public struct MountFlags: OptionSet, Sendable, Hashable {
    public let rawValue: UInt
    public init(rawValue: UInt) { self.rawValue = rawValue }

    public static let readOnly = MountFlags(rawValue: 1)          // MS_RDONLY
    public static let noSUID = MountFlags(rawValue: 2)            // MS_NOSUID
    public static let noDev = MountFlags(rawValue: 4)             // MS_NODEV
    public static let noExec = MountFlags(rawValue: 8)            // MS_NOEXEC
    public static let synchronous = MountFlags(rawValue: 16)      // MS_SYNCHRONOUS
    public static let remount = MountFlags(rawValue: 32)          // MS_REMOUNT
    public static let mandatoryLock = MountFlags(rawValue: 64)    // MS_MANDLOCK
    public static let dirSync = MountFlags(rawValue: 128)         // MS_DIRSYNC
    public static let noSymFollow = MountFlags(rawValue: 256)     // MS_NOSYMFOLLOW
    public static let noAtime = MountFlags(rawValue: 1024)        // MS_NOATIME
    public static let noDirAtime = MountFlags(rawValue: 2048)     // MS_NODIRATIME
    public static let bind = MountFlags(rawValue: 4096)           // MS_BIND
    public static let move = MountFlags(rawValue: 8192)           // MS_MOVE
    public static let recursive = MountFlags(rawValue: 16384)     // MS_REC
    public static let unbindable = MountFlags(rawValue: 1 << 17)  // MS_UNBINDABLE
    public static let `private` = MountFlags(rawValue: 1 << 18)   // MS_PRIVATE
    public static let slave = MountFlags(rawValue: 1 << 19)       // MS_SLAVE
    public static let shared = MountFlags(rawValue: 1 << 20)      // MS_SHARED
    public static let relatime = MountFlags(rawValue: 1 << 21)    // MS_RELATIME
    public static let iVersion = MountFlags(rawValue: 1 << 23)    // MS_I_VERSION
    public static let strictAtime = MountFlags(rawValue: 1 << 24) // MS_STRICTATIME
    public static let lazyTime = MountFlags(rawValue: 1 << 25)    // MS_LAZYTIME
    public static let silent = MountFlags(rawValue: 32768)        // MS_SILENT

    /// The flags that a bind mount keeps from its source unless a read-only remount changes them.
    public static let perMountPoint: MountFlags = [.readOnly, .noSUID, .noDev, .noExec, .noAtime, .noDirAtime, .relatime, .strictAtime, .noSymFollow]
}

extension MountOption {
    /// Every bare word the table knows, in fstab spelling.
    public static let table: [String: MountOption] = [
        "defaults": .defaults,
        "ro": .flag(set: true, .readOnly), "rw": .flag(set: false, .readOnly),
        "nosuid": .flag(set: true, .noSUID), "suid": .flag(set: false, .noSUID),
        "nodev": .flag(set: true, .noDev), "dev": .flag(set: false, .noDev),
        "noexec": .flag(set: true, .noExec), "exec": .flag(set: false, .noExec),
        "sync": .flag(set: true, .synchronous), "async": .flag(set: false, .synchronous),
        "dirsync": .flag(set: true, .dirSync),
        "mand": .flag(set: true, .mandatoryLock), "nomand": .flag(set: false, .mandatoryLock),
        "noatime": .flag(set: true, .noAtime), "atime": .flag(set: false, .noAtime),
        "nodiratime": .flag(set: true, .noDirAtime), "diratime": .flag(set: false, .noDirAtime),
        "relatime": .flag(set: true, .relatime), "norelatime": .flag(set: false, .relatime),
        "strictatime": .flag(set: true, .strictAtime), "nostrictatime": .flag(set: false, .strictAtime),
        "lazytime": .flag(set: true, .lazyTime), "nolazytime": .flag(set: false, .lazyTime),
        "iversion": .flag(set: true, .iVersion), "noiversion": .flag(set: false, .iVersion),
        "nosymfollow": .flag(set: true, .noSymFollow), "symfollow": .flag(set: false, .noSymFollow),
        "silent": .flag(set: true, .silent), "loud": .flag(set: false, .silent),
        "bind": .bind(recursive: false), "rbind": .bind(recursive: true),
        "private": .propagation(.private, recursive: false), "rprivate": .propagation(.private, recursive: true),
        "shared": .propagation(.shared, recursive: false), "rshared": .propagation(.shared, recursive: true),
        "slave": .propagation(.slave, recursive: false), "rslave": .propagation(.slave, recursive: true),
        "unbindable": .propagation(.unbindable, recursive: false), "runbindable": .propagation(.unbindable, recursive: true),
        "loop": .loop,
        "tmpcopyup": .copyUp(true), "notmpcopyup": .copyUp(false),
        // Bare data words of common file systems (devpts, ext4, xfs, tmpfs, overlay, proc, cgroup2).
        "newinstance": .data("newinstance"), "noload": .data("noload"), "discard": .data("discard"),
        "nodiscard": .data("nodiscard"), "noquota": .data("noquota"), "quota": .data("quota"),
        "usrquota": .data("usrquota"), "grpquota": .data("grpquota"), "prjquota": .data("prjquota"),
        "inode64": .data("inode64"), "inode32": .data("inode32"), "norecovery": .data("norecovery"),
        "acl": .data("acl"), "noacl": .data("noacl"), "user_xattr": .data("user_xattr"),
        "nouser_xattr": .data("nouser_xattr"), "barrier": .data("barrier"), "nobarrier": .data("nobarrier"),
        "noswap": .data("noswap"), "dax": .data("dax"), "userxattr": .data("userxattr"),
        "nsdelegate": .data("nsdelegate"), "memory_recursiveprot": .data("memory_recursiveprot"),
        "wsync": .data("wsync"), "largeio": .data("largeio"), "nolargeio": .data("nolargeio"),
        // ext4.
        "delalloc": .data("delalloc"), "nodelalloc": .data("nodelalloc"),
        "journal_checksum": .data("journal_checksum"), "nojournal_checksum": .data("nojournal_checksum"),
        "auto_da_alloc": .data("auto_da_alloc"), "noauto_da_alloc": .data("noauto_da_alloc"),
        "dioread_nolock": .data("dioread_nolock"), "dioread_lock": .data("dioread_lock"),
        "block_validity": .data("block_validity"), "noblock_validity": .data("noblock_validity"),
        "init_itable": .data("init_itable"), "noinit_itable": .data("noinit_itable"),
        "nombcache": .data("nombcache"),
        // xfs.
        "attr2": .data("attr2"), "noattr2": .data("noattr2"), "ikeep": .data("ikeep"), "noikeep": .data("noikeep"),
        "grpid": .data("grpid"), "nogrpid": .data("nogrpid"), "filestreams": .data("filestreams"),
        "uquota": .data("uquota"), "gquota": .data("gquota"), "pquota": .data("pquota"),
        "uqnoenforce": .data("uqnoenforce"), "gqnoenforce": .data("gqnoenforce"), "pqnoenforce": .data("pqnoenforce"),
        // btrfs.
        "compress": .data("compress"), "ssd": .data("ssd"), "nossd": .data("nossd"),
        "autodefrag": .data("autodefrag"), "noautodefrag": .data("noautodefrag"), "degraded": .data("degraded"),
        "datacow": .data("datacow"), "nodatacow": .data("nodatacow"), "datasum": .data("datasum"),
        "nodatasum": .data("nodatasum"), "flushoncommit": .data("flushoncommit"),
        // overlay, cgroup2.
        "volatile": .data("volatile"), "favordynmods": .data("favordynmods"),
        "memory_localevents": .data("memory_localevents"),
    ]

    /// Keys whose `key=value` values mydocker checks (the rest pass to the file system as they are).
    public static let checkedDataKeys: Set<String> = ["size", "mode", "uid", "gid", "nr_inodes", "nr_blocks", "ptmxmode"]

    /// The meaning of one option word, or nil when the word is unknown.
    /// `key=value` words are always data: the file system decides what they mean.
    public static func parse(_ word: String) -> MountOption? {
        if let known = table[word] { return known }
        if let eq = word.firstIndex(of: "="), eq != word.startIndex { return .data(word) }
        return nil
    }
}

/// What a list of option words adds up to, for mount(2).
public struct ResolvedMountOptions: Sendable, Equatable {
    public var flags: MountFlags = []
    /// Flags the words explicitly cleared (`rw`, `suid`, …), so a read-only bind remount can keep the others.
    public var clearedFlags: MountFlags = []
    /// MS_PRIVATE, MS_SLAVE, MS_SHARED or MS_UNBINDABLE (with MS_REC when recursive), applied after the mount.
    public var propagation: MountFlags = []
    public var bind = false
    public var recursiveBind = false
    public var loop = false
    /// `tmpcopyup`: a tmpfs is filled with a copy of the directory beneath it.
    public var copyUp = false
    /// Comma-joined data words for the file system.
    public var data: [String] = []
    /// Words that are not in the table; lint reports them, the executor refuses them.
    public var unknown: [String] = []

    public init() {}

    public init(_ words: [String]) {
        for word in words {
            guard let option = MountOption.parse(word) else {
                unknown.append(word)
                continue
            }
            switch option {
            case .defaults: break
            case .flag(let set, let f):
                if set { flags.insert(f); clearedFlags.remove(f) } else { flags.remove(f); clearedFlags.insert(f) }
            case .propagation(let p, let recursive):
                propagation = recursive ? [p, .recursive] : p
            case .bind(let recursive):
                bind = true
                recursiveBind = recursiveBind || recursive
            case .loop: loop = true
            case .copyUp(let on): copyUp = on
            case .data(let d): data.append(d)
            }
        }
    }

    /// The data words as mount(2) takes them (``Joined``: the container's child builds this for every mount).
    public var dataString: String { Joined.strings(data, separator: ",") }
}

extension ContainerSpec.Mount {
    public var resolvedOptions: ResolvedMountOptions { ResolvedMountOptions(options) }
}
