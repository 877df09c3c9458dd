#!/bin/sh
# scripts/startup-order.sh [ROUNDS]: writes scripts/startup.order, the order in which lld lays out the functions
# and zero-filled variables of the release build (the Makefile's RELEASE_FLAGS pass it as --symbol-ordering-file).
# Run it as root after a change to what runs when a container starts, and commit the file; a stale order costs
# speed, never correctness (lld places what the file does not name, or a name it cannot find, where it would anyway).
#
# Why: every process mydocker starts (apply, its zygote, the container's first process, forked from the zygote)
# faults its code in from the 8 MiB text 64 KiB at a time (the kernel's fault-around), about 3 µs a fault on this
# machine, and its zero-filled variables a page at a time. Laid out by source file, the code one start runs is
# spread over some 180 of those windows and its variables over some 90 pages; gathered, over about 80 windows and
# 60 pages.
#
# How: the start-up paths run under `perf record -e page-faults -d` (apply of a minimal, a limited and a hardened
# config, the OCI create + start + delete cycle, lint and plan). A fault on an instruction fetch names the function
# it entered, a first write to a zero-filled page the variable written: each one not in the file yet is added, in
# the order first seen. Then the build is linked again and run again, to find what the last layout's windows and
# pages had covered, until a round adds nothing or ROUNDS (default 40) have run.
set -eu
cd "$(dirname "$0")/.."
rounds=${1:-40}
order=scripts/startup.order
bin=.build/release/mydocker
[ "$(id -u)" = 0 ] || { echo "startup-order: needs root (it runs containers)" >&2; exit 1; }
for tool in perf jq readelf; do
    command -v "$tool" >/dev/null || { echo "startup-order: $tool is missing (apt-get install linux-perf jq binutils)" >&2; exit 1; }
done
work=$(mktemp -d /tmp/mydocker-order.XXXXXX)
trap 'rm -rf "$work"' EXIT INT TERM
touch "$order"

# The configs: `mydocker spec`'s, made to run /bin/true in a busybox root (as bench/bench.sh does).
relink() {
    rm -f "$bin"
    make --no-print-directory build >/dev/null
}
relink
scripts/make-rootfs.sh "$work/rootfs" >/dev/null
mkdir -p "$work/spec"
"$bin" spec --format json --bundle "$work/spec"
mkdir -p "$work/minimal" "$work/limits" "$work/hardened"
jq --arg root "$work/rootfs" '
    .process.args = ["/bin/true"] | .process.terminal = false | .root = {path: $root, readonly: false}
    | .mounts = [] | del(.hostname) | del(.linux.seccomp)
    | .linux.namespaces = [{type: "pid"}, {type: "ipc"}, {type: "uts"}, {type: "mount"}]
    | del(.linux.maskedPaths) | del(.linux.readonlyPaths) | del(.linux.resources)
' "$work/spec/config.json" > "$work/minimal/config.json"
jq '.linux.resources = {memory: {limit: 268435456}, pids: {limit: 100}, cpu: {quota: 50000, period: 100000}}' \
    "$work/minimal/config.json" > "$work/limits/config.json"
jq --arg root "$work/rootfs" '.process.args = ["/bin/true"] | .process.terminal = false | .root = {path: $root, readonly: true}' \
    "$work/spec/config.json" > "$work/hardened/config.json"
cat > "$work/workload.sh" <<EOF
set -eu
for config in minimal limits hardened; do
    for i in 1 2 3; do "$bin" apply "$work/\$config/config.json"; done
done
for i in 1 2 3; do sh bench/oci-cycle.sh "$bin" "$work/hardened" mydocker-startup-order; done
"$bin" lint specs/ >/dev/null || true
"$bin" plan "$work/limits/config.json" >/dev/null
EOF

round=1
while [ "$round" -le "$rounds" ]; do
    readelf -lW "$bin" > "$work/headers"
    # The text segment (the executable LOAD segment), its bounds as 16 hexadecimal digits, which compare as text.
    segment=$(awk '$1 == "LOAD" && $8 == "E" { print $3, $6 }' "$work/headers")
    low=$(printf '%016x' "$(echo "$segment" | cut -d' ' -f1)")
    high=$(printf '%016x' "$(($(echo "$segment" | cut -d' ' -f1) + $(echo "$segment" | cut -d' ' -f2)))")
    if ! perf record -q -e page-faults -c 1 -d -o "$work/faults.data" -- sh "$work/workload.sh" > "$work/log" 2>&1; then
        cat "$work/log" >&2
        echo "startup-order: the workload failed" >&2
        exit 1
    fi
    # The zero-filled data (.bss, where the last LOAD segment's memory runs past its file) and the symbols in it.
    zero=$(awk '$1 == "LOAD" { start = $3; file = $5; memory = $6 } END { print start, file, memory }' "$work/headers")
    zlow=$(printf '%016x' "$(($(echo "$zero" | cut -d' ' -f1) + $(echo "$zero" | cut -d' ' -f2)))")
    zhigh=$(printf '%016x' "$(($(echo "$zero" | cut -d' ' -f1) + $(echo "$zero" | cut -d' ' -f3)))")
    nm -n "$bin" | awk 'NF == 3 && ($2 == "b" || $2 == "B") { print $1, $3 }' > "$work/zero-symbols"
    perf script -i "$work/faults.data" -F addr,ip,sym --no-demangle 2>/dev/null \
        | awk -v low="$low" -v high="$high" -v zlow="$zlow" -v zhigh="$zhigh" '
            FILENAME == ARGV[1] { at[++symbols] = $1; name[symbols] = $2; next }
            # ADDR ITS-SYMBOL IP FUNCTION: a fault on an instruction fetch is at the instruction itself.
            NF == 4 { addr = sprintf("%16s", $1); gsub(/ /, "0", addr); ip = sprintf("%16s", $3); gsub(/ /, "0", ip) }
            NF == 4 && addr == ip && addr >= low && addr < high && $4 != "[unknown]" && !seen[$4]++ { print $4 }
            # A first write to a zero-filled page: the variable it falls in, the last one at or below it.
            NF == 4 && addr >= zlow && addr < zhigh && symbols > 0 {
                lo = 1; hi = symbols
                while (lo < hi) { mid = int((lo + hi + 1) / 2); if (at[mid] <= addr) lo = mid; else hi = mid - 1 }
                if (at[lo] <= addr && !seen[name[lo]]++) print name[lo]
            }
        ' "$work/zero-symbols" - > "$work/seen"
    before=$(wc -l < "$order")
    awk 'FILENAME == ARGV[1] { known[$0] = 1; next } !known[$0] { print }' "$order" "$work/seen" >> "$order.new"
    cat "$order.new" >> "$order"
    rm -f "$order.new"
    added=$(($(wc -l < "$order") - before))
    echo "startup-order: round $round: $(wc -l < "$work/seen") functions and variables faulted in, $added new, $(wc -l < "$order") in $order"
    [ "$added" -gt 0 ] || break
    relink
    round=$((round + 1))
done
