#include "md_confine.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

int md_cap_last_cap(void) {
    // PR_CAPBSET_READ answers EINVAL for a capability the kernel does not know: no /proc needed (the child may
    // have none once it has pivoted into its root).
    int cap = 40;  // CAP_CHECKPOINT_RESTORE, Linux 5.9
    if (prctl(PR_CAPBSET_READ, (unsigned long)cap, 0, 0, 0) >= 0) {
        while (cap < 63 && prctl(PR_CAPBSET_READ, (unsigned long)(cap + 1), 0, 0, 0) >= 0) cap++;
        return cap;
    }
    while (cap > 0 && prctl(PR_CAPBSET_READ, (unsigned long)cap, 0, 0, 0) < 0) {
        if (errno != EINVAL) return -1;
        cap--;
    }
    return cap;
}

int md_limit_bounding_set(uint64_t keep, int last_cap, int *failed_cap) {
    for (int cap = 0; cap <= last_cap && cap < 64; cap++) {
        if (keep & (1ULL << cap)) continue;
        if (prctl(PR_CAPBSET_DROP, (unsigned long)cap, 0, 0, 0) != 0) {
            *failed_cap = cap;
            return -1;
        }
    }
    return prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0);
}

int md_set_capabilities(uint64_t effective, uint64_t permitted, uint64_t inheritable, uint64_t ambient, int last_cap,
                        int *failed_cap) {
    if (prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0) != 0) return 1;
    struct __user_cap_header_struct header = {.version = _LINUX_CAPABILITY_VERSION_3, .pid = 0};
    struct __user_cap_data_struct data[2] = {
        {.effective = (uint32_t)effective, .permitted = (uint32_t)permitted, .inheritable = (uint32_t)inheritable},
        {.effective = (uint32_t)(effective >> 32), .permitted = (uint32_t)(permitted >> 32),
         .inheritable = (uint32_t)(inheritable >> 32)},
    };
    if (syscall(SYS_capset, &header, data) != 0) return 2;
    if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) != 0) return 3;
    for (int cap = 0; cap <= last_cap && cap < 64; cap++) {
        if (!(ambient & (1ULL << cap))) continue;
        // EPERM: not both permitted and inheritable. runc and crun go on without it (runc spec's own config lists
        // ambient capabilities that are not inheritable), and lint warns.
        if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, (unsigned long)cap, 0, 0) != 0 && errno != EPERM) {
            *failed_cap = cap;
            return 4;
        }
    }
    return 0;
}

int md_get_capabilities(uint64_t *effective, uint64_t *permitted, uint64_t *inheritable) {
    struct __user_cap_header_struct header = {.version = _LINUX_CAPABILITY_VERSION_3, .pid = 0};
    struct __user_cap_data_struct data[2];
    if (syscall(SYS_capget, &header, data) != 0) return -1;
    *effective = (uint64_t)data[1].effective << 32 | data[0].effective;
    *permitted = (uint64_t)data[1].permitted << 32 | data[0].permitted;
    *inheritable = (uint64_t)data[1].inheritable << 32 | data[0].inheritable;
    return 0;
}

int md_set_no_new_privs(void) { return prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0); }

int md_set_rlimit(int resource, uint64_t soft, uint64_t hard) {
    struct { uint64_t rlim_cur, rlim_max; } limit = {.rlim_cur = soft, .rlim_max = hard};  // the kernel's struct rlimit64
    return (int)syscall(SYS_prlimit64, 0, resource, &limit, NULL);
}

int md_set_personality(unsigned long persona) {
    long previous = syscall(SYS_personality, persona);
    return previous == -1 ? -1 : 0;
}

int md_set_io_priority(int io_class, int level) {
    return (int)syscall(SYS_ioprio_set, 1 /* IOPRIO_WHO_PROCESS */, 0, (io_class << 13) | level);
}

struct md_sched_attr {
    uint32_t size;
    uint32_t sched_policy;
    uint64_t sched_flags;
    int32_t sched_nice;
    uint32_t sched_priority;
    uint64_t sched_runtime;
    uint64_t sched_deadline;
    uint64_t sched_period;
    uint32_t sched_util_min;
    uint32_t sched_util_max;
};

int md_set_scheduler(uint32_t policy, uint64_t flags, int32_t nice, uint32_t priority, uint64_t runtime, uint64_t deadline,
                     uint64_t period) {
    struct md_sched_attr attr = {
        .size = sizeof attr, .sched_policy = policy, .sched_flags = flags, .sched_nice = nice,
        .sched_priority = priority, .sched_runtime = runtime, .sched_deadline = deadline, .sched_period = period,
    };
    return (int)syscall(SYS_sched_setattr, 0, &attr, 0);
}
