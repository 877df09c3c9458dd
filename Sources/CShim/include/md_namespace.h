// Namespaces: the CLONE_NEW* constants, unshare(2), setns(2) and the NS_GET_NSTYPE ioctl.
// Glibc's module map exposes none of them to Swift (and ioctl is variadic).
#pragma once

enum {
    MD_CLONE_NEWTIME = 0x00000080,
    MD_CLONE_NEWNS = 0x00020000,
    MD_CLONE_NEWCGROUP = 0x02000000,
    MD_CLONE_NEWUTS = 0x04000000,
    MD_CLONE_NEWIPC = 0x08000000,
    MD_CLONE_NEWUSER = 0x10000000,
    MD_CLONE_NEWPID = 0x20000000,
    MD_CLONE_NEWNET = 0x40000000,
};

/// unshare(2). 0, or -1 with errno.
int md_unshare(int flags);

/// setns(2) of the namespace file `fd`, of kind `nstype` (MD_CLONE_NEW*, 0: any). 0, or -1 with errno.
int md_setns(int fd, int nstype);

/// ioctl(NS_GET_NSTYPE): the MD_CLONE_NEW* kind of the namespace file `fd`, or -1 with errno
/// (ENOTTY when `fd` is not a namespace file).
int md_ns_get_type(int fd);
