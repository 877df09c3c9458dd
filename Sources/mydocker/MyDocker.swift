import ArgumentParser

struct MyDocker: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mydocker",
        abstract: "Run Linux containers from declarative specs (OCI config.json vocabulary, in YAML).",
        version: "0.1.0",
        subcommands: [Lint.self, Schema.self, PlanCommand.self, Apply.self, Init.self, Ps.self, Logs.self, Kill.self, Rm.self, Exec.self, Check.self, Monitor.self]
    )
}
