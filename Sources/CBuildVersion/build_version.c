#include "build_version.h"

#ifndef MYDOCKER_BUILD_VERSION
#error "MYDOCKER_BUILD_VERSION is set by Package.swift"
#endif

const char *md_build_version(void) { return MYDOCKER_BUILD_VERSION; }
