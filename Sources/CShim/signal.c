#define _GNU_SOURCE
#include "md_signal.h"

#include <errno.h>
#include <pthread.h>
#include <string.h>
#include <sys/signalfd.h>
#include <unistd.h>

int md_signalfd_open(const int *signals, int count, struct md_signal_taking *taking) {
    if (count < 0 || count > MD_SIGNALFD_MAX) {
        errno = EINVAL;
        return -1;
    }
    memset(taking, 0, sizeof *taking);
    sigset_t set;
    sigemptyset(&set);
    for (int i = 0; i < count; i++) sigaddset(&set, signals[i]);
    int err = pthread_sigmask(SIG_BLOCK, &set, &taking->old_mask);
    if (err != 0) {
        errno = err;
        return -1;
    }
    int fd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
    if (fd < 0) {
        int saved = errno;
        pthread_sigmask(SIG_SETMASK, &taking->old_mask, NULL);
        errno = saved;
        return -1;
    }
    taking->count = count;
    for (int i = 0; i < count; i++) {
        taking->signals[i] = signals[i];
        struct sigaction current;
        if (sigaction(signals[i], NULL, &current) == 0 && current.sa_handler == SIG_IGN) {
            struct sigaction dfl;
            memset(&dfl, 0, sizeof dfl);
            dfl.sa_handler = SIG_DFL;
            taking->was_ignored[i] = sigaction(signals[i], &dfl, NULL) == 0;
        }
    }
    return fd;
}

int md_signalfd_next(int fd, int *sent_by_kernel) {
    struct signalfd_siginfo info;
    for (;;) {
        ssize_t n = read(fd, &info, sizeof info);
        if (n == (ssize_t)sizeof info) {
            if (sent_by_kernel != NULL) *sent_by_kernel = info.ssi_code == SI_KERNEL;
            return (int)info.ssi_signo;
        }
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && errno == EAGAIN) return 0;
        if (n >= 0) errno = EIO;
        return -1;
    }
}

void md_signalfd_close(int fd, const struct md_signal_taking *taking) {
    while (md_signalfd_next(fd, NULL) > 0) {}
    close(fd);
    struct sigaction ign;
    memset(&ign, 0, sizeof ign);
    ign.sa_handler = SIG_IGN;
    for (int i = 0; i < taking->count; i++) {
        if (taking->was_ignored[i]) sigaction(taking->signals[i], &ign, NULL);
    }
    pthread_sigmask(SIG_SETMASK, &taking->old_mask, NULL);
}

int md_block_all_signals(void) {
    sigset_t all;
    sigfillset(&all);
    return sigprocmask(SIG_SETMASK, &all, NULL);
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

void md_reset_signal_dispositions(void) {
    struct sigaction dfl;
    memset(&dfl, 0, sizeof dfl);
    dfl.sa_handler = SIG_DFL;
    for (int sig = 1; sig < NSIG; sig++) {
        if (sig == SIGKILL || sig == SIGSTOP) continue;
        sigaction(sig, &dfl, NULL); // fails harmlessly for the signals glibc reserves
    }
}
