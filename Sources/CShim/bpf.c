// bpf(2) for cgroup device programs; see include/md_bpf.h.
#define _GNU_SOURCE
#include "md_bpf.h"

#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/bpf.h>

_Static_assert(MD_BPF_PROG_TYPE_CGROUP_DEVICE == BPF_PROG_TYPE_CGROUP_DEVICE, "BPF_PROG_TYPE_CGROUP_DEVICE");
_Static_assert(MD_BPF_CGROUP_DEVICE == BPF_CGROUP_DEVICE, "BPF_CGROUP_DEVICE");
_Static_assert(MD_BPF_F_ALLOW_MULTI == BPF_F_ALLOW_MULTI, "BPF_F_ALLOW_MULTI");
_Static_assert(MD_BPF_OBJ_NAME_LEN == BPF_OBJ_NAME_LEN, "BPF_OBJ_NAME_LEN");
_Static_assert(MD_BPF_DEVCG_ACC_MKNOD == BPF_DEVCG_ACC_MKNOD, "BPF_DEVCG_ACC_MKNOD");
_Static_assert(MD_BPF_DEVCG_ACC_READ == BPF_DEVCG_ACC_READ, "BPF_DEVCG_ACC_READ");
_Static_assert(MD_BPF_DEVCG_ACC_WRITE == BPF_DEVCG_ACC_WRITE, "BPF_DEVCG_ACC_WRITE");
_Static_assert(MD_BPF_DEVCG_DEV_BLOCK == BPF_DEVCG_DEV_BLOCK, "BPF_DEVCG_DEV_BLOCK");
_Static_assert(MD_BPF_DEVCG_DEV_CHAR == BPF_DEVCG_DEV_CHAR, "BPF_DEVCG_DEV_CHAR");
_Static_assert(sizeof(struct bpf_insn) == 8, "struct bpf_insn is 8 bytes");

static int md_bpf(int command, union bpf_attr *attr) {
    return (int)syscall(SYS_bpf, command, attr, sizeof *attr);
}

int md_bpf_prog_load(uint32_t type, const void *insns, uint32_t count, const char *license, const char *name,
                     char *log, uint32_t log_size) {
    union bpf_attr attr;
    memset(&attr, 0, sizeof attr);
    attr.prog_type = type;
    attr.insns = (uint64_t)(uintptr_t)insns;
    attr.insn_cnt = count;
    attr.license = (uint64_t)(uintptr_t)license;
    if (name != NULL) {
        strncpy(attr.prog_name, name, BPF_OBJ_NAME_LEN - 1);
    }
    if (log != NULL && log_size > 0) {
        log[0] = 0;
        attr.log_buf = (uint64_t)(uintptr_t)log;
        attr.log_size = log_size;
        attr.log_level = 1;
    }
    // The kernel makes program descriptors close-on-exec.
    int fd = md_bpf(BPF_PROG_LOAD, &attr);
    if (log != NULL && log_size > 0) {
        log[log_size - 1] = 0;
    }
    return fd;
}

int md_bpf_prog_attach(int prog_fd, int cgroup_fd, uint32_t attach_type, uint32_t flags) {
    union bpf_attr attr;
    memset(&attr, 0, sizeof attr);
    attr.target_fd = (uint32_t)cgroup_fd;
    attr.attach_bpf_fd = (uint32_t)prog_fd;
    attr.attach_type = attach_type;
    attr.attach_flags = flags;
    return md_bpf(BPF_PROG_ATTACH, &attr);
}

int md_bpf_prog_detach(int prog_fd, int cgroup_fd, uint32_t attach_type) {
    union bpf_attr attr;
    memset(&attr, 0, sizeof attr);
    attr.target_fd = (uint32_t)cgroup_fd;
    attr.attach_bpf_fd = (uint32_t)prog_fd;
    attr.attach_type = attach_type;
    return md_bpf(BPF_PROG_DETACH, &attr);
}

int md_bpf_prog_query(int cgroup_fd, uint32_t attach_type, uint32_t *ids, uint32_t *count) {
    union bpf_attr attr;
    memset(&attr, 0, sizeof attr);
    attr.query.target_fd = (uint32_t)cgroup_fd;
    attr.query.attach_type = attach_type;
    attr.query.prog_ids = (uint64_t)(uintptr_t)ids;
    attr.query.prog_cnt = *count;
    int result = md_bpf(BPF_PROG_QUERY, &attr);
    *count = attr.query.prog_cnt;
    return result;
}

int md_bpf_prog_get_fd_by_id(uint32_t id) {
    union bpf_attr attr;
    memset(&attr, 0, sizeof attr);
    attr.prog_id = id;
    return md_bpf(BPF_PROG_GET_FD_BY_ID, &attr);
}

int md_bpf_prog_info(int prog_fd, uint32_t *id, char name[MD_BPF_OBJ_NAME_LEN]) {
    struct bpf_prog_info info;
    memset(&info, 0, sizeof info);
    union bpf_attr attr;
    memset(&attr, 0, sizeof attr);
    attr.info.bpf_fd = (uint32_t)prog_fd;
    attr.info.info_len = sizeof info;
    attr.info.info = (uint64_t)(uintptr_t)&info;
    if (md_bpf(BPF_OBJ_GET_INFO_BY_FD, &attr) < 0) {
        return -1;
    }
    *id = info.id;
    memcpy(name, info.name, BPF_OBJ_NAME_LEN);
    name[BPF_OBJ_NAME_LEN - 1] = 0;
    return 0;
}
