#!/bin/sh
# Installs the Debian packages mydocker's build, demo, tests and benchmark need, when any is missing.
# Usage: scripts/install-deps.sh [build|test|bench]   (default: test)
# golang-github-containers-common: podman's seccomp profile (/usr/share/containers/seccomp.json), which
# `mydocker spec` converts when it runs. zsh and fish: the tests load the completion scripts in them (bash is
# always there); groff-base: the tests format the manual page. containernetworking-plugins and iptables: a spec's
# network section is set up with the CNI plugins (bridge, host-local, portmap, firewall), which run iptables.
# podman and containerd (with runc, conmon and containerd's shim): the engine tests drive them with mydocker as their
# runtime; only tests and the benchmark need them.
set -eu
need="libyaml-dev libseccomp-dev pkg-config busybox-static e2fsprogs xfsprogs util-linux iproute2 procps golang-github-containers-common python3-venv zsh fish groff-base containernetworking-plugins iptables podman containerd"
case "${1:-test}" in
    build) need="libyaml-dev libseccomp-dev pkg-config" ;;
    bench) need="$need runc crun bubblewrap hyperfine jq time" ;;
esac
missing=""
for p in $need; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
    if [ "$(id -u)" != 0 ]; then
        echo "install-deps: missing Debian packages:$missing; run as root, or: sudo apt-get install$missing" >&2
        exit 1
    fi
    echo "install-deps: installing$missing" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi
# check-jsonschema (PyPI): the tests check that the JSON Schema and the linter agree; bench-lint compares speed.
# It goes into a virtual environment under the build folder, made with Debian's own Python (python3-venv): a bare
# Debian 12 has no pip, and its Python refuses system-wide pip installs (PEP 668).
venv="$(cd "$(dirname "$0")/.." && pwd)/.build/pyenv"
if [ "${1:-test}" != build ] && ! "$venv/bin/python3" -c 'import check_jsonschema' 2>/dev/null; then
    echo "install-deps: installing check-jsonschema from PyPI into $venv" >&2
    /usr/bin/python3 -m venv "$venv" >&2
    "$venv/bin/python3" -m pip install -q --disable-pip-version-check check-jsonschema >&2
fi
