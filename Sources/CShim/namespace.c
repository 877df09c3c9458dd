#define _GNU_SOURCE
#include "md_namespace.h"

#include <linux/nsfs.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

_Static_assert(MD_CLONE_NEWTIME == CLONE_NEWTIME, "CLONE_NEWTIME");
_Static_assert(MD_CLONE_NEWNS == CLONE_NEWNS, "CLONE_NEWNS");
_Static_assert(MD_CLONE_NEWCGROUP == CLONE_NEWCGROUP, "CLONE_NEWCGROUP");
_Static_assert(MD_CLONE_NEWUTS == CLONE_NEWUTS, "CLONE_NEWUTS");
_Static_assert(MD_CLONE_NEWIPC == CLONE_NEWIPC, "CLONE_NEWIPC");
_Static_assert(MD_CLONE_NEWUSER == CLONE_NEWUSER, "CLONE_NEWUSER");
_Static_assert(MD_CLONE_NEWPID == CLONE_NEWPID, "CLONE_NEWPID");
_Static_assert(MD_CLONE_NEWNET == CLONE_NEWNET, "CLONE_NEWNET");

int md_unshare(int flags) { return unshare(flags); }

int md_setns(int fd, int nstype) { return setns(fd, nstype); }

int md_ns_get_type(int fd) { return ioctl(fd, NS_GET_NSTYPE); }
