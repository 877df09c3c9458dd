// A container's confinement in md_spawn's process (see md_spawn_confine.h). Raw system calls only: this runs
// between clone and execve.
#define _GNU_SOURCE
#include "md_spawn_confine.h"
#include "md_spawn.h"
#include "md_confine.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

static int failing(struct md_confine_failure *failure, int stage, int index, int err) {
    *failure = (struct md_confine_failure){.stage = stage, .index = index, .err = err};
    return -1;
}

int md_confine_join_cgroups(const struct md_spawn_confinement *c, struct md_confine_failure *failure) {
    for (int i = 0; i < c->cgroup_count; i++) {
        ssize_t n;
        do n = write(c->cgroup_fds[i], "0", 1); while (n < 0 && errno == EINTR);
        if (n != 1) return failing(failure, MD_SPAWN_STAGE_CGROUP, i, n < 0 ? errno : EIO);
    }
    return 0;
}

int md_confine_before_identity(const struct md_spawn_confinement *c, struct md_confine_failure *failure) {
    for (int i = 0; i < c->rlimit_count; i++) {
        if (md_set_rlimit(c->rlimit_resources[i], c->rlimit_soft[i], c->rlimit_hard[i]) != 0)
            return failing(failure, MD_SPAWN_STAGE_RLIMIT, i, errno);
    }
    if (!c->set_capabilities) return 0;
    int last = md_cap_last_cap();
    if (last < 0) return failing(failure, MD_SPAWN_STAGE_CAP_LAST, 0, errno);
    int failed_cap = -1;
    if (md_limit_bounding_set(c->cap_bounding, last, &failed_cap) != 0) {
        if (failed_cap >= 0) return failing(failure, MD_SPAWN_STAGE_CAPBSET, failed_cap, errno);
        return failing(failure, MD_SPAWN_STAGE_KEEPCAPS, 1, errno);
    }
    return 0;
}

/// Writes `text` to the first of `files` that exists.
static int write_attr(const char *const *files, int count, const char *text, size_t length) {
    int fd = -1;
    for (int i = 0; i < count && fd < 0; i++) {
        fd = (int)syscall(SYS_openat, AT_FDCWD, files[i], O_WRONLY | O_CLOEXEC);
        if (fd < 0 && errno != ENOENT) return -1;
    }
    if (fd < 0) return -1;
    ssize_t n;
    do n = write(fd, text, length); while (n < 0 && errno == EINTR);
    int err = errno;
    close(fd);
    if (n < 0) {
        errno = err;
        return -1;
    }
    return 0;
}

int md_confine_after_identity(const struct md_spawn_confinement *c, struct md_confine_failure *failure) {
    if (c->set_capabilities) {
        int last = md_cap_last_cap();
        if (last < 0) return failing(failure, MD_SPAWN_STAGE_CAP_LAST, 0, errno);
        int failed_cap = -1;
        switch (md_set_capabilities(c->cap_effective, c->cap_permitted, c->cap_inheritable, c->cap_ambient, last,
                                    &failed_cap)) {
        case 0: break;
        case 1: return failing(failure, MD_SPAWN_STAGE_KEEPCAPS, 0, errno);
        case 2: return failing(failure, MD_SPAWN_STAGE_CAPSET, 0, errno);
        case 3: return failing(failure, MD_SPAWN_STAGE_AMBIENT, -1, errno);
        default: return failing(failure, MD_SPAWN_STAGE_AMBIENT, failed_cap, errno);
        }
    }
    if (c->no_new_privs && md_set_no_new_privs() != 0) return failing(failure, MD_SPAWN_STAGE_NO_NEW_PRIVS, 0, errno);
    if (c->apparmor_profile != NULL) {
        // "exec " + the profile, on the stack: no malloc here.
        char text[4096];
        size_t length = strlen(c->apparmor_profile);
        if (length + 5 >= sizeof text) return failing(failure, MD_SPAWN_STAGE_EXEC_LABEL, 0, ENAMETOOLONG);
        memcpy(text, "exec ", 5);
        memcpy(text + 5, c->apparmor_profile, length);
        const char *files[] = {"/proc/self/attr/apparmor/exec", "/proc/self/attr/exec"};
        if (write_attr(files, 2, text, length + 5) != 0) return failing(failure, MD_SPAWN_STAGE_EXEC_LABEL, 0, errno);
    }
    if (c->selinux_label != NULL) {
        const char *files[] = {"/proc/self/attr/exec"};
        if (write_attr(files, 1, c->selinux_label, strlen(c->selinux_label)) != 0)
            return failing(failure, MD_SPAWN_STAGE_EXEC_LABEL, 1, errno);
    }
    return 0;
}
