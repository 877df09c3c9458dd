#!/bin/sh
# Prints the version mydocker is built as: the nearest tag, the commits since it and the commit
# (`v1.2.0-5-g1a2b3c4d5e6f`), or the commit alone before any tag, with `-dirty` when the tree has
# uncommitted changes. The one place the version is worked out: Package.swift runs it when SwiftPM
# evaluates the manifest, and the Makefile passes its answer to every build (MYDOCKER_VERSION).
# Outside a git checkout (a source archive) it prints `unknown (built outside git)`.
cd "$(dirname "$0")/.." || exit 1
git describe --tags --always --dirty --abbrev=12 2>/dev/null || echo "unknown (built outside git)"
