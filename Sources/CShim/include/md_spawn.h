// Starting a process: mydocker's one spawner, for apply's child (`mydocker init` in new namespaces), the minimal
// init's container process, `mydocker exec`'s command and a detached container's monitor.
//
// Why C: Swift cannot fork safely (the runtime may hold locks in other threads), and setns(2) of user and mount
// namespaces needs a single-threaded caller. Everything between clone and execve is a raw system call: no malloc,
// no locks, nothing that is not async-signal-safe.
//
// The process is made in one of two ways:
//   - vfork-style (nothing to join, not detached): clone(CLONE_VM | CLONE_VFORK | clone_flags) on a stack carved
//     from md_spawn's frame, as posix_spawn does; the caller sleeps until the execve or the exit, nothing of its
//     address space is copied, and a failure is written straight into the caller's `md_spawn_failure`.
//   - through an intermediate process (joins, or detach): md_spawn forks it; it joins the namespaces in order
//     (setns), then clones the process (with CLONE_PARENT, so that it is the caller's own child, its parent-death
//     signal follows the caller and a joined pid namespace holds it; when detached, after setsid() and without
//     CLONE_PARENT: the classic double fork of a daemon), sends its pid back and exits. Failures travel back over a
//     close-on-exec pipe as a `md_spawn_failure`.
// Either way md_spawn returns once the process has exec'd (or failed, and been reaped when it was our child).
//
// In the process, in this order:
//   0. the CPU (`cpu`), when one is given;
//   1. every signal unblocked, every handler back to its default when `reset_signal_handlers`;
//   2. the parent-death signal (`parent_death_signal`), and an exit if the caller is already gone;
//   3. fchdir(root_fd) and chroot(".") when `root_fd` >= 0;
//   4. the descriptor table (md_install_fd_table): `fds[i]` becomes descriptor i (-1: closed; i itself: kept), for
//      i < `fd_count`, and every descriptor from `fd_count` on is closed at the execve: nothing else crosses it;
//   5. the session: setsid(), and descriptor 0 as the controlling terminal (ioctl(TIOCSCTTY)) when asked;
//   6. unshare(CLONE_NEWTIME) when `clone_flags` has it (clone(2) cannot take it: the execve enters it);
//   7. chdir(cwd) when `cwd` is set, tried before the identity change (a directory only root may enter) and again
//      after it; setgroups (an EPERM for an empty list is no failure: a user namespace whose setgroups is "deny"
//      refuses even that), setresgid, setresuid when `set_identity`;
//   8. the capabilities (`capabilities`): kept across the execve (raised into the inheritable and ambient sets, for
//      a process of a new user namespace whose uid is not mapped yet), or the inherited ones dropped;
//   8a. the system call filter (`seccomp_filter`), installed last, so that nothing before it is filtered;
//   with a `confinement` (md_spawn_confine.h, exec's): the cgroups joined first of all (step 0), the rlimits, the
//   bounding set and PR_SET_KEEPCAPS right before step 7's setgroups (and the filter there too, without
//   no_new_privs), then capset, the ambient set, no_new_privs and the exec labels in place of step 8;
//   9. execveat(exec_fd, "", AT_EMPTY_PATH) when `exec_fd` >= 0, else execve of each of the `candidates` in turn
//      with execvp's rules: ENOENT, ENOTDIR, ESTALE, ENODEV, ETIMEDOUT and EACCES go on to the next one; EACCES is
//      reported if any candidate gave it.
#pragma once

#include <stdint.h>
#include <sys/types.h>

#include "md_spawn_confine.h"

