import Spec

extension Step: CustomStringConvertible {
    /// `step 7 (sethostname "box")`: how apply's error messages name a step.
    public var description: String { "step \(number) (\(action.description))" }

    /// `{"number": 7, "actor": "child", "action": "setHostname", "description": "sethostname \"box\"", "hostname": "box"}`
    public var json: JSONValue {
        .object([
            ("number", .int(Int64(number))),
            ("actor", .string(actor.rawValue)),
            ("action", .string(action.name)),
            ("description", .string(action.description)),
        ] + action.jsonFields)
    }
}

extension Plan {
    /// The plan as a numbered list people can read, one step a line: number, actor, description.
    ///
    ///       1  parent  preflight: running as root, uts namespace supported
    ///       2  parent  clone(CLONE_NEWUTS)
    ///       3  child   wait for the parent
    ///       4  child   sethostname "box"
    public func renderText() -> String {
        let width = String(steps.count).count
        return steps.map { step in
            let number = String(step.number)
            let actor = step.actor.rawValue
            return "  " + String(repeating: " ", count: max(0, width - number.count)) + number + "  "
                + actor + String(repeating: " ", count: max(0, 6 - actor.count)) + "  " + step.action.description + "\n"
        }.joined()
    }

    /// `{"spec": FILE, "steps": [...]}`, each step as ``Step/json``. FILE is the spec's `source.file`.
    public var json: JSONValue {
        .object([("spec", .string(spec.source.file)), ("steps", .array(steps.map(\.json)))])
    }

    /// ``json`` as text, two-space indented, with a final newline.
    public func renderJSON() -> String { json.rendered() + "\n" }
}
