/// A failure reported by the child (`mydocker init`) over descriptor 4: step (UInt32, 0 for none), errno (Int32),
/// then what, system call and hint as strings (empty for none). The one definition of the layout: the C code between
/// clone and execve reports its own failures to the parent as md_spawn_failure (see ``SpawnFailure``).
enum FailureRecord {
    static func encode(_ error: StepError) -> [UInt8] {
        var w = WireWriter()
        w.u32(UInt32(clamping: error.step ?? 0))
        w.i32(error.errno)
        w.string(error.what)
        w.string(error.syscall ?? "")
        w.string(error.hint ?? "")
        return w.bytes
    }

    /// The first record in `bytes` (a child writes at most one), or nil when the bytes are not one.
    static func decode(_ bytes: [UInt8]) -> StepError? {
        var r = WireReader(bytes)
        do throws(WireError) {
            let step = try r.u32()
            let err = try r.i32()
            let what = try r.string()
            let call = try r.string()
            let hint = try r.string()
            return StepError(step: step == 0 ? nil : Int(step), what: what, syscall: call.isEmpty ? nil : call,
                             errno: err, hint: hint.isEmpty ? nil : hint)
        } catch {
            return nil
        }
    }
}
