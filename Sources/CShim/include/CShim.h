// Umbrella header of the C shim. Each topic has its own header beside this one: add one line per header.
#pragma once
#include "md_bpf.h"
#include "md_child_fds.h"
#include "md_kernel.h"
#include "md_loop.h"
#include "md_mount.h"
#include "md_namespace.h"
#include "md_process.h"
#include "md_seccomp.h"
#include "md_signal.h"
#include "md_spawn.h"
#include "md_terminal.h"
