import Arguments
import ContainerStore

/// `apply --restart no|on-failure[:N]|always|unless-stopped`: what the monitor of a detached container does when
/// its process ends.
enum RestartOption {
    static let argument = ArgumentSpec.option(
        "restart", valueName: "policy", help: "With --detach: restart it when it ends: no, on-failure[:N], always, unless-stopped.",
        discussion: """
        on-failure restarts it when it exits with a status other than 0 (at most N times), always whenever it ends, \
        unless-stopped too unless `mydocker kill` signalled it. `mydocker kill NAME` (SIGTERM) or `kill NAME KILL` \
        ends it for good, whatever the policy. Restarts wait 100 ms, doubling each time up to a minute, back to \
        100 ms after a run of 10 s. Default: no.
        """,
        defaultValue: "no"
    )

    /// The policy given (no when absent); only with --detach: a foreground run has no monitor to restart it.
    static func policy(_ arguments: ParsedArguments, detach: Bool) throws(ArgumentError) -> RestartPolicy {
        guard let text = arguments.value(argument.name) else { return .no }
        let policy: RestartPolicy
        do {
            policy = try RestartPolicy(parsing: text)
        } catch {
            throw arguments.invalid(error.description)
        }
        if policy != .no && !detach {
            throw arguments.invalid("--restart \(text) needs --detach: only a detached container has a monitor to restart it")
        }
        return policy
    }
}
