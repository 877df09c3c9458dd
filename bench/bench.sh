#!/bin/sh
# make bench: how long `mydocker apply` takes to run a minimal container, side by side in one run with crun,
# runc, bubblewrap and unshare(1) doing the same (uts, ipc, pid and mount namespaces, a busybox root file
# system, /bin/true), printed as medians and ratios to crun; the same container with memory, pids and cpu
# limits against crun and runc on the same config; a loop-mounted image against the shell; mydocker's peak RSS.
# A benchmark, not a test: it always exits 0 once it could measure. Targets: apply at most 0.6 x crun's median
# (the median of the per-round ratios), at most 0.5 x with limits (the cgroups issue), at most 0.25 x on a
# hardened config with podman's seccomp profile (the confinement issue), peak RSS under 10 MiB.
#
# Usage: bench/bench.sh [MYDOCKER]          (default: .build/release/mydocker; build it with
#        swift build -c release --static-swift-stdlib)
# Env:   ROUNDS (default 9), RUNS per round (default 20), WARMUP (default 5)
set -eu
cd "$(dirname "$0")/.."
bin=$(realpath "${1:-.build/release/mydocker}")
runs=${RUNS:-20}
rounds=${ROUNDS:-9}
warmup=${WARMUP:-5}
[ "$(id -u)" = 0 ] || { echo "bench: needs root (namespaces, crun, runc)" >&2; exit 1; }
for tool in hyperfine jq crun runc bwrap unshare /usr/bin/time; do
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

# rounds PREFIX NAME COMMAND [NAME COMMAND...]: ROUNDS rounds of RUNS runs of each command, one after the other
# within a round (in an order that rotates from round to round), so that drift of a shared VM hits all of them alike; each figure in $work/PREFIX.json is the
# median over the rounds of that round's median, and the ratio is the median of the per-round ratios of
# "mydocker apply" to "crun run". crun 1.8 refuses hybrid cgroups: every command runs inside one private mount
# namespace with a tmpfs in place of the v2 hierarchy (peers.md), where crun, runc and mydocker each make their
# cgroups on v1.
rounds() {
    prefix=$1
    shift
    count=$(($# / 2))
    {
        echo 'set -eu'
        # A throwaway tmpfs over it, not only an unmount: crun would write unified/ID/cgroup.procs into the
        # host's /sys/fs/cgroup tmpfs underneath, where they would stay (peers.md).
        echo 'if grep -q " /sys/fs/cgroup/unified " /proc/self/mountinfo; then umount /sys/fs/cgroup/unified; mount -t tmpfs -o size=1m none /sys/fs/cgroup/unified; fi'
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
            echo "hyperfine -N --style basic --warmup $warmup --runs $runs --export-json '$work/$prefix-$round.json' $commands"
            round=$((round + 1))
        done
    } > "$work/$prefix.sh"
    unshare -m --propagation private sh "$work/$prefix.sh" >"$work/$prefix.log" 2>&1 || { cat "$work/$prefix.log" >&2; exit 1; }
    jq -s '
        def median: sort | if length % 2 == 1 then .[length / 2 | floor] else (.[length / 2 - 1] + .[length / 2]) / 2 end;
        [.[] | [.results[] | {(.command): .median}] | add] as $rounds
        | {results: [($rounds[0] | keys_unsorted[]) as $c | {command: $c, median: ([$rounds[][$c]] | median)}],
           ratio: ([$rounds[] | .["mydocker apply"] / .["crun run"]] | median),
           ratios: [$rounds[] | .["mydocker apply"] / .["crun run"] * 100 | round / 100]}
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
echo
loop=$(jq -r '(.results[] | select(.command == "losetup+unshare+mount") | .median) as $s | .results[] | select(.command == "mydocker apply (loop)") | .median / $s' "$work/loop.json")
awk -v r="$ratio" -v m="$rss" -v l="$loop" -v c="$limits" -v h="$hardened" 'BEGIN {
    printf "  apply / crun = %.2f (target <= 0.60): %s\n", r, (r <= 0.6 ? "met" : "NOT met")
    printf "  apply / crun with limits = %.2f (target <= 0.50): %s\n", c, (c <= 0.5 ? "met" : "NOT met")
    printf "  apply / crun hardened = %.2f (target <= 0.25): %s\n", h, (h <= 0.25 ? "met" : "NOT met")
    printf "  peak RSS = %.1f MiB (target < 10): %s\n", m / 1024, (m < 10240 ? "met" : "NOT met")
    printf "  loop apply / shell = %.2f (target < 1): %s\n", l, (l < 1 ? "met" : "NOT met")
}'
