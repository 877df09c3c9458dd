// CPU affinity, for the zygote's start-up (Runtime/Zygote.swift): on a machine whose scheduler keeps a new process on
// its parent's CPU, the zygote's start (the C library's and the Swift runtime's, about 0.3 ms) would run after apply's
// own work instead of beside it. Started on another CPU, it runs in parallel, and then takes back the affinity of the
// process that started it, so that nothing of this reaches the container.
#pragma once

#include <sys/types.h>

/// A CPU the caller may run on other than the one it runs on now, when the caller is the machine's only runnable
/// task (/proc/loadavg), so that the other CPUs are idle; else -1.
int md_other_cpu(void);

/// The caller takes the CPU affinity of process `pid` (its parent's, for the zygote). 0, or -1 with errno.
int md_take_affinity_of(pid_t pid);
