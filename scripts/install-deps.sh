#!/bin/sh
# Installs the Debian packages mydocker's build, demo, tests and benchmark need, when any is missing.
# Usage: scripts/install-deps.sh [build|test|bench]   (default: test)
# golang-github-containers-common: podman's seccomp profile (/usr/share/containers/seccomp.json), which
# `mydocker spec` converts when it runs.
set -eu
need="libyaml-dev libseccomp-dev pkg-config busybox-static e2fsprogs xfsprogs util-linux iproute2 procps golang-github-containers-common"
case "${1:-test}" in
    build) need="libyaml-dev libseccomp-dev pkg-config" ;;
    bench) need="$need runc crun bubblewrap hyperfine jq time" ;;
esac
missing=""
for p in $need; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
# check-jsonschema (PyPI): the tests check that the JSON Schema and the linter agree; bench-lint compares speed.
pip_missing=""
if [ "${1:-test}" != build ] && ! python3 -c 'import check_jsonschema' 2>/dev/null; then
    pip_missing="check-jsonschema"
fi
if [ -n "$pip_missing" ]; then
    echo "install-deps: installing $pip_missing from PyPI" >&2
    python3 -m pip install -q --disable-pip-version-check --root-user-action=ignore $pip_missing >&2
fi
[ -z "$missing" ] && exit 0
if [ "$(id -u)" != 0 ]; then
    echo "install-deps: missing Debian packages:$missing; run as root, or: sudo apt-get install$missing" >&2
    exit 1
fi
echo "install-deps: installing$missing" >&2
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
