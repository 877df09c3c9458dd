// Signals: signalfd for the parent's wait loop, sigwaitinfo for the container's minimal init.
#pragma once

#include <signal.h>

/// What md_signalfd_open changed, for md_signalfd_close to put back.
enum { MD_SIGNALFD_MAX = 16 };
struct md_signal_taking {
    sigset_t old_mask;
    int count;
    int signals[MD_SIGNALFD_MAX];
    /// 1 where the signal was ignored: an ignored signal is discarded even while blocked, so it is set to its
    /// default while taken (it is blocked, so the default never runs) and ignored again afterwards.
    int was_ignored[MD_SIGNALFD_MAX];
};

/// Blocks `signals` (at most MD_SIGNALFD_MAX) in the calling thread and returns a signalfd for them, non-blocking
/// and close-on-exec; `taking` records what to put back. -1 with errno (nothing is changed then).
int md_signalfd_open(const int *signals, int count, struct md_signal_taking *taking);

/// The next signal queued on a signalfd: its number, 0 when none is pending, -1 with errno. `*sent_by_kernel` (when
/// not NULL) tells a signal the kernel sent (si_code SI_KERNEL: a key typed at the terminal, a resize) from one a
/// process sent.
int md_signalfd_next(int fd, int *sent_by_kernel);

/// Drops the signals still queued, closes the signalfd, ignores again what was ignored, and restores the mask.
void md_signalfd_close(int fd, const struct md_signal_taking *taking);

/// Every signal's disposition back to its default (SIGKILL and SIGSTOP aside; the ones glibc reserves fail
/// harmlessly): what a process started for the container does first, so that nothing its starter ignored stays
/// ignored. Raw system calls only: md_spawn calls it between clone and execve.
void md_reset_signal_dispositions(void);

/// Blocks every signal in the calling thread (init: signals are then taken with md_wait_any_signal).
int md_block_all_signals(void);

/// Unblocks every signal in the calling thread (handlers stay: execve resets them).
int md_unblock_all_signals(void);

/// sigwaitinfo(2) on every signal: the number of the next one, retrying EINTR. -1 with errno.
int md_wait_any_signal(void);
