// Processes: pidfds, the parent-death signal, capabilities, identity and descriptor hygiene.
// Raw system calls that Glibc 2.36 does not wrap or does not expose to Swift.
#pragma once

#include <sys/types.h>

/// pidfd_open(2): a descriptor (close-on-exec) that stands for process `pid`, or -1 with errno.
int md_pidfd_open(pid_t pid);

/// pidfd_send_signal(2). 0, or -1 with errno.
int md_pidfd_send_signal(int pidfd, int sig);

/// Waits for the process behind `pidfd` to exit (poll for POLLIN), at most `timeout_ms` milliseconds: -1 for
/// no limit, 0 to ask whether it has exited already. 1 it has, 0 not within the time, -1 with errno on failure.
int md_pidfd_wait_exit(int pidfd, int timeout_ms);

/// prctl(PR_SET_PDEATHSIG, sig): `sig` is sent to the caller when the thread that created it dies.
int md_set_pdeathsig(int sig);

/// Clears the ambient and inheritable capability sets, so that an execve of a non-root user ends with no
/// capabilities (the child of a user namespace raised both to keep its capabilities across its own re-exec).
int md_drop_inherited_caps(void);

/// close_range(first, ~0U, CLOSE_RANGE_CLOEXEC): every descriptor from `first` on is closed at the next execve.
int md_cloexec_from(unsigned int first);

/// Which call of md_set_identity failed.
enum { MD_IDENTITY_SETGROUPS = 1, MD_IDENTITY_SETRESGID = 2, MD_IDENTITY_SETRESUID = 3 };

/// setgroups(count, groups) unless `skip_setgroups`, then setresgid(gid), then setresuid(uid), as raw system
/// calls (the caller is single-threaded). 0, or one of MD_IDENTITY_* with errno set.
int md_set_identity(uid_t uid, gid_t gid, const gid_t *groups, size_t count, int skip_setgroups);

/// The effective user id (geteuid), here so that Swift code need not import more than the shim.
uid_t md_geteuid(void);

/// fork(2), for the container's minimal init (the caller is single-threaded).
pid_t md_fork(void);

/// pipe2(fds, O_CLOEXEC). 0, or -1 with errno.
int md_pipe_cloexec(int fds[2]);

/// prctl(PR_GET_PDEATHSIG): the parent-death signal (0: none), or -1 with errno.
int md_get_pdeathsig(void);

/// prctl(PR_SET_CHILD_SUBREAPER, on): while on, orphaned descendants are reparented to the caller.
int md_set_child_subreaper(int on);
