// The container's session keyring (Runtime/ChildRunner+Setup.swift): as runc's init, the child joins a new
// session keyring of its own, so that the caller's (and the keys in it) never reach the container.
#pragma once

/// Joins a new session keyring named `name` (keyctl(KEYCTL_JOIN_SESSION_KEYRING)) and lets its user search it as
/// runc does (KEY_USR_SEARCH added to its permissions, read back with KEYCTL_DESCRIBE). Its serial, or -1 with
/// errno and *failed_call set: 1 join, 2 describe, 3 setperm.
long md_join_session_keyring(const char *name, int *failed_call);
