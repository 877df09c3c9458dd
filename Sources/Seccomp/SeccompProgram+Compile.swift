import Glibc
import Spec

extension SeccompProgram {
    /// Compiles `linux.seccomp` with libseccomp, with the OCI runtime-spec's semantics as runc carries them out:
    ///
    /// 1. The default action (with defaultErrnoRet, EPERM when absent) starts the filter; the native architecture is
    ///    in it, and each listed one is added.
    /// 2. no_new_privs is left to the runtime (SCMP_FLTATR_CTL_NNP off); with more than 32 call names, libseccomp
    ///    lays the calls out as a binary tree (SCMP_FLTATR_CTL_OPTIMIZE 2), as runc asks.
    /// 3. Each rule, each of its names: a rule whose action is the default one is skipped (libseccomp would refuse
    ///    it), and so is a name libseccomp does not know (``unknownSyscalls(in:)`` lists them for lint). The
    ///    conditions go into one rule, unless two of them test the same argument: then each is a rule of its own
    ///    (so they match when any holds, as in runc).
    /// 4. The program is exported, and runc's -ENOSYS stub (``EnosysStub``) put before it.
    ///
    /// The flags TSYNC, LOG and SPEC_ALLOW are kept for seccomp(2). SCMP_ACT_NOTIFY, listenerPath and the
    /// WAIT_KILLABLE_RECV flag need a seccomp agent, which is not supported yet: they are refused. Every other
    /// problem is a ``SeccompError`` naming the field (`linux.seccomp.syscalls[3] (getpriority)`).
    public static func compile(_ seccomp: ContainerSpec.Seccomp) throws(SeccompError) -> SeccompProgram {
        let field = "linux.seccomp"
        let defaultAction = try SeccompVocabulary.action(
            seccomp.defaultAction, errnoRet: seccomp.defaultErrnoRet, what: "\(field).defaultAction")
        if seccomp.listenerPath != nil {
            throw SeccompError(what: "\(field).listenerPath", hint: "seccomp agents (SCMP_ACT_NOTIFY) are not supported yet: remove it")
        }
        var architectures: [UInt32] = []
        for (i, name) in seccomp.architectures.enumerated() {
            architectures.append(try SeccompVocabulary.architecture(name, what: "\(field).architectures[\(i)]"))
        }
        var flags: UInt32 = 0
        for (i, name) in seccomp.flags.enumerated() {
            flags |= try SeccompVocabulary.flag(name, what: "\(field).flags[\(i)]")
        }
        let rules = try seccomp.syscalls.enumerated().map { (i, rule) throws(SeccompError) in
            try Rule(rule, what: "\(field).syscalls[\(i)]")
        }

        let filter: LibSeccomp.Filter
        do {
            filter = try LibSeccomp.Filter(defaultAction: defaultAction)
        } catch {
            throw SeccompError(what: "\(field).defaultAction", cause: error)
        }
        for (i, token) in architectures.enumerated() {
            do {
                try filter.add(architecture: token)
            } catch {
                var cause = error
                if cause.errno == EDOM {
                    cause.hint = "\(seccomp.architectures[i]) has the other byte order: one filter covers architectures of one byte order"
                }
                throw SeccompError(what: "\(field).architectures[\(i)]", cause: cause)
            }
        }
        do {
            try filter.setNoNewPrivileges(false)
            if rules.reduce(0, { $0 + $1.names.count }) > 32 { try filter.setOptimization(2) }
        } catch {
            throw SeccompError(what: "set the attributes of the filter", cause: error)
        }
        for rule in rules where rule.action != defaultAction {
            for name in rule.names {
                guard let number = LibSeccomp.syscall(name) else { continue }
                do {
                    for conditions in rule.conditionSets { try filter.addRule(action: rule.action, syscall: number, conditions: conditions) }
                } catch {
                    throw SeccompError(what: "\(rule.what) (\(name))", cause: error)
                }
            }
        }
        let exported: [UInt8]
        do {
            exported = try filter.exportBPF()
        } catch {
            throw SeccompError(what: "export the filter of \(field)", cause: error)
        }

        var stub: [Instruction] = []
        if !SeccompVocabulary.isPermissive(defaultAction) && defaultAction != SeccompVocabulary.enosys {
            let sections = EnosysStub.sections(architectures: architectures, names: rules.flatMap(\.names))
            stub = try EnosysStub.instructions(for: sections)
        }
        return try SeccompProgram(bytes: stub.flatMap(\.bytes) + exported, flags: flags)
    }

    /// One entry of `syscalls`, checked and translated: its action's value and the conditions as libseccomp
    /// takes them, grouped into the rules each name gets.
    struct Rule {
        let what: String
        let names: [String]
        let action: UInt32
        /// One set of conditions per libseccomp rule: one set with all of them (or none), or one set per condition
        /// when two test the same argument.
        let conditionSets: [[LibSeccomp.Condition]]

        init(_ rule: ContainerSpec.Seccomp.Syscall, what: String) throws(SeccompError) {
            self.what = what
            action = try SeccompVocabulary.action(rule.action, errnoRet: rule.errnoRet, what: "\(what).action")
            for (j, name) in rule.names.enumerated() where name.isEmpty {
                throw SeccompError(what: "\(what).names[\(j)]", hint: "an empty system call name")
            }
            names = rule.names
            var conditions: [LibSeccomp.Condition] = []
            var seen: Set<UInt32> = []
            var repeated = false
            for (k, argument) in rule.args.enumerated() {
                let at = "\(what).args[\(k)]"
                guard argument.index < 6 else {
                    throw SeccompError(what: "\(at).index", hint: "\(argument.index) is not an argument: a system call has 6, 0 to 5")
                }
                let op = try SeccompVocabulary.comparison(argument.op, what: "\(at).op")
                conditions.append(LibSeccomp.Condition(index: argument.index, op: op, a: argument.value, b: argument.valueTwo))
                repeated = !seen.insert(argument.index).inserted || repeated
            }
            conditionSets = repeated ? conditions.map { [$0] } : [conditions]
        }
    }
}
