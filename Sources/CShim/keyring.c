#define _GNU_SOURCE
#include "md_keyring.h"

#include <errno.h>
#include <linux/keyctl.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

/// KEY_USR_SEARCH: the key's user may find it (keyring search), which runc grants on the container's keyring.
#define MD_KEY_USR_SEARCH 0x00080000UL

long md_join_session_keyring(const char *name, int *failed_call) {
    long serial = syscall(SYS_keyctl, KEYCTL_JOIN_SESSION_KEYRING, name);
    if (serial < 0) { *failed_call = 1; return -1; }
    // "type;uid;gid;perm;description": the fourth field, in hex.
    char text[512];
    long n = syscall(SYS_keyctl, KEYCTL_DESCRIBE, serial, text, sizeof text);
    if (n < 0) { *failed_call = 2; return -1; }
    text[sizeof text - 1] = 0;
    const char *p = text;
    for (int field = 0; field < 3 && p; field++) {
        while (*p && *p != ';') p++;
        p = *p ? p + 1 : NULL;
    }
    if (!p) { *failed_call = 2; errno = EINVAL; return -1; }
    unsigned long perm = strtoul(p, NULL, 16);
    if (syscall(SYS_keyctl, KEYCTL_SETPERM, serial, perm | MD_KEY_USR_SEARCH) < 0) { *failed_call = 3; return -1; }
    return serial;
}
