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
    [ "$spec" = specs/web.yaml ] && continue  # a server: run detached below
    echo
    echo "== mydocker apply $spec"
    "$bin" apply "$spec"
done
# The web server on the default bridge network, its port 80 published as the host's 8080.
echo
echo "== mydocker apply specs/web.yaml --name demo-web --detach"
"$bin" apply specs/web.yaml --name demo-web --detach
page=""
for _ in 1 2 3 4 5 6 7 8 9 10; do
    page=$(printf 'GET / HTTP/1.0\r\n\r\n' | busybox nc -w 2 127.0.0.1 8080 2>/dev/null | sed -n '/^<h1>/p')
    [ -n "$page" ] && break
    sleep 0.2
done
echo "== GET http://127.0.0.1:8080/ (busybox nc)"
echo "$page"
"$bin" rm --force demo-web >/dev/null
[ -n "$page" ] || { echo "demo: no page from http://127.0.0.1:8080/" >&2; exit 1; }
echo
echo "== host hostname after: $(hostname)"
