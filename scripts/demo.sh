#!/bin/sh
# make demo: lint the example specs, then run each of them with mydocker apply and show what it prints.
set -eu
bin=${MYDOCKER:-.build/release/mydocker}
echo "== mydocker lint specs/"
"$bin" lint specs/
if [ "$(id -u)" != 0 ]; then
    echo "demo: apply needs root (namespaces, mounts, loop devices); run 'make demo' as root to see the containers." >&2
    exit 0
fi
# What the mount specs need: a busybox root file system, a folder to bind, an ext4 image for the loop mount.
scripts/make-rootfs.sh demo/rootfs
mkdir -p demo/shared
echo "hello from the host" > demo/shared/hello.txt
if [ ! -f demo/testdata.img ]; then
    dd if=/dev/zero of=demo/testdata.img bs=1M count=64 status=none
    mkfs.ext4 -q -F demo/testdata.img
fi
echo "== host hostname: $(hostname)"
for spec in specs/*.yaml; do
    echo
    echo "== mydocker apply $spec"
    "$bin" apply "$spec"
done
echo
echo "== host hostname after: $(hostname)"