/// Where starting the process failed: the system call, named by the Swift side's one table (SpawnFailure).
enum md_spawn_stage {
    MD_SPAWN_STAGE_NONE = 0,
    MD_SPAWN_STAGE_PIPE = 1,         // pipe2() of the report pipe, in the caller
    MD_SPAWN_STAGE_CLONE = 2,        // clone(): index 0 by the caller, 1 by the intermediate process
    MD_SPAWN_STAGE_PDEATHSIG = 3,    // prctl(PR_SET_PDEATHSIG)
    MD_SPAWN_STAGE_SETNS = 4,        // setns(join_fds[index], join_types[index])
    MD_SPAWN_STAGE_SETSID = 5,       // setsid(): index 0 in the process, 1 in the intermediate (detach)
    MD_SPAWN_STAGE_FCHDIR = 6,       // fchdir(root_fd)
    MD_SPAWN_STAGE_CHROOT = 7,       // chroot(".")
    MD_SPAWN_STAGE_DUPFD = 8,        // fcntl(F_DUPFD_CLOEXEC) moving a descriptor out of the table's way
    MD_SPAWN_STAGE_DUP2 = 9,         // dup2() onto descriptor `index`
    MD_SPAWN_STAGE_CLOSE_RANGE = 10, // close_range(CLOSE_RANGE_CLOEXEC)
    MD_SPAWN_STAGE_TIOCSCTTY = 11,   // ioctl(0, TIOCSCTTY)
    MD_SPAWN_STAGE_UNSHARE = 12,     // unshare(CLONE_NEWTIME)
    MD_SPAWN_STAGE_SETGROUPS = 13,   // setgroups()
    MD_SPAWN_STAGE_SETRESGID = 14,   // setresgid()
    MD_SPAWN_STAGE_SETRESUID = 15,   // setresuid()
    MD_SPAWN_STAGE_CHDIR = 16,       // chdir(cwd)
    MD_SPAWN_STAGE_KEEP_CAPS = 17,   // capset() / prctl(PR_CAP_AMBIENT_RAISE)
    MD_SPAWN_STAGE_DROP_CAPS = 18,   // prctl(PR_CAP_AMBIENT_CLEAR_ALL) / capset()
    MD_SPAWN_STAGE_EXEC = 19,        // execve(candidates[index]) or execveat(exec_fd)
    MD_SPAWN_STAGE_LOST = 20,        // the intermediate process died without a word (err: its wait status)
    MD_SPAWN_STAGE_ATTR = 21,        // the attributes are out of range (err: E2BIG)
    MD_SPAWN_STAGE_SETFD = 22,       // fcntl(F_SETFD) clearing close-on-exec of a descriptor the table keeps
    MD_SPAWN_STAGE_SECCOMP = 23,     // seccomp(SECCOMP_SET_MODE_FILTER)
    // The confinement (md_spawn_confine.h):
    MD_SPAWN_STAGE_CGROUP = 24,      // write("0") to confinement->cgroup_fds[index]
    MD_SPAWN_STAGE_RLIMIT = 25,      // prlimit() of confinement->rlimit_resources[index]
    MD_SPAWN_STAGE_CAP_LAST = 26,    // prctl(PR_CAPBSET_READ) finding the last capability
    MD_SPAWN_STAGE_CAPBSET = 27,     // prctl(PR_CAPBSET_DROP, index)
    MD_SPAWN_STAGE_KEEPCAPS = 28,    // prctl(PR_SET_KEEPCAPS, index)
    MD_SPAWN_STAGE_CAPSET = 29,      // capset()
    MD_SPAWN_STAGE_AMBIENT = 30,     // prctl(PR_CAP_AMBIENT): CLEAR_ALL (index -1) or RAISE of capability index
    MD_SPAWN_STAGE_NO_NEW_PRIVS = 31,// prctl(PR_SET_NO_NEW_PRIVS)
    MD_SPAWN_STAGE_EXEC_LABEL = 32,  // open or write /proc/self/attr/…/exec: index 0 AppArmor, 1 SELinux
};

/// Why md_spawn failed: the stage, which one of several (a join, a candidate, a descriptor), and errno.
struct md_spawn_failure {
    int32_t stage;
    int32_t index;
    int32_t err;
};

