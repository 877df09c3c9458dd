// Loop device ioctls; see include/md_loop.h.
#define _GNU_SOURCE
#include "md_loop.h"

#include <errno.h>
#include <string.h>
#include <sys/ioctl.h>
#include <linux/loop.h>

int md_loop_get_free(int control_fd) {
    return ioctl(control_fd, LOOP_CTL_GET_FREE);
}

static void md_loop_fill_info(struct loop_info64 *info, int read_only, const char *file_name) {
    memset(info, 0, sizeof *info);
    info->lo_flags = LO_FLAGS_AUTOCLEAR | (read_only ? LO_FLAGS_READ_ONLY : 0);
    if (file_name != NULL) {
        strncpy((char *)info->lo_file_name, file_name, LO_NAME_SIZE - 1);
    }
}

int md_loop_configure(int loop_fd, int file_fd, int read_only, const char *file_name) {
    struct loop_config config;
    memset(&config, 0, sizeof config);
    config.fd = (unsigned int)file_fd;
    md_loop_fill_info(&config.info, read_only, file_name);
    return ioctl(loop_fd, LOOP_CONFIGURE, &config);
}

int md_loop_set_fd_and_status(int loop_fd, int file_fd, int read_only, const char *file_name) {
    if (ioctl(loop_fd, LOOP_SET_FD, file_fd) < 0) {
        return -1;
    }
    struct loop_info64 info;
    md_loop_fill_info(&info, read_only, file_name);
    // LOOP_SET_FD takes the read-only bit from how the file was opened; the status sets autoclear.
    info.lo_flags &= ~(unsigned int)LO_FLAGS_READ_ONLY;
    if (ioctl(loop_fd, LOOP_SET_STATUS64, &info) < 0) {
        int saved = errno;
        ioctl(loop_fd, LOOP_CLR_FD, 0);
        errno = saved;
        return -1;
    }
    return 0;
}
