#!/bin/sh
# Shows that the set-up step works for a newcomer on a bare Debian 12: debootstraps a minimal bookworm into a
# folder, copies this repository's scripts there, and runs `scripts/install-deps.sh test` inside it (chroot, in a
# mount namespace of its own), then checks what it must have left: the Debian packages, no system-wide pip, and
# check-jsonschema runnable from the virtual environment under the build folder. Needs root and Debian's mirror
# and PyPI; takes a few minutes. Leaves nothing behind (the folder is removed, the mounts die with the namespace).
#
# Usage: scripts/check-bare-debian.sh [FOLDER]   (default: a new folder under /tmp)
set -eu
cd "$(dirname "$0")/.."
[ "$(id -u)" = 0 ] || { echo "check-bare-debian: needs root (debootstrap, chroot)" >&2; exit 1; }
command -v debootstrap >/dev/null || { apt-get update -qq; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends debootstrap >/dev/null; }
root=${1:-$(mktemp -d /tmp/mydocker-bare.XXXXXX)}
trap 'rm -rf "$root"' EXIT INT TERM
mirror=$(sed -n 's/^URIs: *//p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -1)
echo "check-bare-debian: debootstrap --variant=minbase bookworm into $root" >&2
debootstrap --variant=minbase bookworm "$root" "${mirror:-http://deb.debian.org/debian}" >/dev/null
mkdir -p "$root/src"
cp -r scripts "$root/src/"
cp /etc/resolv.conf "$root/etc/resolv.conf"
# This machine's way out to PyPI, where it needs one (a proxy's certificate authority, which pip's own bundle
# lacks): the only setting passed in.
cert=""
if [ -n "${PIP_CERT:-}" ] && [ -f "$PIP_CERT" ]; then cp "$PIP_CERT" "$root/etc/pip-ca.crt"; cert=PIP_CERT=/etc/pip-ca.crt; fi
# As a newcomer would: no pip configuration of this machine's, a clean environment.
unshare -m --propagation private sh -c "
    mount -t proc proc '$root/proc'
    env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root $cert chroot '$root' sh -c '
        set -e
        ! python3 -m pip --version >/dev/null 2>&1 || { echo \"a bare Debian should have no pip\" >&2; exit 1; }
        cd /src && scripts/install-deps.sh test
        ! python3 -m pip --version >/dev/null 2>&1 || { echo \"install-deps installed pip system-wide\" >&2; exit 1; }
        .build/pyenv/bin/check-jsonschema --version
        dpkg-query -W libyaml-dev libseccomp-dev busybox-static python3-venv
    '
"
echo "check-bare-debian: install-deps works on a bare Debian 12" >&2
