#define _GNU_SOURCE
#include "md_terminal.h"

#include <errno.h>
#include <linux/magic.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/vfs.h>
#include <termios.h>
#include <unistd.h>

int md_open_pty(int *master, int *slave) {
    int m = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (m < 0) return -1;
    char name[128];
    if (grantpt(m) != 0 || unlockpt(m) != 0 || ptsname_r(m, name, sizeof name) != 0) goto fail;
    int s = open(name, O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (s < 0) goto fail;
    *master = m;
    *slave = s;
    return 0;
fail:;
    int saved = errno;
    close(m);
    errno = saved;
    return -1;
}

int md_get_winsize(int fd, unsigned short *rows, unsigned short *cols) {
    struct winsize ws;
    if (ioctl(fd, TIOCGWINSZ, &ws) != 0) return -1;
    *rows = ws.ws_row;
    *cols = ws.ws_col;
    return 0;
}

int md_set_winsize(int fd, unsigned short rows, unsigned short cols) {
    struct winsize ws = {.ws_row = rows, .ws_col = cols};
    return ioctl(fd, TIOCSWINSZ, &ws);
}

int md_make_controlling_tty(int fd, int *failed_call) {
    if (setsid() < 0) {
        *failed_call = 1;
        return -1;
    }
    if (ioctl(fd, TIOCSCTTY, 0) != 0) {
        *failed_call = 2;
        return -1;
    }
    return 0;
}

#ifndef TIOCGPTPEER
#define TIOCGPTPEER _IO('T', 0x41)
#endif

int md_open_pty_peer(int master, int *failed_call) {
    int unlock = 0;
    if (ioctl(master, TIOCSPTLCK, &unlock) != 0) {
        *failed_call = 1;
        return -1;
    }
    int slave = ioctl(master, TIOCGPTPEER, O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (slave < 0) *failed_call = 2;
    return slave;
}

int md_pty_number(int master) {
    unsigned int number = 0;
    return ioctl(master, TIOCGPTN, &number) == 0 ? (int)number : -1;
}

int md_is_devpts(int fd) {
    struct statfs info;
    if (fstatfs(fd, &info) != 0) return -1;
    return info.f_type == DEVPTS_SUPER_MAGIC ? 1 : 0;
}
