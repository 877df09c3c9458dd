#!/bin/sh
# make bench: how long `mydocker apply` takes to run a minimal container, side by side in one run with crun,
# runc, bubblewrap and unshare(1) doing the same (uts, ipc, pid and mount namespaces, a busybox root file
# system, /bin/true), printed as medians and ratios to crun; the same container with memory, pids and cpu
# limits against crun and runc on the same config; a hardened config; the OCI create + start + wait + delete cycle
# of that config; podman running a container with mydocker and with crun as its runtime; a loop-mounted image
# against the shell; mydocker's peak RSS.
# A benchmark, not a test: it always exits 0 once it could measure. Targets: apply at most 0.6 x crun's median
# (the median of the per-round ratios), at most 0.5 x with limits (the cgroups issue), at most 0.25 x on a
# hardened config with podman's seccomp profile (the confinement issue), the OCI cycle at most 0.5 x crun's and
# podman with mydocker no slower than with crun (the OCI runtime command line issue), a container on the bridge
# network with a published port started (detached) in at most 0.25 x podman's run -d (the networking issue), peak
# RSS under 10 MiB.
#
# Usage: bench/bench.sh [MYDOCKER]          (default: .build/release/mydocker, as `make build` makes it; `make
#        bench` builds it first)
# Env:   ROUNDS (default 9), RUNS per round (default 20), WARMUP (default 5)
set -eu
cd "$(dirname "$0")/.."
bin=$(realpath "${1:-.build/release/mydocker}")
runs=${RUNS:-20}
rounds=${ROUNDS:-9}
warmup=${WARMUP:-5}
[ "$(id -u)" = 0 ] || { echo "bench: needs root (namespaces, crun, runc)" >&2; exit 1; }
for tool in hyperfine jq crun runc bwrap podman unshare /usr/bin/time; do
    command -v "$tool" >/dev/null || { echo "bench: $tool is missing (make bench installs it)" >&2; exit 1; }
done

# ratio_table JSON BASE NAME WIDTH: each command of a hyperfine export with its median and its ratio to the
# median of the command called BASE (printed as "x NAME"), names padded to WIDTH.
ratio_table() {
    jq -r --arg base "$2" --arg name "$3" '
        (.results[] | select(.command == $base) | .median) as $b
        | .results[] | "\(.command)\t\(.median * 1000 * 100 | round / 100) ms\t\(.median / $b * 100 | round / 100) x \($name)"
    ' "$1" | awk -F'\t' -v width="$4" '{ printf "  %-" width "s %10s   %s\n", $1, $2, $3 }'
}

