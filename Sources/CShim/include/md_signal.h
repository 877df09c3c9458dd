// Signals: signalfd for the parent's wait loop, sigwaitinfo for the container's minimal init.
#pragma once

#include <signal.h>

/// Blocks `signals` in the calling thread (`old` receives the previous mask) and returns a signalfd for them,
/// non-blocking and close-on-exec. -1 with errno (the mask is then unchanged).
int md_signalfd_open(const int *signals, int count, sigset_t *old);

/// The next signal queued on a signalfd: its number, 0 when none is pending, -1 with errno.
int md_signalfd_next(int fd);

/// Sets the calling thread's signal mask back to `old`.
int md_sigmask_restore(const sigset_t *old);

/// Blocks every signal in the calling thread (init: signals are then taken with md_wait_any_signal).
int md_block_all_signals(void);

/// Unblocks every signal in the calling thread and resets every handler to its default (the process
/// that execs must not inherit init's mask).
int md_reset_signals(void);

/// Unblocks every signal in the calling thread (handlers stay: execve resets them).
int md_unblock_all_signals(void);

/// sigwaitinfo(2) on every signal: the number of the next one, retrying EINTR. -1 with errno.
int md_wait_any_signal(void);
