// CPU affinity, for the zygote's start-up (Runtime/Zygote.swift): on a machine whose scheduler keeps a new process on
// its parent's CPU, the zygote's start (the C library's and the Swift runtime's, about 0.3 ms) would run after apply's
// own work instead of beside it. Started on another CPU, it runs in parallel and stays there until it forks (a pipe
// write from apply would otherwise wake it on apply's CPU, behind apply's cgroup work, while its own sits idle); the
// fork takes back the affinity of the process that started it, so that nothing of this reaches the container.
#pragma once

#include <sys/types.h>

/// A CPU the caller may run on other than the one it runs on now, when the caller is the machine's only runnable
/// task (/proc/loadavg), so that the other CPUs are idle; else -1.
int md_other_cpu(void);

/// The CPU affinity of process `pid` (the zygote's parent), kept for md_restore_affinity while the caller stays
/// where it is: in the zygote's fork, which may no longer see the process it came from (a new pid namespace). 0, or
/// -1 with errno (nothing kept then).
int md_keep_affinity_of(pid_t pid);

/// The affinity md_keep_affinity_of kept, back (in the caller or a fork of it); when the kernel refuses it (a CPU
/// gone offline meanwhile), every CPU the caller's cpuset allows. Nothing when nothing was kept. 0, or -1 with errno.
int md_restore_affinity(void);