work=$(mktemp -d /tmp/mydocker-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT INT TERM
# mydocker as an installed one is, as crun and runc are: a file written by install(1) (as `make install` does) and
# read back from the file system. The linker writes its output through a shared mapping, and the page cache keeps
# that file in single pages until it is dropped: each exec of it faults in some 80 more pages than the same file
# installed and read back (about 0.3 ms an apply here), which no installed mydocker does.
install -m 755 "$bin" "$work/mydocker"
sync "$work/mydocker"
dd if="$work/mydocker" iflag=nocache count=0 status=none
bin=$work/mydocker
root=$work/rootfs
scripts/make-rootfs.sh "$root" >/dev/null

# One OCI bundle that mydocker (apply reads its config.json as it is), crun and runc all run: `crun spec`'s
# config without mounts, hostname or masked paths, so only the four namespaces, the root file system and crun
# spec's process confinement (three capabilities, no_new_privs, an rlimit) are left: the same work for each.
mkdir -p "$work/bundle"
(cd "$work/bundle" && crun spec)
jq --arg root "$root" '
    .process.args = ["/bin/true"] | .process.terminal = false
    | .root = {path: $root, readonly: false}
    | .mounts = [] | del(.hostname)
    | .linux.namespaces = [{type: "pid"}, {type: "ipc"}, {type: "uts"}, {type: "mount"}]
    | del(.linux.maskedPaths) | del(.linux.readonlyPaths) | del(.linux.resources)
' "$work/bundle/config.json" > "$work/config.json"
mv "$work/config.json" "$work/bundle/config.json"
# runc cannot start without /proc in the container (it closes its descriptors through /proc/self/fd).
mkdir -p "$work/bundle-runc"
jq '.mounts = [{destination: "/proc", type: "proc", source: "proc"}]' "$work/bundle/config.json" > "$work/bundle-runc/config.json"

"$bin" apply "$work/bundle/config.json" || { echo "bench: mydocker apply of crun's config failed" >&2; exit 1; }

# What makes a private mount namespace look like a v1 host, where crun 1.8 runs: a throwaway tmpfs over the v2
# hierarchy, not only an unmount (crun would write unified/ID/cgroup.procs into the host's /sys/fs/cgroup tmpfs
# underneath, where they would stay; peers.md). v1 COMMAND...: COMMAND in such a namespace.
v1_only='if grep -q " /sys/fs/cgroup/unified " /proc/self/mountinfo; then umount /sys/fs/cgroup/unified; mount -t tmpfs -o size=1m none /sys/fs/cgroup/unified; fi'
v1() {
    unshare -m --propagation private sh -c "$v1_only; exec \"\$@\"" v1 "$@"
}

# rounds PREFIX NAME COMMAND BASE COMMAND [NAME COMMAND...]: ROUNDS rounds of RUNS runs of each command, one after the other
# within a round (in an order that rotates from round to round), so that drift of a shared VM hits all of them alike; each figure in $work/PREFIX.json is the
# median over the rounds of that round's median, and the ratio is the median of the per-round ratios of
# the first command (NAME, mydocker's) to the second (BASE, crun's). crun 1.8 refuses hybrid cgroups: every command runs inside one private mount
# namespace with a tmpfs in place of the v2 hierarchy (peers.md), where crun, runc and mydocker each make their
# cgroups on v1. When $prepare is set, hyperfine runs it (untimed) before each run of each command.
prepare=
rounds() {
    prefix=$1
    shift
    mine=$1
    base=$3
    count=$(($# / 2))
    {
        echo 'set -eu'
        echo "$v1_only"
        # Round r starts with command r (mod their number): each command follows each other one as often, so that
        # none pays alone for the teardown the previous command leaves to the kernel (runc's most of all).
        round=1
        while [ $round -le $rounds ]; do
            commands=""
            i=0
            while [ $i -lt $count ]; do
                k=$(((i + round - 1) % count))
                eval "name=\${$((2 * k + 1))}; command=\${$((2 * k + 2))}"
                commands="$commands -n '$name' '$command'"
                i=$((i + 1))
            done
            echo "hyperfine -N --style basic --warmup $warmup --runs $runs ${prepare:+--prepare '$prepare'} --export-json '$work/$prefix-$round.json' $commands"
            round=$((round + 1))
        done
    } > "$work/$prefix.sh"
    unshare -m --propagation private sh "$work/$prefix.sh" >"$work/$prefix.log" 2>&1 || { cat "$work/$prefix.log" >&2; exit 1; }
    jq -s --arg mine "$mine" --arg base "$base" '
        def median: sort | if length % 2 == 1 then .[length / 2 | floor] else (.[length / 2 - 1] + .[length / 2]) / 2 end;
        [.[] | [.results[] | {(.command): .median}] | add] as $rounds
        | {results: [($rounds[0] | keys_unsorted[]) as $c | {command: $c, median: ([$rounds[][$c]] | median)}],
           ratio: ([$rounds[] | .[$mine] / .[$base]] | median),
           ratios: [$rounds[] | .[$mine] / .[$base] * 100 | round / 100]}
    ' "$work"/$prefix-[0-9]*.json > "$work/$prefix.json"
}

rounds results \
    "mydocker apply" "$bin apply $work/bundle/config.json" \
    "crun run" "crun run -b $work/bundle mydocker-bench-crun" \
    "runc run" "runc run -b $work/bundle-runc mydocker-bench-runc" \
    "bwrap" "bwrap --unshare-uts --unshare-ipc --unshare-pid --bind $root / /bin/true" \
    "unshare" "unshare --uts --ipc --pid --mount --fork true"

echo
echo "Median wall time, $rounds rounds of $runs runs each (hyperfine -N --warmup $warmup), ratio to crun (runc's bundle adds /proc):"
ratio_table "$work/results.json" "crun run" crun 16
echo "  apply / crun in each round: $(jq -r '.ratios | map(tostring) | join(" ")' "$work/results.json")"

# The cgroups issue: a container with memory, pids and cpu limits, the same config for all three runtimes.
for runtime in bundle bundle-runc; do
    mkdir -p "$work/limits-$runtime"
    jq '.linux.resources = {memory: {limit: 268435456}, pids: {limit: 100}, cpu: {quota: 50000, period: 100000}}' \
        "$work/$runtime/config.json" > "$work/limits-$runtime/config.json"
done
"$bin" apply "$work/limits-bundle/config.json" || { echo "bench: mydocker apply of the limits config failed" >&2; exit 1; }
rounds limits-results \
    "mydocker apply" "$bin apply $work/limits-bundle/config.json" \
    "crun run" "crun run -b $work/limits-bundle mydocker-bench-crun" \
    "runc run" "runc run -b $work/limits-bundle-runc mydocker-bench-runc"
echo
echo "With memory, pids and cpu limits (the same config for each), median wall time, ratio to crun:"
ratio_table "$work/limits-results.json" "crun run" crun 16
echo "  apply / crun in each round: $(jq -r '.ratios | map(tostring) | join(" ")' "$work/limits-results.json")"

# The confinement issue: one hardened config, runc's default confinement (three capabilities, masked and
# read-only paths, no_new_privs, an rlimit) plus podman's seccomp profile, as `mydocker spec` writes it from the
# profile Debian ships (containers-common), run by all three runtimes from the same config.json (ociVersion
# 1.0.2, which crun 1.8 knows).
mkdir -p "$work/hardened-spec"
"$bin" spec --format json --bundle "$work/hardened-spec" || { echo "bench: mydocker spec failed" >&2; exit 1; }
mkdir -p "$work/hardened"
jq --arg root "$root" '.ociVersion = "1.0.2-dev" | .process.args = ["/bin/true"] | .process.terminal = false | .root = {path: $root, readonly: true}' \
    "$work/hardened-spec/config.json" > "$work/hardened/config.json"
jq -e '.linux.seccomp.syscalls | length > 0' "$work/hardened/config.json" >/dev/null \
    || { echo "bench: the hardened config has no seccomp profile" >&2; exit 1; }
"$bin" apply "$work/hardened/config.json" || { echo "bench: mydocker apply of the hardened config failed" >&2; exit 1; }
rounds hardened-results \
    "mydocker apply" "$bin apply $work/hardened/config.json" \
    "crun run" "crun run -b $work/hardened mydocker-bench-crun" \
    "runc run" "runc run -b $work/hardened mydocker-bench-runc"
echo
echo "Hardened (runc's default confinement and podman's seccomp profile, the same config.json), median wall time, ratio to crun:"
ratio_table "$work/hardened-results.json" "crun run" crun 16
echo "  apply / crun in each round: $(jq -r '.ratios | map(tostring) | join(" ")' "$work/hardened-results.json")"

# The OCI runtime command line issue: the cycle an engine drives for each container, create + start + wait +
# delete, of the same hardened config by each runtime (bench/oci-cycle.sh, the same driver for all three).
for runtime in "$bin" crun runc; do
    v1 sh bench/oci-cycle.sh "$runtime" "$work/hardened" mydocker-bench-cycle \
        || { echo "bench: the create/start/delete cycle failed with $runtime" >&2; exit 1; }
done
rounds cycle-results \
    "mydocker" "sh bench/oci-cycle.sh $bin $work/hardened mydocker-bench-cycle" \
    "crun" "sh bench/oci-cycle.sh crun $work/hardened mydocker-bench-cycle" \
    "runc" "sh bench/oci-cycle.sh runc $work/hardened mydocker-bench-cycle"
echo
echo "create + start + wait + delete of the hardened config (bench/oci-cycle.sh), median wall time, ratio to crun:"
ratio_table "$work/cycle-results.json" crun crun 16
echo "  mydocker / crun in each round: $(jq -r '.ratios | map(tostring) | join(" ")' "$work/cycle-results.json")"

# podman running /bin/true with mydocker as its runtime, against crun: offline, from a private store, as peers.md
# says it runs here (no network, ulimits within this machine's hard limits), with mydocker named in
# runtime_supports_json as crun is, so that podman hands both the same flags. podman leaves a libpod_parent cgroup
# (with conmon's below it) in each v1 hierarchy: the ones it made here are removed afterwards.
leftover_libpod=$(echo /sys/fs/cgroup/*/libpod_parent)
# remove_podman_cgroups: the libpod_parent cgroups (conmon's below them) podman made since, not those it found.
remove_podman_cgroups() {
    for dir in /sys/fs/cgroup/*/libpod_parent; do
        case " $leftover_libpod " in *" $dir "*) ;; *) [ -d "$dir" ] && rmdir "$dir/conmon" "$dir" 2>/dev/null || true ;; esac
    done
}
mkdir -p "$work/podman"
sed 's|^#runtime_supports_json = \[\(.*\)\]|runtime_supports_json = [\1, "mydocker"]|' /usr/share/containers/containers.conf > "$work/podman/containers.conf"
export CONTAINERS_CONF="$work/podman/containers.conf"
podman="podman --root $work/podman/store --runroot $work/podman/run --tmpdir $work/podman/tmp --storage-driver vfs --cgroup-manager cgroupfs --events-backend file"
podman_run="run --rm --network none --ulimit nofile=1024:1024 --ulimit nproc=1024:1024 --rootfs $root /bin/true"
mkdir -p "$work/podman/bin"
ln -sf "$bin" "$work/podman/bin/mydocker"
rounds podman-results \
    "podman + mydocker" "$podman --runtime $work/podman/bin/mydocker $podman_run" \
    "podman + crun" "$podman --runtime $(command -v crun) $podman_run"
remove_podman_cgroups
echo
echo "podman run --rm --rootfs ROOT /bin/true, median wall time, ratio to podman with crun:"
ratio_table "$work/podman-results.json" "podman + crun" "podman + crun" 20
echo "  mydocker / crun in each round: $(jq -r '.ratios | map(tostring) | join(" ")' "$work/podman-results.json")"

# The networking issue: /bin/true in a container on the default bridge network with one published port, as
# mydocker's `network` section sets it up (CNI: bridge, host-local, portmap, firewall; ADD before the process, DEL
# after it), against podman's `run --network bridge -p` of the same root file system with crun (its CNI backend,
# the same plugins), and against the same container without networking: the difference is the network's own
# cost. podman leaves its bridge, its chains and its lease folder behind: those it made here are removed after.
cat > "$work/net.yaml" <<YAML
root:
  path: rootfs
process:
  args: [/bin/true]
linux:
  namespaces: [pid, network, mount, uts, ipc]
network:
  mode: bridge
  ports: ["18090:80"]
YAML
sed '/^network:/,$d' "$work/net.yaml" > "$work/nonet.yaml"
"$bin" apply "$work/net.yaml" || { echo "bench: mydocker apply of the bridge network spec failed" >&2; exit 1; }
links_before=$(ip -o link | awk -F': ' '{print $2}')
iptables-save > "$work/iptables-saved"
grep -v '^#' "$work/iptables-saved" | sed 's/\[[0-9]*:[0-9]*\]//' > "$work/iptables-before"
leases_before=$(ls -d /var/lib/cni/networks/podman 2>/dev/null || true)

# The start the issue's target is about: the same container detached, running /bin/sleep 60 (`apply --name
# --detach`), against podman's `run -d` with crun, and against the same detached container without networking. Every
# timed start begins on a host without that network's bridge and shared chains: --prepare (untimed) removes the
# previous containers, and what podman leaves after its container is removed (cni-podman0, the CNI chains; mydocker
# removes its own with its last container; a chain podman's removed container still holds a rule in stays, the
# transaction refused, quietly). The whole run (`apply`, `run --rm`) is measured after it.
sed 's|args: \[/bin/true\]|args: [/bin/sleep, "60"]|' "$work/net.yaml" > "$work/net-start.yaml"
sed 's|args: \[/bin/true\]|args: [/bin/sleep, "60"]|' "$work/nonet.yaml" > "$work/nonet-start.yaml"
cat > "$work/cni-filter.rules" <<'RULES'
*filter
-D FORWARD -m comment --comment "CNI firewall plugin rules" -j CNI-FORWARD
-D CNI-FORWARD -m comment --comment "CNI firewall plugin admin overrides" -j CNI-ADMIN
-X CNI-FORWARD
-X CNI-ADMIN
COMMIT
RULES
cat > "$work/cni-nat.rules" <<'RULES'
*nat
-D PREROUTING -m addrtype --dst-type LOCAL -j CNI-HOSTPORT-DNAT
-D OUTPUT -m addrtype --dst-type LOCAL -j CNI-HOSTPORT-DNAT
-D POSTROUTING -m comment --comment "CNI portfwd requiring masquerade" -j CNI-HOSTPORT-MASQ
-D CNI-HOSTPORT-MASQ -m mark --mark 0x2000/0x2000 -j MASQUERADE
-D CNI-HOSTPORT-SETMARK -m comment --comment "CNI portfwd masquerade mark" -j MARK --set-xmark 0x2000/0x2000
-X CNI-HOSTPORT-MASQ
-X CNI-HOSTPORT-SETMARK
-X CNI-HOSTPORT-DNAT
COMMIT
RULES
cat > "$work/net-start-clean.sh" <<SH
$bin rm -f mydocker-bench-net mydocker-bench-nonet >/dev/null 2>&1
$podman rm -f -i -t 0 mydocker-bench-net-podman >/dev/null 2>&1
ip link delete cni-podman0 2>/dev/null
iptables -w -S CNI-FORWARD >/dev/null 2>&1 && iptables-restore -w --noflush $work/cni-filter.rules 2>/dev/null
iptables -w -t nat -S CNI-HOSTPORT-DNAT >/dev/null 2>&1 && iptables-restore -w --noflush $work/cni-nat.rules 2>/dev/null
exit 0
SH
prepare="sh $work/net-start-clean.sh"
rounds net-start-results \
    "mydocker (bridge, -p)" "$bin apply --name mydocker-bench-net --detach $work/net-start.yaml" \
    "podman + crun (bridge, -p)" "$podman --runtime $(command -v crun) run -d --name mydocker-bench-net-podman --network bridge -p 18090:80 --ulimit nofile=1024:1024 --ulimit nproc=1024:1024 --rootfs $root /bin/sleep 60" \
    "mydocker (no network)" "$bin apply --name mydocker-bench-nonet --detach $work/nonet-start.yaml"
prepare=
v1 sh "$work/net-start-clean.sh"
rounds net-results \
    "mydocker (bridge, -p)" "$bin apply $work/net.yaml" \
    "podman + crun (bridge, -p)" "$podman --runtime $(command -v crun) run --rm --network bridge -p 18090:80 --ulimit nofile=1024:1024 --ulimit nproc=1024:1024 --rootfs $root /bin/true" \
    "mydocker (no network)" "$bin apply $work/nonet.yaml"
for link in $(ip -o link | awk -F': ' '{print $2}'); do
    echo "$links_before" | grep -qx "$link" || ip link delete "${link%@*}" 2>/dev/null || true
done
iptables-save | grep -v '^#' | sed 's/\[[0-9]*:[0-9]*\]//' > "$work/iptables-after"
cmp -s "$work/iptables-before" "$work/iptables-after" || iptables-restore < "$work/iptables-saved"
[ -n "$leases_before" ] || rm -rf /var/lib/cni/networks/podman
remove_podman_cgroups
echo
echo "Detached start (sleep 60) on the bridge network with one published port, from a host without the network's bridge and chains, median wall time, ratio to podman run -d with crun:"
ratio_table "$work/net-start-results.json" "podman + crun (bridge, -p)" podman 28
jq -r '[.results[] | {(.command): .median}] | add | "  the network'"'"'s own cost (bridge, -p minus no network): \((.["mydocker (bridge, -p)"] - .["mydocker (no network)"]) * 1000 * 100 | round / 100) ms"' "$work/net-start-results.json"
echo "  mydocker / podman in each round: $(jq -r '.ratios | map(tostring) | join(" ")' "$work/net-start-results.json")"
echo
echo "/bin/true on the bridge network with one published port (the whole run: apply, run --rm), median wall time, ratio to podman with crun:"
ratio_table "$work/net-results.json" "podman + crun (bridge, -p)" podman 28
jq -r '[.results[] | {(.command): .median}] | add | "  the network'"'"'s own cost (bridge, -p minus no network): \((.["mydocker (bridge, -p)"] - .["mydocker (no network)"]) * 1000 * 100 | round / 100) ms"' "$work/net-results.json"
echo "  mydocker / podman in each round: $(jq -r '.ratios | map(tostring) | join(" ")' "$work/net-results.json")"

# Issue 4: one loop-mounted ext4 image, against the shell doing the same by hand (losetup + unshare -m + mount
# + losetup -d). Target: faster than the shell.
dd if=/dev/zero of="$work/disk.img" bs=1M count=64 status=none
mkfs.ext4 -q -F "$work/disk.img"
mkdir -p "$work/mnt"
cat > "$work/loop.yaml" <<YAML
root:
  path: rootfs
process:
  args: [/bin/true]
mounts:
  - destination: /testmount
    type: ext4
    source: disk.img
    options: [loop]
linux:
  namespaces: [mount]
YAML
"$bin" apply "$work/loop.yaml" || { echo "bench: mydocker apply of the loop spec failed" >&2; exit 1; }
cat > "$work/loop.sh" <<SH
d=\$(losetup --find --show $work/disk.img) && unshare -m mount -t ext4 "\$d" $work/mnt; losetup -d "\$d"
SH
hyperfine -N --style basic --warmup $warmup --runs $runs --export-json "$work/loop.json" \
    -n "mydocker apply (loop)" "$bin apply $work/loop.yaml" \
    -n "losetup+unshare+mount" "sh $work/loop.sh" >"$work/hyperfine-loop.log" 2>&1 || { cat "$work/hyperfine-loop.log" >&2; exit 1; }
echo
echo "One loop-mounted 64 MiB ext4 image, median wall time, ratio to the shell:"
ratio_table "$work/loop.json" "losetup+unshare+mount" shell 24

rss=$(/usr/bin/time -f %M "$bin" apply "$work/bundle/config.json" 2>&1 >/dev/null | tail -n 1)
echo
echo "Peak RSS of mydocker apply (parent and child, /usr/bin/time): $rss KiB"

ratio=$(jq -r '.ratio' "$work/results.json")
limits=$(jq -r '.ratio' "$work/limits-results.json")
hardened=$(jq -r '.ratio' "$work/hardened-results.json")
cycle=$(jq -r '.ratio' "$work/cycle-results.json")
podman_ratio=$(jq -r '.ratio' "$work/podman-results.json")
net=$(jq -r '.ratio' "$work/net-results.json")
net_start=$(jq -r '.ratio' "$work/net-start-results.json")
echo
loop=$(jq -r '(.results[] | select(.command == "losetup+unshare+mount") | .median) as $s | .results[] | select(.command == "mydocker apply (loop)") | .median / $s' "$work/loop.json")
awk -v r="$ratio" -v m="$rss" -v l="$loop" -v c="$limits" -v h="$hardened" -v o="$cycle" -v p="$podman_ratio" -v n="$net" -v s="$net_start" 'BEGIN {
    printf "  apply / crun = %.2f (target <= 0.60): %s\n", r, (r <= 0.6 ? "met" : "NOT met")
    printf "  apply / crun with limits = %.2f (target <= 0.50): %s\n", c, (c <= 0.5 ? "met" : "NOT met")
    printf "  apply / crun hardened = %.2f (target <= 0.25): %s\n", h, (h <= 0.25 ? "met" : "NOT met")
    printf "  create+start+delete / crun = %.2f (target <= 0.50): %s\n", o, (o <= 0.5 ? "met" : "NOT met")
    printf "  podman with mydocker / with crun = %.2f (target <= 1): %s\n", p, (p <= 1 ? "met" : "NOT met")
    printf "  bridge network with a published port, start / podman = %.2f (target <= 0.25): %s; whole run / podman = %.2f\n", s, (s <= 0.25 ? "met" : "NOT met"), n
    printf "  peak RSS = %.1f MiB (target < 10): %s\n", m / 1024, (m < 10240 ? "met" : "NOT met")
    printf "  loop apply / shell = %.2f (target < 1): %s\n", l, (l < 1 ? "met" : "NOT met")
}'
