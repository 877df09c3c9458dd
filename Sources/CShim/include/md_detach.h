// Starting the monitor of a detached container (`mydocker apply --detach`) as a daemon.
//
// Why C: the monitor must not be our child (a double fork) and must run in its own session; Swift cannot
// fork safely. Between fork and execve only raw system calls run; an exec failure travels back over a
// close-on-exec pipe.
#pragma once

#include <stdint.h>
#include <sys/types.h>

enum md_detach_stage {
    MD_DETACH_STAGE_NONE = 0,
    MD_DETACH_STAGE_PIPE = 1,   // pipe2()
    MD_DETACH_STAGE_FORK = 2,   // first fork()
    MD_DETACH_STAGE_SETSID = 3, // setsid() in the intermediate process
    MD_DETACH_STAGE_FORK2 = 4,  // second fork()
    MD_DETACH_STAGE_DUP2 = 5,   // dup2() of stdin/stdout/stderr/the extra descriptor
    MD_DETACH_STAGE_EXEC = 6,   // execve()
    MD_DETACH_STAGE_LOST = 7,   // the intermediate process died without saying why (err = wait status)
};

struct md_detach_result {
    int32_t stage;
    int32_t err;
    /// The daemon's pid when it was started.
    int32_t pid;
};

/// Runs `path` with `argv`/`envp` in a new session, reparented away from us (double fork), with stdin from
/// `stdin_fd`, stdout and stderr to `out_fd`, `extra_fd` as descriptor 3, and every other descriptor closed.
/// Returns once the daemon has exec'd: 0 with result->pid, or -1 with result->stage and err.
int md_detach_spawn(const char *path, const char *const *argv, const char *const *envp,
                    int stdin_fd, int out_fd, int extra_fd, struct md_detach_result *result);
