#!/bin/sh
# Builds a minimal root file system from Debian's busybox-static: ROOT/bin/busybox plus one link per applet.
# Usage: scripts/make-rootfs.sh ROOT
set -eu
root=${1:?usage: make-rootfs.sh ROOT}
[ -x "$root/bin/busybox" ] && exit 0
mkdir -p "$root/bin" "$root/proc" "$root/sys" "$root/dev" "$root/tmp" "$root/etc" "$root/testmount" "$root/shared"
cp /bin/busybox "$root/bin/busybox"
for applet in $(/bin/busybox --list); do
    [ "$applet" = busybox ] || ln -sf busybox "$root/bin/$applet"
done
echo "root:x:0:0:root:/:/bin/sh" > "$root/etc/passwd"
echo "root:x:0:" > "$root/etc/group"
