// libseccomp, as installed by Debian's libseccomp-dev (pkg-config name libseccomp).
#include <seccomp.h>

// The action values of <seccomp.h> that take an argument are function-like macros, which Swift does not import.
static inline uint32_t md_scmp_act_errno(uint16_t errno_ret) { return SCMP_ACT_ERRNO(errno_ret); }
static inline uint32_t md_scmp_act_trace(uint16_t errno_ret) { return SCMP_ACT_TRACE(errno_ret); }

// Architecture tokens built from <linux/audit.h> macros that Swift does not import.
static const uint32_t md_scmp_arch_x86_64 = SCMP_ARCH_X86_64;
static const uint32_t md_scmp_arch_x32 = SCMP_ARCH_X32;
static const uint32_t md_scmp_arch_s390 = SCMP_ARCH_S390;
static const uint32_t md_scmp_arch_s390x = SCMP_ARCH_S390X;
