import Glibc
import LinuxSystem
import Network
import Planner
import Spec

extension ParentSession {
    /// The plan's setUpNetwork step, while the child waits for its program: the run's network folder and generated
    /// /etc files, and for a network the CNI ADD in the child's namespace. The folder is the child's to bind from.
    func setUpNetwork(_ network: ContainerSpec.Network, step: Step) throws(StepError) {
        let ownNamespace = plan.steps.contains { step in
            if case .parent(.createNamespaces(let kinds)) = step.action { kinds.contains(.network) } else { false }
        }
        let request = NetworkAttachment.Request(
            id: options.containerName ?? "apply-\(getpid())", name: options.containerName, hostname: plan.spec.hostname,
            network: network, pid: child, ownNamespace: ownNamespace
        )
        do {
            let attachment = try NetworkAttachment.attach(request, store: NetworkStore(root: options.networkRoot))
            self.network = attachment
            childSetup.networkFiles = attachment.filesDirectory
        } catch {
            throw StepError(step: step.number, what: error.what,
                            cause: error.cause.map { cause in var c = cause; if c.hint == nil { c.hint = error.hint }; return c }
                                ?? SystemError(hint: error.hint))
        }
    }
}
