// Confinement of the container's process: capabilities, no_new_privs, resource limits, scheduling, personality.
// Raw system calls and prctl options that Glibc 2.36 does not wrap or does not expose to Swift.
#pragma once

#include <stdint.h>

/// The highest capability number the running kernel knows (what /proc/sys/kernel/cap_last_cap says, found with
/// PR_CAPBSET_READ, without /proc), or -1 with errno.
int md_cap_last_cap(void);

/// Drops every capability whose bit is clear in `keep` from the bounding set (PR_CAPBSET_DROP, up to
/// `last_cap`), then sets PR_SET_KEEPCAPS so that the permitted set survives the identity change that follows.
/// 0, or -1 with errno and the capability being dropped in `*failed_cap`.
int md_limit_bounding_set(uint64_t keep, int last_cap, int *failed_cap);

/// Clears PR_SET_KEEPCAPS, sets the effective, permitted and inheritable sets with capset(2), then makes the
/// ambient set exactly `ambient` (PR_CAP_AMBIENT_CLEAR_ALL, then PR_CAP_AMBIENT_RAISE for each bit up to
/// `last_cap`; one that is not both permitted and inheritable is left out, as runc and crun do). 0, or which call failed (1 prctl(KEEPCAPS), 2 capset, 3 ambient clear, 4 ambient raise) with
/// errno, the capability in `*failed_cap` for 4.
int md_set_capabilities(uint64_t effective, uint64_t permitted, uint64_t inheritable, uint64_t ambient, int last_cap,
                        int *failed_cap);

/// The capability sets of the calling process: 0 with the masks filled in, or -1 with errno.
int md_get_capabilities(uint64_t *effective, uint64_t *permitted, uint64_t *inheritable);

/// prctl(PR_SET_NO_NEW_PRIVS, 1).
int md_set_no_new_privs(void);

/// prlimit(0, resource, {soft, hard}, NULL).
int md_set_rlimit(int resource, uint64_t soft, uint64_t hard);

/// personality(2) with `persona`; 0, or -1 with errno.
int md_set_personality(unsigned long persona);

/// ioprio_set(IOPRIO_WHO_PROCESS, 0, class << 13 | level).
int md_set_io_priority(int io_class, int level);

/// sched_setattr(0, attr, 0) with these fields (struct sched_attr, size 56).
int md_set_scheduler(uint32_t policy, uint64_t flags, int32_t nice, uint32_t priority, uint64_t runtime, uint64_t deadline,
                     uint64_t period);
