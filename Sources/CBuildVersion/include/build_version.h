#ifndef MD_BUILD_VERSION_H
#define MD_BUILD_VERSION_H

/// The version mydocker was built as (`git describe`, from scripts/version.sh): Package.swift defines
/// MYDOCKER_BUILD_VERSION for this target only, so that a new version recompiles one small file. A C target
/// because a Swift -D define carries no value.
const char *md_build_version(void);

#endif
