// Mounts: the new mount API (fsopen, fsconfig, fsmount, move_mount, mount_setattr), openat2,
// pivot_root and statx's mount-root bit. Glibc 2.36 does not export these to Swift (and its
// <sys/mount.h> conflicts with <linux/mount.h>), so they are wrapped here; the constants Swift
// needs are repeated below with an MD_ prefix and checked against the kernel's in mount.c.
#pragma once

#include <stdint.h>

enum {
    MD_MOUNT_ATTR_RDONLY = 0x00000001,
    MD_MOUNT_ATTR_NOSUID = 0x00000002,
    MD_MOUNT_ATTR_NODEV = 0x00000004,
    MD_MOUNT_ATTR_NOEXEC = 0x00000008,
    MD_MOUNT_ATTR__ATIME = 0x00000070,
    MD_MOUNT_ATTR_RELATIME = 0x00000000,
    MD_MOUNT_ATTR_NOATIME = 0x00000010,
    MD_MOUNT_ATTR_STRICTATIME = 0x00000020,
    MD_MOUNT_ATTR_NODIRATIME = 0x00000080,
    MD_MOUNT_ATTR_NOSYMFOLLOW = 0x00200000,
};

/// O_PATH, which Glibc's module map hides from Swift (it needs _GNU_SOURCE).
enum { MD_O_PATH = 010000000 };

enum {
    MD_RESOLVE_NO_XDEV = 0x01,
    MD_RESOLVE_NO_MAGICLINKS = 0x02,
    MD_RESOLVE_NO_SYMLINKS = 0x04,
    MD_RESOLVE_BENEATH = 0x08,
    MD_RESOLVE_IN_ROOT = 0x10,
};

/// openat2(2) with `how = { flags, mode, resolve }`. A file descriptor, or -1 with errno.
int md_openat2(int dirfd, const char *path, int flags, unsigned int mode, uint64_t resolve);

/// fsopen(fs_name, FSOPEN_CLOEXEC): a file system context, or -1 with errno.
int md_fsopen(const char *fs_name);
/// fsconfig(FSCONFIG_SET_FLAG, key).
int md_fsconfig_set_flag(int fs_fd, const char *key);
/// fsconfig(FSCONFIG_SET_STRING, key, value).
int md_fsconfig_set_string(int fs_fd, const char *key, const char *value);
/// fsconfig(FSCONFIG_CMD_CREATE): create the superblock.
int md_fsconfig_create(int fs_fd);
/// fsmount(fs_fd, FSMOUNT_CLOEXEC, attributes): a detached mount, or -1 with errno.
int md_fsmount(int fs_fd, unsigned int attributes);

/// move_mount(from_fd, "", to_fd, "", MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH):
/// attach the mount `from_fd` stands for on top of what `to_fd` (an O_PATH descriptor) names.
int md_move_mount(int from_fd, int to_fd);

/// mount_setattr(fd, "", AT_EMPTY_PATH | (recursive ? AT_RECURSIVE : 0), {set, clear}).
int md_mount_setattr(int fd, int recursive, uint64_t attr_set, uint64_t attr_clear);

/// pivot_root(2).
int md_pivot_root(const char *new_root, const char *put_old);

/// 1 when `path` (symlinks followed) is the root of a mount, 0 when it is not,
/// -1 with errno when statx fails or the kernel does not report STATX_ATTR_MOUNT_ROOT.
int md_is_mount_root(int dirfd, const char *path);
