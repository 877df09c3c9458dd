// The confinement of a process md_spawn starts inside a running container (`mydocker exec`): the container's
// cgroup, resource limits, capability sets, no_new_privs and security labels, applied in md_spawn's process with
// raw system calls, in runc's order around the identity change (its setns init). The seccomp filter is md_spawn's
// own `seccomp_filter`.
#pragma once

#include <stdint.h>

/// The largest `cgroup_count` and `rlimit_count`.
enum { MD_SPAWN_MAX_CGROUPS = 32, MD_SPAWN_MAX_RLIMITS = 32 };

struct md_spawn_confinement {
    /// Open `cgroup.procs` files of the container's cgroup, one per hierarchy: "0" is written to each, which moves
    /// the writer itself, before anything else of md_spawn's process runs (and before its descriptor table closes
    /// them). Permission is checked against the opener, so they work from inside the joined namespaces.
    const int *cgroup_fds;
    int cgroup_count;
    /// prlimit(0, resources[i], {soft[i], hard[i]}), before the identity change (raising a hard limit needs
    /// CAP_SYS_RESOURCE, as runc's parent has when it sets them).
    const int *rlimit_resources;
    const uint64_t *rlimit_soft;
    const uint64_t *rlimit_hard;
    int rlimit_count;
    /// The capability sets (bit N: capability N): the bounding set limited and PR_SET_KEEPCAPS before setresuid;
    /// capset and the ambient set after it. 0 leaves the capabilities as they are.
    int set_capabilities;
    uint64_t cap_bounding;
    uint64_t cap_effective;
    uint64_t cap_permitted;
    uint64_t cap_inheritable;
    uint64_t cap_ambient;
    /// prctl(PR_SET_NO_NEW_PRIVS, 1), after the capabilities. Without it, md_spawn installs `seccomp_filter` before
    /// the identity change, while the process still holds CAP_SYS_ADMIN (seccomp(2) needs one or the other).
    int no_new_privs;
    /// AppArmor's profile (written as "exec PROFILE" to /proc/self/attr/apparmor/exec, or /proc/self/attr/exec on
    /// a kernel without per-module files) and SELinux's label (to /proc/self/attr/exec): NULL for none.
    const char *apparmor_profile;
    const char *selinux_label;
};

/// What failed in one of the functions below: md_spawn turns it into its stage and index.
struct md_confine_failure {
    int stage;  // an MD_SPAWN_STAGE_*
    int index;
    int err;
};

/// Writes "0" to each cgroup.procs descriptor. 0, or -1 with `failure`.
int md_confine_join_cgroups(const struct md_spawn_confinement *c, struct md_confine_failure *failure);

/// The resource limits, then the bounding set and PR_SET_KEEPCAPS: what comes before setresuid. 0, or -1.
int md_confine_before_identity(const struct md_spawn_confinement *c, struct md_confine_failure *failure);

/// capset and the ambient set, no_new_privs, the exec labels: what comes after setresuid. 0, or -1.
int md_confine_after_identity(const struct md_spawn_confinement *c, struct md_confine_failure *failure);
