// Umbrella header of the C shim. Each topic has its own header beside this one.
#pragma once
#include "md_nsenter.h"
#include "md_detach.h"
#include "md_kernel.h"
