// Kernel facts for `mydocker check` (see md_kernel.h).
#include "md_kernel.h"

#include <errno.h>
#include <sys/vfs.h>

int md_kernel_fs_magic(const char *path, int64_t *magic) {
    struct statfs s;
    if (statfs(path, &s) < 0) {
        return -errno;
    }
    *magic = (int64_t)s.f_type;
    return 0;
}
