import CShim

/// One device rule of a container (an entry of OCI `linux.resources.devices`), apart from how the spec spells it:
/// allow or deny `access` to the devices of `type` with `major`:`minor`, nil standing for `*` (any).
///
/// A list of rules is read in order and a later rule overrides the earlier ones for the devices and the access it
/// matches; what no rule allows is denied (``DeviceRules/allows(_:_:_:_:_:)`` is the reference).
public struct DeviceRule: Sendable, Hashable, CustomStringConvertible {
    public var allow: Bool
    public var type: DeviceType
    /// nil: any major.
    public var major: Int64?
    /// nil: any minor.
    public var minor: Int64?
    public var access: DeviceAccess

    public init(allow: Bool, type: DeviceType, major: Int64? = nil, minor: Int64? = nil, access: DeviceAccess) {
        self.allow = allow
        self.type = type
        self.major = major
        self.minor = minor
        self.access = access
    }

    /// `c 1:3 rwm`, `a *:* m`: the rule in the words of cgroup v1's devices.allow and devices.deny.
    public var line: String {
        "\(type.rawValue) \(major.map(String.init) ?? "*"):\(minor.map(String.init) ?? "*") \(access)"
    }

    /// `allow c 1:3 rwm`.
    public var description: String { (allow ? "allow " : "deny ") + line }

    /// Whether this rule is about the device `type` `major`:`minor` (whatever the access).
    public func matches(_ type: DeviceType, _ major: Int64, _ minor: Int64) -> Bool {
        (self.type == .all || self.type == type) && (self.major ?? major) == major && (self.minor ?? minor) == minor
    }

    /// Whether the rule holds for every device: type `a`, `*:*`.
    public var isWildcard: Bool { type == .all && major == nil && minor == nil }

    /// The device numbers a rule may name. The kernel's fit in 12 bits (major) and 20 bits (minor); the cgroup v2
    /// program compares them with 32-bit immediates, which the kernel sign-extends, so a number above Int32.max
    /// could never match.
    public static let numbers: ClosedRange<Int64> = 0...Int64(Int32.max)
}

/// `a` (char and block devices), `b` or `c`.
public enum DeviceType: Character, Sendable, Hashable, CaseIterable {
    case all = "a"
    case block = "b"
    case char = "c"

    /// The device types a kernel asks about (BPF_DEVCG_DEV_*): block and char.
    public static let concrete: [DeviceType] = [.char, .block]

    /// BPF_DEVCG_DEV_BLOCK or BPF_DEVCG_DEV_CHAR; nil for `a`.
    var bpfValue: Int32? {
        switch self {
        case .all: nil
        case .block: Int32(MD_BPF_DEVCG_DEV_BLOCK)
        case .char: Int32(MD_BPF_DEVCG_DEV_CHAR)
        }
    }
}

/// Read, write, mknod: the access a rule is about, with the bits of BPF_DEVCG_ACC_*.
public struct DeviceAccess: OptionSet, Sendable, Hashable, CustomStringConvertible {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let read = DeviceAccess(rawValue: UInt8(MD_BPF_DEVCG_ACC_READ))
    public static let write = DeviceAccess(rawValue: UInt8(MD_BPF_DEVCG_ACC_WRITE))
    public static let mknod = DeviceAccess(rawValue: UInt8(MD_BPF_DEVCG_ACC_MKNOD))
    /// `rwm`.
    public static let all: DeviceAccess = [.read, .write, .mknod]

    /// What the kernel asks a device controller: open(2) asks r, w or rw, mknod(2) asks m.
    public static let requests: [DeviceAccess] = [.read, .write, [.read, .write], .mknod]

    /// The letters `r`, `w`, `m` in any order, each at most once; nil for anything else.
    public init?(_ letters: String) {
        var access: DeviceAccess = []
        for letter in letters {
            let bit: DeviceAccess
            switch letter {
            case "r": bit = .read
            case "w": bit = .write
            case "m": bit = .mknod
            default: return nil
            }
            guard !access.contains(bit) else { return nil }
            access.insert(bit)
        }
        self = access
    }

    /// `rwm`, in that order, with the letters that are there.
    public var description: String {
        (contains(.read) ? "r" : "") + (contains(.write) ? "w" : "") + (contains(.mknod) ? "m" : "")
    }

    /// Each bit on its own, in the order of ``description``.
    static let singleBits: [DeviceAccess] = [.read, .write, .mknod]
}
