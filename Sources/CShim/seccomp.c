// seccomp(2) and its companions; see include/md_seccomp.h.
#define _GNU_SOURCE
#include "md_seccomp.h"

#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

_Static_assert(MD_SECCOMP_FILTER_FLAG_TSYNC == SECCOMP_FILTER_FLAG_TSYNC, "SECCOMP_FILTER_FLAG_TSYNC");
_Static_assert(MD_SECCOMP_FILTER_FLAG_LOG == SECCOMP_FILTER_FLAG_LOG, "SECCOMP_FILTER_FLAG_LOG");
_Static_assert(MD_SECCOMP_FILTER_FLAG_SPEC_ALLOW == SECCOMP_FILTER_FLAG_SPEC_ALLOW, "SECCOMP_FILTER_FLAG_SPEC_ALLOW");
_Static_assert(MD_SECCOMP_MAX_INSTRUCTIONS == BPF_MAXINSNS, "BPF_MAXINSNS");
_Static_assert(sizeof(struct sock_filter) == 8, "struct sock_filter is 8 bytes");

int md_seccomp_set_filter(const void *instructions, uint32_t count, uint32_t flags) {
    if (count == 0 || count > BPF_MAXINSNS) {
        errno = EINVAL;
        return -1;
    }
    struct sock_fprog program = {
        .len = (unsigned short)count,
        .filter = (struct sock_filter *)instructions,
    };
    long result = syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, flags, &program);
    if (result > 0) { // TSYNC: the id of a thread that could not take the filter
        errno = ESRCH;
        return -1;
    }
    return (int)result;
}


int md_seccomp_mode(void) { return prctl(PR_GET_SECCOMP, 0, 0, 0, 0); }

int md_seccomp_memfd(const char *name) { return memfd_create(name, MFD_CLOEXEC); }
