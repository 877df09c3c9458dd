// Processes: pidfds, the parent-death signal, capabilities, identity and descriptor hygiene.
// Raw system calls that Glibc 2.36 does not wrap or does not expose to Swift.
#pragma once

#include <sys/types.h>

/// pidfd_open(2): a descriptor (close-on-exec) that stands for process `pid`, or -1 with errno.
int md_pidfd_open(pid_t pid);

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

/// Which call of md_spawn_vfork failed.
enum { MD_SPAWN_CLONE = 1, MD_SPAWN_SETSID = 2, MD_SPAWN_TIOCSCTTY = 3, MD_SPAWN_CAPSET = 4, MD_SPAWN_EXECVE = 5 };

/// The container's process under the minimal init, without copying the caller's address space:
/// clone(CLONE_VM | CLONE_VFORK | SIGCHLD) on a small stack of its own. The new process only makes system calls:
/// it unblocks every signal, takes descriptor 0 as its controlling terminal when `make_tty` (setsid, then
/// ioctl(TIOCSCTTY)), drops the inherited capabilities (md_drop_inherited_caps), then execve's each of the
/// `count` candidates in turn with execvp's rules (ENOENT, ENOTDIR, ESTALE, ENODEV, ETIMEDOUT and EACCES go on
/// to the next one; EACCES is reported if any candidate gave it). The caller resumes once the process has
/// exec'd or exited, so the result is known: its pid, or -1 with `*failed_call` (MD_SPAWN_*) and
/// `*failed_errno` set, the failed process already reaped. The caller must be single-threaded.
pid_t md_spawn_vfork(const char *const *candidates, size_t count, char *const *argv, char *const *envp,
                     int make_tty, int *failed_errno, int *failed_call);
