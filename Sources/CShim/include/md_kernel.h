// Facts about the running kernel for `mydocker check`.
//
// Why C: Glibc's module map does not expose statfs(2) (sys/vfs.h) to Swift, and the cgroup mode is told
// by the magic number of the file system mounted at /sys/fs/cgroup.
#pragma once

#include <stdint.h>

/// statfs(2) f_type of the file system holding `path`. 0 with *magic, or -errno.
int md_kernel_fs_magic(const char *path, int64_t *magic);
