import ContainerStore

/// A container error as the OCI runtime commands say it: with runc's words where engines look for them
/// (containerd's shim takes "does not exist" and "container not running" for a container or process already gone),
/// else as every other command says it.
enum OCIMessage {
    static func text(_ error: ContainerError) -> String {
        switch error {
        case let .noSuchContainer(id): "container \(id) does not exist"
        case let .notRunning(id): "container \(id) is not running (container not running)"
        default: error.description
        }
    }
}
