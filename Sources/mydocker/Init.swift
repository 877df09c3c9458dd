import Arguments
import ContainerStore
import Containers
import Exec
import HostCheck
import LinuxSystem
import Runtime

extension MyDocker {
    /// The container's first process: mydocker re-executed inside the new namespaces by `apply`. main.swift
    /// dispatches it before the argument parser; this declaration keeps the name reserved and documented.
    struct Init: Command {
        static let spec = CommandSpec(
            name: "init",
            abstract: "Internal: the container's first process, started by apply.",
            isHidden: true
        )

        init(_ arguments: ParsedArguments) {}

        func run() {
            Executor.childMain()
        }
    }
}