enum {
    /// `session`: setsid() in the process; setsid() and descriptor 0 (after the table) as its controlling terminal.
    MD_SPAWN_SESSION_KEEP = 0,
    MD_SPAWN_SESSION_NEW = 1,
    MD_SPAWN_SESSION_TERMINAL = 2,
    /// `capabilities`.
    MD_SPAWN_CAPS_UNCHANGED = 0,
    MD_SPAWN_CAPS_KEEP = 1,
    MD_SPAWN_CAPS_DROP_INHERITED = 2,
    /// The largest `fd_count` (MD_FD_TABLE_MAX) and `join_count`.
    MD_SPAWN_MAX_FDS = 256,
    MD_SPAWN_MAX_JOINS = 16,
};

struct md_spawn_attr {
    /// MD_CLONE_NEW* namespaces the process is made in (MD_CLONE_NEWTIME: unshared right before the execve).
    int clone_flags;
    /// Namespace files to join first, in order, with their MD_CLONE_NEW* kind (0: any), in an intermediate process.
    const int *join_fds;
    const int *join_types;
    int join_count;
    /// The process is not our child: an intermediate process calls setsid() and forks it (a daemon).
    int detach;
    /// Sent to the process when the caller's thread dies (0: none).
    int parent_death_signal;
    /// A CPU the process is moved to alone before anything else (sched_setaffinity, a hint: a failure is no
    /// failure), so that it runs beside the caller rather than after it (md_affinity.h); -1 to leave it.
    int cpu;
    /// Every handler back to SIG_DFL (the mask is always emptied).
    int reset_signal_handlers;
    /// /proc/PID/root of another process, to take as root (fchdir and chroot); -1 keeps ours.
    int root_fd;
    /// The descriptor table: fds[i] becomes descriptor i (-1: closed, i: kept as it is); every descriptor from
    /// fd_count on is closed at the execve (fd_count 0: all of them).
    const int *fds;
    int fd_count;
    /// MD_SPAWN_SESSION_*.
    int session;
    /// setgroups(groups), setresgid(gid), setresuid(uid) when set.
    int set_identity;
    uint32_t uid;
    uint32_t gid;
    const uint32_t *groups;
    int group_count;
    /// The working directory, NULL to keep it.
    const char *cwd;
    /// MD_SPAWN_CAPS_*.
    int capabilities;
    /// A compiled system call filter (struct sock_filter[seccomp_count]) installed right before the execve with
    /// seccomp(2) and `seccomp_flags`; NULL for none.
    const void *seccomp_filter;
    uint32_t seccomp_count;
    uint32_t seccomp_flags;
    /// A container's confinement to take (md_spawn_confine.h), NULL for none.
    const struct md_spawn_confinement *confinement;
    /// The file to execute, opened (execveat with AT_EMPTY_PATH); -1 to try the candidates instead.
    int exec_fd;
    /// Paths to execve, in order (ExecSearch computes them from PATH).
    const char *const *candidates;
    int candidate_count;
    /// NULL-terminated.
    const char *const *argv;
    const char *const *envp;
};

/// Every field zero or NULL, except root_fd, exec_fd and cpu, -1.
void md_spawn_attr_init(struct md_spawn_attr *attr);

/// Starts the process `attr` describes. Its pid (> 0; when detached, no child of ours), or -1 with `failure` set.
/// The caller's signal mask and handlers are left as they were.
pid_t md_spawn(const struct md_spawn_attr *attr, struct md_spawn_failure *failure);

/// execve of each of `count` candidates in turn with execvp's rules: ENOENT, ENOTDIR, ESTALE, ENODEV and ETIMEDOUT
/// go on to the next one, EACCES too but is reported if no later candidate runs; any other errno stops. Returns
/// only on failure: the errno as execvp would report it, and in `*failed_index` the candidate it is about.
/// Raw system calls only (the one rule for md_spawn's process and for the child's own final execve).
int md_execve_candidates(const char *const *candidates, int count, const char *const *argv,
                         const char *const *envp, int *failed_index);

