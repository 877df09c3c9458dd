import ArgumentParser
import Executor

extension MyDocker {
    /// The container's first process: mydocker re-executed inside the new namespaces by `apply`. main.swift
    /// dispatches it before the argument parser; this declaration keeps the name reserved and documented.
    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "init",
            abstract: "Internal: the container's first process, started by apply.",
            shouldDisplay: false
        )

        func run() throws {
            Executor.childMain()
        }
    }
}
