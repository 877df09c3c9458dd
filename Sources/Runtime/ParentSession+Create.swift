import CShim
import Glibc
import LinuxSystem
import Planner

/// `mydocker create`'s side of a run (runc's create): the parent's steps and the child's up to the user's process,
/// the child left waiting for `mydocker start` (ChildRunner+Start.swift), and this process free to exit. No
/// signal is taken or forwarded and no terminal relayed: the container's terminal goes to the console socket.
extension ParentSession {
    func create() throws(StepError) -> Int32 {
        do {
            for step in plan.steps {
                if case .parent(let action) = step.action { try perform(action, step) }
            }
            if child == 0 { try spawn(kinds: [], step: nil) }
            options.onChild?(child)
            let seccomp = try compileSeccomp()
            if let seccomp { options.onSeccompProgram?(seccomp.bytes, seccomp.flags) }
            sendProgram(seccomp: seccomp)
            try waitUntilStarted()
        } catch {
            throw deferredPreflightFailure() ?? error
        }
        try handOverTerminal()
        leftRunning = true
        return child
    }

    /// The first child step after the process's environment and no_new_privs are set: where the child waits for
    /// `start` (runc's init waits on its exec fifo there, before the startContainer hooks and the execve).
    var awaitStartStep: Int {
        var after = 0
        for step in plan.steps {
            guard case .child(let action) = step.action else { continue }
            switch action {
            case .setEnvironment, .setNoNewPrivileges: after = step.number
            default: break
            }
        }
        return after + 1
    }

    /// Sends the master of the container's terminal over the console socket (SCM_RIGHTS), as runc does; ours is
    /// closed then.
    func handOverTerminal() throws(StepError) {
        guard let master = ptyMaster?.rawValue else { return }
        guard let path = options.consoleSocketPath else {
            throw StepError(what: "hand over the container's terminal",
                            hint: "process.terminal is true: create needs --console-socket to pass the terminal on")
        }
        do {
            try UnixSocket.send(descriptor: master, toSocketAt: path)
        } catch {
            throw StepError(what: "hand over the container's terminal to the console socket \(path)", cause: error)
        }
        ptyMaster = nil
    }
}
