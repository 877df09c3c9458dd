#define _GNU_SOURCE
#include "md_affinity.h"

#include <fcntl.h>
#include <sched.h>
#include <string.h>
#include <unistd.h>

/// Whether the caller is the only runnable task of the machine: the fourth field of /proc/loadavg, "1/N".
static int runs_alone(void) {
    char text[128];
    int fd = open("/proc/loadavg", O_RDONLY | O_CLOEXEC);
    if (fd < 0) return 0;
    ssize_t n = read(fd, text, sizeof text - 1);
    close(fd);
    if (n <= 0) return 0;
    text[n] = 0;
    int field = 0;
    for (const char *p = text; *p; p++) {
        if (*p == ' ' && ++field == 3) return p[1] == '1' && p[2] == '/';
    }
    return 0;
}

int md_other_cpu(void) {
    // Another CPU helps only if it is idle: one busy with another task would hold the process up longer.
    if (!runs_alone()) return -1;
    cpu_set_t allowed;
    if (sched_getaffinity(0, sizeof allowed, &allowed) != 0) return -1;
    int current = sched_getcpu();
    for (int cpu = 0; cpu < CPU_SETSIZE; cpu++)
        if (cpu != current && CPU_ISSET(cpu, &allowed)) return cpu;
    return -1;
}

/// The affinity md_keep_affinity_of read, and whether there is one (copied into a fork with the rest).
static cpu_set_t kept_affinity;
static int affinity_kept;

int md_keep_affinity_of(pid_t pid) {
    if (sched_getaffinity(pid, sizeof kept_affinity, &kept_affinity) != 0) return -1;
    affinity_kept = 1;
    return 0;
}

int md_restore_affinity(void) {
    if (!affinity_kept) return 0;
    affinity_kept = 0;
    if (sched_setaffinity(0, sizeof kept_affinity, &kept_affinity) == 0) return 0;
    cpu_set_t every;
    memset(&every, 0xff, sizeof every);
    return sched_setaffinity(0, sizeof every, &every);
}
