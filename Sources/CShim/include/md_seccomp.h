// seccomp(2) for installing a compiled system call filter, in the re-executed child just before execve: no
// libseccomp there, no allocation. Glibc has no seccomp() wrapper, Swift cannot call the variadic syscall() or
// prctl(), and Glibc's memfd_create is not exposed to Swift. The flag values are repeated with an MD_ prefix and
// checked against <linux/seccomp.h> in seccomp.c.
#pragma once

#include <stdint.h>

enum {
    MD_SECCOMP_FILTER_FLAG_TSYNC = 1,
    MD_SECCOMP_FILTER_FLAG_LOG = 2,
    MD_SECCOMP_FILTER_FLAG_SPEC_ALLOW = 4,
    /// The most instructions the kernel takes in one filter (BPF_MAXINSNS).
    MD_SECCOMP_MAX_INSTRUCTIONS = 4096,
};

/// seccomp(SECCOMP_SET_MODE_FILTER, flags, &{count, instructions}): installs `count` 8-byte instructions (struct
/// sock_filter) in the calling thread (all threads with TSYNC). 0, or -1 with errno (with TSYNC, a thread that
/// could not be synchronised is reported as ESRCH).
int md_seccomp_set_filter(const void *instructions, uint32_t count, uint32_t flags);

/// prctl(PR_GET_SECCOMP): 0 (none), 2 (filter) of the calling thread, or -1 with errno.
int md_seccomp_mode(void);

/// memfd_create(name, MFD_CLOEXEC): an anonymous file for libseccomp's seccomp_export_bpf to write the program to.
/// The descriptor, or -1 with errno.
int md_seccomp_memfd(const char *name);
