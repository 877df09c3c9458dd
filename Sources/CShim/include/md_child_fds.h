// The descriptor numbers of mydocker's re-executed child (`mydocker init`), laid out by the parent's descriptor
// table for md_spawn (ParentSession+Spawn.swift) and read by the child and its init: the one place they are defined.
#pragma once

enum {
    /// The child's steps, read until end of file (which is also the go signal).
    MD_CHILD_PROGRAM_FD = 3,
    /// The failure record the child writes back; end of file with nothing means the process was exec'd.
    MD_CHILD_REPORT_FD = 4,
    /// The minimal init's record of how the container's process ended (see ProcessExit), written before init
    /// exits, so that a process killed by signal N is not taken for one that exited with 128 + N.
    MD_CHILD_EXIT_FD = 5,
    /// The first of the descriptors passed on (detached mounts), in order.
    MD_CHILD_FIRST_PASSED_FD = 6,
};
