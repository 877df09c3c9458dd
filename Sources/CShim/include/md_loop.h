// Loop devices: the ioctls of <linux/loop.h>. Swift cannot call ioctl(2) (it is variadic),
// and Glibc's module map does not carry the LOOP_* requests or struct loop_config.
#pragma once

/// LOOP_CTL_GET_FREE on an open /dev/loop-control: the number of a free loop device
/// (created when none is free), or -1 with errno.
int md_loop_get_free(int control_fd);

/// LOOP_CONFIGURE (Linux 5.8+): bind `file_fd` to the open loop device `loop_fd` in one call,
/// with LO_FLAGS_AUTOCLEAR, LO_FLAGS_READ_ONLY when `read_only`, and `file_name` as the
/// back file name (truncated to 63 bytes). 0, or -1 with errno (EBUSY: someone else took it).
int md_loop_configure(int loop_fd, int file_fd, int read_only, const char *file_name);

/// The older pair for kernels without LOOP_CONFIGURE: LOOP_SET_FD, then LOOP_SET_STATUS64 with
/// the same flags and name. On a LOOP_SET_STATUS64 failure the device is released (LOOP_CLR_FD).
int md_loop_set_fd_and_status(int loop_fd, int file_fd, int read_only, const char *file_name);
