// Umbrella header of the C shim. Each topic has its own header beside this one.
#pragma once
#include "md_loop.h"
#include "md_mount.h"
