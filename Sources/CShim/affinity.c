#define _GNU_SOURCE
#include "md_affinity.h"

#include <sched.h>

int md_other_cpu(void) {
    cpu_set_t allowed;
    if (sched_getaffinity(0, sizeof allowed, &allowed) != 0) return -1;
    int current = sched_getcpu();
    for (int cpu = 0; cpu < CPU_SETSIZE; cpu++)
        if (cpu != current && CPU_ISSET(cpu, &allowed)) return cpu;
    return -1;
}

int md_take_affinity_of(pid_t pid) {
    cpu_set_t allowed;
    if (sched_getaffinity(pid, sizeof allowed, &allowed) != 0) return -1;
    return sched_setaffinity(0, sizeof allowed, &allowed);
}
