// The bpf(2) calls behind cgroup v2 device rules: load a BPF_PROG_TYPE_CGROUP_DEVICE program, attach it to a
// cgroup directory, list and detach what is attached there. Glibc has no bpf() wrapper and Swift cannot call the
// variadic syscall(), and union bpf_attr is easiest filled in C; the constants Swift needs are repeated below with
// an MD_ prefix and checked against <linux/bpf.h> in bpf.c.
#pragma once

#include <stdint.h>

enum {
    MD_BPF_PROG_TYPE_CGROUP_DEVICE = 15,
    MD_BPF_CGROUP_DEVICE = 6,
    MD_BPF_F_ALLOW_MULTI = 2,
    MD_BPF_OBJ_NAME_LEN = 16,
};

/// What a cgroup device program is asked (struct bpf_cgroup_dev_ctx.access_type: the access in the high 16 bits,
/// the device type in the low 16).
enum {
    MD_BPF_DEVCG_ACC_MKNOD = 1,
    MD_BPF_DEVCG_ACC_READ = 2,
    MD_BPF_DEVCG_ACC_WRITE = 4,
    MD_BPF_DEVCG_DEV_BLOCK = 1,
    MD_BPF_DEVCG_DEV_CHAR = 2,
};

/// BPF_PROG_LOAD of `count` 8-byte instructions (struct bpf_insn) as a program of `type` named `name` (at most
/// 15 bytes kept). With a `log` buffer the verifier writes its log there (level 1) and always NUL-terminates it.
/// A close-on-exec program descriptor, or -1 with errno.
int md_bpf_prog_load(uint32_t type, const void *insns, uint32_t count, const char *license, const char *name,
                     char *log, uint32_t log_size);

/// BPF_PROG_ATTACH of `prog_fd` to the cgroup directory open at `cgroup_fd`. 0, or -1 with errno.
int md_bpf_prog_attach(int prog_fd, int cgroup_fd, uint32_t attach_type, uint32_t flags);

/// BPF_PROG_DETACH of `prog_fd` from the cgroup directory open at `cgroup_fd`. 0, or -1 with errno.
int md_bpf_prog_detach(int prog_fd, int cgroup_fd, uint32_t attach_type);

/// BPF_PROG_QUERY: the ids of the programs attached to `cgroup_fd` for `attach_type`, at most *count of them
/// into `ids`; *count becomes how many there are (ENOSPC when `ids` was too small). 0, or -1 with errno.
int md_bpf_prog_query(int cgroup_fd, uint32_t attach_type, uint32_t *ids, uint32_t *count);

/// BPF_PROG_GET_FD_BY_ID: a close-on-exec descriptor for the loaded program `id`, or -1 with errno.
int md_bpf_prog_get_fd_by_id(uint32_t id);

/// BPF_OBJ_GET_INFO_BY_FD on a program: its id into *id and its name (NUL-terminated, MD_BPF_OBJ_NAME_LEN bytes
/// with the NUL) into `name`. 0, or -1 with errno.
int md_bpf_prog_info(int prog_fd, uint32_t *id, char name[MD_BPF_OBJ_NAME_LEN]);
