#define _GNU_SOURCE
#include "vfork.h"

#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>

pid_t md_vfork_clone(int (*fn)(void *), void *arg, int flags) {
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    _Alignas(64) char stack[64 * 1024];
    pid_t pid = clone(fn, stack + sizeof stack, flags | CLONE_VM | CLONE_VFORK | SIGCHLD, arg);
    int saved = errno;
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    errno = saved;
    return pid;
}
