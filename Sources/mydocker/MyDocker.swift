import ArgumentParser

struct MyDocker: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mydocker",
        abstract: "Run Linux containers from declarative specs (OCI config.json vocabulary, in YAML).",
        subcommands: [Lint.self, Schema.self]
    )
}
