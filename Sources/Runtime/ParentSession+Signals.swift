import LinuxSystem

extension ParentSession {
    /// Takes the forwarded signals (``Supervisor``) before anything changes, so that a SIGTERM during set-up still
    /// ends in clean-up.
    func takeSignals() throws(StepError) {
        do {
            supervisor = try Supervisor(stdin: options.stdin, stdout: options.stdout)
        } catch {
            throw StepError(what: "take signals", cause: error)
        }
    }

    /// Forwards every queued signal to the child, once there is one (see ``Supervisor/forwardSignals(to:)``).
    func forwardSignals() {
        supervisor?.forwardSignals(to: reaped ? 0 : child)
    }

    /// Gives the signals back: what is still queued is dropped, the caller's signal mask restored.
    func restoreSignals() {
        supervisor?.restore()
        supervisor = nil
    }
}
