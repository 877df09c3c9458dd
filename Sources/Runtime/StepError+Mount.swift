import Mounts
import Spec

extension StepError {
    /// This error of a parent loop step (``LoopAttachment``, ``DetachedMount``), said of the spec's
    /// mount it serves: `what` becomes the mount's label (destination, index, source), the call,
    /// errno and hint stay.
    ///
    /// `apply: step 3 (mount /data (mounts[1]: ext4 loop /srv/data.img)): fsconfig(FSCONFIG_CMD_CREATE): Invalid argument: …`
    public func naming(_ mount: ContainerSpec.Mount, index: Int) -> StepError {
        var error = self
        error.what = mount.failureLabel(index: index)
        return error
    }
}
