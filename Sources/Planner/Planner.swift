// INTERFACE STUB — replaced by the planner work (issue 3). Signatures are the contract.
import Spec

public enum Planner {
    /// The ordered steps that carry `spec` out. Pure: reads nothing from the host, changes nothing.
    public static func plan(_ spec: ContainerSpec) -> Plan {
        Plan(spec: spec, steps: [])
    }
}
