// The new mount API, openat2, pivot_root and statx; see include/md_mount.h.
#define _GNU_SOURCE
#include "md_mount.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <linux/openat2.h>

_Static_assert(MD_MOUNT_ATTR_RDONLY == MOUNT_ATTR_RDONLY, "MOUNT_ATTR_RDONLY");
_Static_assert(MD_MOUNT_ATTR_NOSUID == MOUNT_ATTR_NOSUID, "MOUNT_ATTR_NOSUID");
_Static_assert(MD_MOUNT_ATTR_NODEV == MOUNT_ATTR_NODEV, "MOUNT_ATTR_NODEV");
_Static_assert(MD_MOUNT_ATTR_NOEXEC == MOUNT_ATTR_NOEXEC, "MOUNT_ATTR_NOEXEC");
_Static_assert(MD_MOUNT_ATTR__ATIME == MOUNT_ATTR__ATIME, "MOUNT_ATTR__ATIME");
_Static_assert(MD_MOUNT_ATTR_RELATIME == MOUNT_ATTR_RELATIME, "MOUNT_ATTR_RELATIME");
_Static_assert(MD_MOUNT_ATTR_NOATIME == MOUNT_ATTR_NOATIME, "MOUNT_ATTR_NOATIME");
_Static_assert(MD_MOUNT_ATTR_STRICTATIME == MOUNT_ATTR_STRICTATIME, "MOUNT_ATTR_STRICTATIME");
_Static_assert(MD_MOUNT_ATTR_NODIRATIME == MOUNT_ATTR_NODIRATIME, "MOUNT_ATTR_NODIRATIME");
_Static_assert(MD_MOUNT_ATTR_NOSYMFOLLOW == MOUNT_ATTR_NOSYMFOLLOW, "MOUNT_ATTR_NOSYMFOLLOW");
_Static_assert(MD_O_PATH == O_PATH, "O_PATH");
_Static_assert(MD_RESOLVE_NO_XDEV == RESOLVE_NO_XDEV, "RESOLVE_NO_XDEV");
_Static_assert(MD_RESOLVE_NO_MAGICLINKS == RESOLVE_NO_MAGICLINKS, "RESOLVE_NO_MAGICLINKS");
_Static_assert(MD_RESOLVE_NO_SYMLINKS == RESOLVE_NO_SYMLINKS, "RESOLVE_NO_SYMLINKS");
_Static_assert(MD_RESOLVE_BENEATH == RESOLVE_BENEATH, "RESOLVE_BENEATH");
_Static_assert(MD_RESOLVE_IN_ROOT == RESOLVE_IN_ROOT, "RESOLVE_IN_ROOT");

int md_openat2(int dirfd, const char *path, int flags, unsigned int mode, uint64_t resolve) {
    struct open_how how;
    memset(&how, 0, sizeof how);
    how.flags = (uint64_t)(unsigned int)flags;
    how.mode = mode;
    how.resolve = resolve;
    int fd;
    do {
        fd = (int)syscall(SYS_openat2, dirfd, path, &how, sizeof how);
    } while (fd < 0 && (errno == EINTR || errno == EAGAIN));
    return fd;
}

int md_fsopen(const char *fs_name) {
    return fsopen(fs_name, FSOPEN_CLOEXEC);
}

int md_fsconfig_set_flag(int fs_fd, const char *key) {
    return fsconfig(fs_fd, FSCONFIG_SET_FLAG, key, NULL, 0);
}

int md_fsconfig_set_string(int fs_fd, const char *key, const char *value) {
    return fsconfig(fs_fd, FSCONFIG_SET_STRING, key, value, 0);
}

int md_fsconfig_create(int fs_fd) {
    return fsconfig(fs_fd, FSCONFIG_CMD_CREATE, NULL, NULL, 0);
}

int md_fsmount(int fs_fd, unsigned int attributes) {
    return fsmount(fs_fd, FSMOUNT_CLOEXEC, attributes);
}

int md_move_mount(int from_fd, int to_fd) {
    return move_mount(from_fd, "", to_fd, "", MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH);
}

int md_mount_setattr(int fd, int recursive, uint64_t attr_set, uint64_t attr_clear) {
    struct mount_attr attr;
    memset(&attr, 0, sizeof attr);
    attr.attr_set = attr_set;
    attr.attr_clr = attr_clear;
    unsigned int flags = AT_EMPTY_PATH | (recursive ? AT_RECURSIVE : 0);
    return mount_setattr(fd, "", flags, &attr, sizeof attr);
}

int md_pivot_root(const char *new_root, const char *put_old) {
    return (int)syscall(SYS_pivot_root, new_root, put_old);
}

int md_is_mount_root(int dirfd, const char *path) {
    struct statx stx;
    if (statx(dirfd, path, AT_NO_AUTOMOUNT, STATX_BASIC_STATS, &stx) < 0) {
        return -1;
    }
    if ((stx.stx_attributes_mask & STATX_ATTR_MOUNT_ROOT) == 0) {
        errno = ENOSYS;
        return -1;
    }
    return (stx.stx_attributes & STATX_ATTR_MOUNT_ROOT) ? 1 : 0;
}
