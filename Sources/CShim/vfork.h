// Internal to CShim: the vfork-style clone both spawners use (spawn.c: mydocker's child into its new namespaces;
// process.c: init's container process).
#pragma once

#include <sys/types.h>

/// clone(CLONE_VM | CLONE_VFORK | SIGCHLD | `flags`) running `fn(arg)`, as posix_spawn does: the child borrows
/// this address space and a stack carved from this frame until its execve or exit, and the caller sleeps until
/// then, so nothing is copied. Every signal is blocked across the clone, so that no handler of the caller can
/// run on the borrowed stack; the child sets its own mask. The child's pid, or -1 with errno.
pid_t md_vfork_clone(int (*fn)(void *), void *arg, int flags);
