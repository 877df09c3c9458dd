#define _GNU_SOURCE
#include "md_signal.h"

#include <errno.h>
#include <pthread.h>
#include <string.h>
#include <sys/signalfd.h>
#include <unistd.h>

int md_signalfd_open(const int *signals, int count, sigset_t *old) {
    sigset_t set;
    sigemptyset(&set);
    for (int i = 0; i < count; i++) sigaddset(&set, signals[i]);
    int err = pthread_sigmask(SIG_BLOCK, &set, old);
    if (err != 0) {
        errno = err;
        return -1;
    }
    int fd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
    if (fd < 0) {
        int saved = errno;
        pthread_sigmask(SIG_SETMASK, old, NULL);
        errno = saved;
    }
    return fd;
}

int md_signalfd_next(int fd) {
    struct signalfd_siginfo info;
    for (;;) {
        ssize_t n = read(fd, &info, sizeof info);
        if (n == (ssize_t)sizeof info) return (int)info.ssi_signo;
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && errno == EAGAIN) return 0;
        if (n >= 0) errno = EIO;
        return -1;
    }
}

int md_sigmask_restore(const sigset_t *old) {
    int err = pthread_sigmask(SIG_SETMASK, old, NULL);
    if (err != 0) {
        errno = err;
        return -1;
    }
    return 0;
}

int md_block_all_signals(void) {
    sigset_t all;
    sigfillset(&all);
    return sigprocmask(SIG_SETMASK, &all, NULL);
}

int md_reset_signals(void) {
    struct sigaction dfl;
    memset(&dfl, 0, sizeof dfl);
    dfl.sa_handler = SIG_DFL;
    for (int sig = 1; sig < NSIG; sig++) {
        if (sig == SIGKILL || sig == SIGSTOP) continue;
        sigaction(sig, &dfl, NULL); // fails harmlessly for the signals glibc reserves
    }
    sigset_t none;
    sigemptyset(&none);
    return sigprocmask(SIG_SETMASK, &none, NULL);
}

int md_unblock_all_signals(void) {
    sigset_t none;
    sigemptyset(&none);
    return sigprocmask(SIG_SETMASK, &none, NULL);
}

int md_wait_any_signal(void) {
    sigset_t all;
    sigfillset(&all);
    for (;;) {
        int sig = sigwaitinfo(&all, NULL);
        if (sig >= 0 || errno != EINTR) return sig;
    }
}
