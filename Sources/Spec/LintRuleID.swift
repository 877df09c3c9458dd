/// Every rule the linter and the loader report, by the stable id that `# mydocker-lint disable=` comments name.
public enum LintRuleID: String, Sendable, CaseIterable, Hashable {
    // Reading and shape.
    case unreadableFile = "unreadable-file"
    case yamlSyntax = "yaml-syntax"
    case emptyFile = "empty-file"
    case multipleDocuments = "multiple-documents"
    case inputTooLarge = "input-too-large"
    case tooDeep = "too-deep"
    case tooManyNodes = "too-many-nodes"
    case unknownKey = "unknown-key"
    case duplicateKey = "duplicate-key"
    case type
    case range
    case `enum`
    case required
    case unsupportedKey = "unsupported-key"
    case invalidAnnotation = "invalid-annotation"
    // Semantic rules.
    case hostnameWithoutUTS = "hostname-without-uts"
    case hostnameTooLong = "hostname-too-long"
    case mappingWithoutUserns = "mapping-without-userns"
    case usernsWithoutMapping = "userns-without-mapping"
    case mappingZeroSize = "mapping-zero-size"
    case mappingOutOfRange = "mapping-out-of-range"
    case mappingOverlap = "mapping-overlap"
    case mappingTooMany = "mapping-too-many"
    case userNotMapped = "user-not-mapped"
    case duplicateNamespace = "duplicate-namespace"
    case namespacePathMissing = "namespace-path-missing"
    case mountDestinationRelative = "mount-destination-relative"
    case mountDestinationDotdot = "mount-destination-dotdot"
    case duplicateMountDestination = "duplicate-mount-destination"
    case loopSourceNotFile = "loop-source-not-file"
    case blockFSNeedsLoop = "block-fs-needs-loop"
    case unknownMountOption = "unknown-mount-option"
    case procWithoutPidns = "proc-without-pidns"
    case pidnsWithoutProc = "pidns-without-proc"
    case mountsWithoutMountns = "mounts-without-mountns"
    case timeoffsetsWithoutTimens = "timeoffsets-without-timens"
    case cwdRelative = "cwd-relative"
    case argsEmpty = "args-empty"
    case envMalformed = "env-malformed"
    case unknownLintRule = "unknown-lint-rule"

    public var severity: Diagnostic.Severity {
        switch self {
        case .namespacePathMissing, .duplicateMountDestination, .procWithoutPidns, .pidnsWithoutProc, .unknownLintRule: .warning
        default: .error
        }
    }

    /// One line for `Linter.rules`, SARIF rule descriptions and documentation.
    public var summary: String {
        switch self {
        case .unreadableFile: "The spec file cannot be read."
        case .yamlSyntax: "The file is not valid YAML (or JSON): syntax, encoding, control characters or aliases."
        case .emptyFile: "The file holds no document."
        case .multipleDocuments: "The file holds more than one YAML document."
        case .inputTooLarge: "The file is larger than 1 MiB."
        case .tooDeep: "Collections nest deeper than 64 levels."
        case .tooManyNodes: "The document has more than 100000 nodes once aliases are followed (alias bomb)."
        case .unknownKey: "A key mydocker does not know (with the nearest known key suggested)."
        case .duplicateKey: "A key appears twice in the same mapping."
        case .type: "A value has the wrong type."
        case .range: "A number is outside the range its field allows."
        case .enum: "A value is not one of the allowed words."
        case .required: "A required key is missing."
        case .unsupportedKey: "An OCI runtime-spec key mydocker does not implement yet."
        case .invalidAnnotation: "An org.mydocker.* annotation has a value mydocker does not accept."
        case .hostnameWithoutUTS: "hostname or domainname is set without a uts namespace (it would change the host's)."
        case .hostnameTooLong: "hostname or domainname is longer than 64 bytes."
        case .mappingWithoutUserns: "uidMappings or gidMappings are given without a user namespace."
        case .usernsWithoutMapping: "A user namespace is created without uidMappings and gidMappings."
        case .mappingZeroSize: "An ID mapping range has size 0."
        case .mappingOutOfRange: "An ID mapping range runs past ID 4294967294."
        case .mappingOverlap: "Two ID mapping ranges overlap, inside the container or on the host."
        case .mappingTooMany: "More ID mapping ranges than the kernel accepts (340)."
        case .userNotMapped: "process.user IDs that no mapping of the user namespace covers."
        case .duplicateNamespace: "The same namespace type is listed twice."
        case .namespacePathMissing: "A namespace path that does not exist on this host."
        case .mountDestinationRelative: "A mount destination that is not an absolute path."
        case .mountDestinationDotdot: "A mount destination containing `..`."
        case .duplicateMountDestination: "Two mounts on the same destination."
        case .loopSourceNotFile: "The loop option on a source that is not a regular file."
        case .blockFSNeedsLoop: "A block file system type whose source is a regular file, without the loop option."
        case .unknownMountOption: "A mount option word mydocker does not know."
        case .procWithoutPidns: "A proc mount without a pid namespace shows the host's processes."
        case .pidnsWithoutProc: "A pid namespace without a proc mount on /proc: ps shows the host's processes."
        case .mountsWithoutMountns: "Mounts or root without a mount namespace would change the host."
        case .timeoffsetsWithoutTimens: "timeOffsets without a time namespace."
        case .cwdRelative: "process.cwd is not an absolute path."
        case .argsEmpty: "process.args is empty."
        case .envMalformed: "A process.env entry that is not NAME=value."
        case .unknownLintRule: "A mydocker-lint comment names an unknown rule or directive."
        }
    }
}
