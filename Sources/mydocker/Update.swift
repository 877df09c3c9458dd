import Arguments
import ContainerStore
import Containers
import Spec

extension MyDocker {
    /// `update NAME [--memory …] [--cpus …] …`: docker's flags for changing a running container's limits.
    struct Update: Command {
        static let spec = CommandSpec(
            name: "update",
            abstract: "Change the limits of running containers.",
            discussion: """
            Sizes take the spec's units (256Mi, 1G); --memory-swap is memory plus swap (-1: unlimited), as in \
            docker and the OCI spec. What is not given stays as it is.
            """,
            arguments: [
                .positional("names", .oneOrMore, help: "The containers' names."),
                .option("memory", short: "m", valueName: "size", help: "Memory limit (linux.resources.memory.limit)."),
                .option("memory-reservation", valueName: "size", help: "Memory soft limit (memory.reservation)."),
                .option("memory-swap", valueName: "size", help: "Memory plus swap limit; -1 for unlimited (memory.swap)."),
                .option("cpus", valueName: "number", help: "CPUs the container may use, as a decimal number (cpu.quota / cpu.period)."),
                .option("cpu-shares", short: "c", valueName: "shares", help: "Relative CPU weight, 2 to 262144 (cpu.shares)."),
                .option("cpu-period", valueName: "us", help: "CFS period in microseconds (cpu.period)."),
                .option("cpu-quota", valueName: "us", help: "CFS quota in microseconds, -1 for none (cpu.quota)."),
                .option("cpuset-cpus", valueName: "list", help: "CPUs to run on, as 0-3,5 (cpu.cpus)."),
                .option("cpuset-mems", valueName: "list", help: "Memory nodes, as 0-1 (cpu.mems)."),
                .option("pids-limit", valueName: "count", help: "Most processes at once; -1 for unlimited (pids.limit)."),
                .option("blkio-weight", valueName: "weight", help: "Block I/O weight, 10 to 1000 (blockIO.weight)."),
                .option("resources", short: "r", valueName: "file",
                        help: "The limits as the OCI spec's linux.resources object (JSON), - for standard input (runc's); instead of the options above."),
                StateRootOptions.argument,
            ]
        )

        let names: [String]
        let resources: ContainerSpec.Resources
        let resourcesFile: String?
        let state: StateRootOptions

        init(_ arguments: ParsedArguments) throws(ArgumentError) {
            names = arguments.values("names")
            state = StateRootOptions(arguments)
            resourcesFile = arguments.value("resources")
            func size(_ option: String) throws(ArgumentError) -> Int64? {
                guard let text = arguments.value(option) else { return nil }
                if text == "-1" { return -1 }
                switch ByteSize.parse(text, maximum: UInt64(Int64.max)) {
                case let .success(bytes): return Int64(bytes)
                case .failure: throw arguments.invalid("--\(option) takes a size such as 256Mi or 1G, not \"\(text)\"")
                }
            }
            func number<T: FixedWidthInteger>(_ option: String, _: T.Type) throws(ArgumentError) -> T? {
                guard let text = arguments.value(option) else { return nil }
                guard let value = T(text) else { throw arguments.invalid("--\(option) takes a whole number, not \"\(text)\"") }
                return value
            }
            let memory = ContainerSpec.Resources.Memory(
                limit: try size("memory"), reservation: try size("memory-reservation"), swap: try size("memory-swap"))
            var cpu = ContainerSpec.Resources.CPU(
                shares: try number("cpu-shares", UInt64.self), quota: try number("cpu-quota", Int64.self),
                period: try number("cpu-period", UInt64.self), cpus: arguments.value("cpuset-cpus"), mems: arguments.value("cpuset-mems"))
            if let text = arguments.value("cpus") {
                guard let cpus = Double(text), cpus > 0, cpus < 100_000 else {
                    throw arguments.invalid("--cpus takes a positive decimal number such as 1.5, not \"\(text)\"")
                }
                let period = cpu.period ?? 100_000
                cpu.period = period
                cpu.quota = Int64((cpus * Double(period)).rounded())
            }
            let pids = try number("pids-limit", Int64.self).map { ContainerSpec.Resources.Pids(limit: $0) }
            let weight = try number("blkio-weight", UInt16.self)
            resources = ContainerSpec.Resources(
                memory: memory == .init() ? nil : memory,
                cpu: cpu == .init() ? nil : cpu,
                pids: pids,
                blockIO: weight.map { ContainerSpec.Resources.BlockIO(weight: $0) }
            )
            guard resources != ContainerSpec.Resources() || resourcesFile != nil else {
                throw arguments.invalid("update needs a limit to change, such as --memory 256Mi or --cpus 1.5")
            }
        }

        func run() throws(ExitCode) {
            let store = state.store
            let resources = try resourcesFile.map(Self.read) ?? self.resources
            let oci = names.allSatisfy { (try? store.load($0))?.isOCI == true }
            try EachContainer.run(names, command: "update", quiet: oci) { name throws(ContainerError) in
                try store.update(name, resources: resources)
            }
        }

        /// `--resources FILE`: the linux.resources object, decoded and checked as a spec's is.
        static func read(_ path: String) throws(ExitCode) -> ContainerSpec.Resources {
            let bytes: [UInt8]
            do {
                bytes = path == "-" ? try SpecFile.readStandardInput() : try SpecFile.read(path: path)
            } catch {
                throw StateConsole.fail("update", "cannot read \(path == "-" ? "standard input" : path): \(error.reason)")
            }
            let wrapped = Array("{\"ociVersion\": \"1.0.0\", \"process\": {\"args\": [\"true\"], \"cwd\": \"/\"}, \"linux\": {\"resources\": ".utf8) + bytes + Array("\n}}".utf8)
            var result = Linter.lintForRun(bytes: wrapped, file: path, baseDirectory: SpecFile.currentDirectory())
            result.diagnostics.removeAll { $0.ruleID == LintRuleID.unknownKey.rawValue }
            guard !result.hasErrors, let spec = result.spec else {
                StateConsole.error(DiagnosticText.render(result, color: StateConsole.stderrInColor))
                throw StateConsole.fail("update", "\(path) holds no linux.resources object the OCI runtime spec describes")
            }
            return spec.linux.resources ?? ContainerSpec.Resources()
        }
    }
}
