import ArgumentParser
import Spec

extension MyDocker {
    struct Lint: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Check specs for errors (stub).")
        func run() throws {}
    }
}
