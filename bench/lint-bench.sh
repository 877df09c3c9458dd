#!/bin/sh
# Lint speed: `mydocker lint` over 10,000 generated specs in one run, side by side with check-jsonschema
# (PyPI) over the same files and the project schema. Targets: >= 10,000 specs/s, >= 25x check-jsonschema.
# Usage: bench/lint-bench.sh BIN        (BIN: a release build of mydocker)
# Environment: SPECS (default 10000), CJ_SPECS (how many of them check-jsonschema gets, default all;
#              1000 is quicker, scaled to files/s, and flatters mydocker: see below),
#              RUNS (timed runs of mydocker lint, default 5; the median counts), CJ_RUNS (default 1).
# A benchmark to read, not a test: it fails only when a tool cannot run.
set -eu

bin=${1:?usage: bench/lint-bench.sh BIN (a release build of mydocker)}
[ -x "$bin" ] || { echo "lint-bench: $bin is not an executable" >&2; exit 2; }
schema="$(cd "$(dirname "$0")/.." && pwd)/schema/mydocker-spec.schema.json"
[ -r "$schema" ] || { echo "lint-bench: cannot read $schema" >&2; exit 2; }
# check-jsonschema from scripts/install-deps.sh's virtual environment, else python3 on PATH.
cj_python="$(cd "$(dirname "$0")/.." && pwd)/.build/pyenv/bin/python3"
[ -x "$cj_python" ] || cj_python=python3
"$cj_python" -m check_jsonschema --version >/dev/null 2>&1 || {
    echo "lint-bench: check-jsonschema is missing: scripts/install-deps.sh bench" >&2
    exit 2
}
specs=${SPECS:-10000}
cj_specs=${CJ_SPECS:-$specs}
runs=${RUNS:-5}
cj_runs=${CJ_RUNS:-1}
[ "$cj_specs" -ge 1 ] && [ "$cj_specs" -le "$specs" ] || cj_specs=$specs

tmp=$(mktemp -d "${TMPDIR:-/tmp}/mydocker-lint-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Varied specs, one per chapter-like shape, with names, counts and values drawn from the index;
# every tenth spec has one problem (an unknown key, a YAML 1.1 boolean, a relative cwd, a missing namespace,
# overlapping mappings, an unknown mount option, ...). About one in twenty is JSON.
python3 - "$tmp/specs" "$specs" <<'EOF'
import json, os, random, sys

out, count = sys.argv[1], int(sys.argv[2])
rng = random.Random(2024)
os.makedirs(out)
SHAPES = ["uts", "ipc", "pid", "net", "user", "mount", "time", "every"]

def spec(i):
    shape = SHAPES[i % len(SHAPES)]
    s = {"ociVersion": "1.2.0", "process": {"args": ["/bin/sh", "-c", f"echo spec {i} && sleep {i % 7}"]}}
    p = s["process"]
    if i % 3 == 0:
        p["env"] = [f"PATH=/usr/bin:/bin", f"SPEC={i}"] + [f"V{k}=value-{k * i}" for k in range(i % 5)]
    if i % 4 == 0:
        p["cwd"] = f"/srv/app{i % 13}"
    ns = []
    if shape in ("uts", "every"):
        ns.append("uts")
        s["hostname"] = f"host-{i}"
        if i % 2:
            s["domainname"] = f"d{i}.example"
    if shape in ("ipc", "every"):
        ns.append({"type": "ipc"})
    if shape in ("pid", "every"):
        ns += ["pid", "mount"]
        s["mounts"] = [{"destination": "/proc", "type": "proc", "source": "proc", "options": ["nosuid", "nodev", "noexec"]}]
    if shape == "net":
        ns.append({"type": "network"} if i % 2 else "network")
    if shape in ("user", "every"):
        ns.append("user")
        base = 100000 + (i % 50) * 65536
        s["linux_uid"] = [{"containerID": 0, "hostID": base, "size": 65536}]
        p["user"] = {"uid": i % 1000, "gid": i % 1000, "additionalGids": [10, 20][: i % 3]}
    if shape in ("mount", "every"):
        if "mount" not in ns:
            ns.append("mount")
        s.setdefault("mounts", [])
        s["mounts"] += [
            {"destination": f"/tmp/t{k}", "type": "tmpfs", "source": "tmpfs", "options": ["nosuid", "nodev", f"size={k + 1}m", "mode=1777"]}
            for k in range(1 + i % 4)
        ] + [{"destination": "/shared", "type": "bind", "source": "/tmp", "options": ["rbind", "ro", "rprivate"]}]
    if shape in ("time", "every"):
        ns.append("time")
        s["linux_time"] = {"monotonic": {"secs": -(i % 3600), "nanosecs": i % 1000}, "boottime": {"secs": i}}
    if i % 5 == 0:
        s["annotations"] = {"org.example.owner": f"team-{i % 9}", "org.mydocker.init": "true" if i % 2 else "false"}
    linux = {"namespaces": ns}
    if "linux_uid" in s:
        m = s.pop("linux_uid")
        linux["uidMappings"] = m
        linux["gidMappings"] = json.loads(json.dumps(m))
    if "linux_time" in s:
        linux["timeOffsets"] = s.pop("linux_time")
    s["linux"] = linux
    return s

def spoil(s, i):
    """One problem, by the index: shape problems (the schema sees them) and semantic ones (it does not)."""
    k = (i // 10) % 8
    if k == 0: s["hostnme"] = "typo"                             # unknown-key
    elif k == 1: s["process"]["terminal"] = "yes"                # type (a YAML 1.1 boolean)
    elif k == 2: s["process"]["cwd"] = "relative/dir"            # cwd-relative
    elif k == 3: s["hostname"] = "no-uts"; s["linux"]["namespaces"] = [n for n in s["linux"]["namespaces"] if n != "uts"]  # hostname-without-uts
    elif k == 4: s["linux"]["uidMappings"] = [{"containerID": 0, "hostID": 1000, "size": 10}, {"containerID": 5, "hostID": 2000, "size": 10}]; s["linux"]["gidMappings"] = [{"containerID": 0, "hostID": 1000, "size": 10}]; s["linux"]["namespaces"].append("user")  # mapping-overlap
    elif k == 5: s["mounts"] = [{"destination": "/data", "type": "tmpfs", "source": "tmpfs", "options": ["nosiud"]}]; s["linux"]["namespaces"].append("mount")  # unknown-mount-option
    elif k == 6: s["process"]["args"] = []                       # args-empty
    else: s["linux"]["intelRdt"] = {"closID": "guaranteed_group"}  # unsupported-key (seccomp, once this one, is supported now)
    return s

def scalar(v):
    if isinstance(v, bool): return "true" if v else "false"
    if isinstance(v, int): return str(v)
    # "yes" stays bare on purpose: the YAML 1.1 boolean that YAML 1.2 (and mydocker) read as a string.
    if v in ("true", "false", "null", "~") or v == "" or any(c in v for c in ":#{}[],&*!|>'\"%@`") or v[0] in "-?":
        return json.dumps(v)
    return v

def yaml(v, indent=0):
    pad = " " * indent
    lines = []
    if isinstance(v, dict):
        for k, x in v.items():
            key = scalar(k)
            if isinstance(x, (dict, list)) and x:
                if isinstance(x, list) and all(not isinstance(e, (dict, list)) for e in x) and len(x) <= 6:
                    lines.append(f"{pad}{key}: [{', '.join(scalar(e) for e in x)}]")
                else:
                    lines.append(f"{pad}{key}:")
                    lines += yaml(x, indent + 2)
            elif isinstance(x, (dict, list)):
                lines.append(f"{pad}{key}: {'{}' if isinstance(x, dict) else '[]'}")
            else:
                lines.append(f"{pad}{key}: {scalar(x)}")
    else:
        for x in v:
            if isinstance(x, dict):
                sub = yaml(x, indent + 2)
                lines.append(f"{pad}- " + sub[0].lstrip())
                lines += sub[1:]
            else:
                lines.append(f"{pad}- {scalar(x)}")
    return lines

for i in range(count):
    s = spec(i)
    if i % 10 == 9:
        s = spoil(s, i)
    folder = os.path.join(out, f"team{i % 20:02d}")
    os.makedirs(folder, exist_ok=True)
    if i % 20 == 7:
        with open(os.path.join(folder, f"spec{i:05d}.json"), "w") as f:
            json.dump(s, f, indent=2)
    else:
        header = "# yaml-language-server: $schema=../schema/mydocker-spec.schema.json\n"
        if i % 6 == 0:
            header += f"# Spec {i}: generated by bench/lint-bench.sh\n"
        with open(os.path.join(folder, f"spec{i:05d}.yaml"), "w") as f:
            f.write(header + "\n".join(yaml(s)) + "\n")
EOF

find "$tmp/specs" -type f | sort > "$tmp/all"
files=$(wc -l < "$tmp/all")
# Every (files / cj_specs)-th file, so the subset has the same mix of shapes, errors and JSON.
awk -v step="$((files / cj_specs))" -v want="$cj_specs" 'NR % step == 0 && n < want { print; n++ }' "$tmp/all" > "$tmp/subset"
cj_files=$(wc -l < "$tmp/subset")

now() { date +%s%N; }
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : int((v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }

# mydocker lint: one warm-up run (page cache), then RUNS timed runs of the whole folder.
set +e
"$bin" lint "$tmp/specs" > "$tmp/lint.out" 2> "$tmp/lint.err"
status=$?
set -e
if [ "$status" -gt 1 ]; then
    echo "lint-bench: $bin lint exited $status:" >&2
    head -5 "$tmp/lint.err" >&2
    exit 1
fi
summary=$(tail -1 "$tmp/lint.err")
case "$summary" in
    *" in $files files") ;;
    *) echo "lint-bench: mydocker lint did not read all $files files: $summary" >&2; exit 1 ;;
esac
# The spoiled specs, and only they, have problems.
flagged=$(grep -oE '^[^:]+:[0-9]+:[0-9]+: (error|warning): ' "$tmp/lint.out" | cut -d: -f1 | sort -u | wc -l)
if [ "$flagged" -ne "$((files / 10))" ]; then
    echo "lint-bench: expected $((files / 10)) specs with problems, mydocker lint flagged $flagged:" >&2
    grep -E ': (error|warning): ' "$tmp/lint.out" | head -5 >&2
    exit 1
fi
: > "$tmp/lint.ns"
i=0
while [ "$i" -lt "$runs" ]; do
    t0=$(now)
    "$bin" lint "$tmp/specs" > /dev/null 2>&1 || true
    t1=$(now)
    echo $((t1 - t0)) >> "$tmp/lint.ns"
    i=$((i + 1))
done
lint_ns=$(median < "$tmp/lint.ns")

# check-jsonschema over the same files (or an evenly spread subset with CJ_SPECS), CJ_RUNS timed runs.
# Its start-up (Python, imports, schema) is a larger share of a small subset: 1,000 files scaled up read
# about a third slower than 10,000 files in one run, so the default is all the files.
: > "$tmp/cj.ns"
i=0
while [ "$i" -lt "$cj_runs" ]; do
    set +e
    t0=$(now)
    # shellcheck disable=SC2046 # generated names hold no blanks: one argument each
    "$cj_python" -m check_jsonschema --schemafile "$schema" $(cat "$tmp/subset") > "$tmp/cj.out" 2>&1
    status=$?
    t1=$(now)
    set -e
    if [ "$status" -gt 1 ]; then
        echo "lint-bench: check-jsonschema exited $status:" >&2
        tail -5 "$tmp/cj.out" >&2
        exit 1
    fi
    echo $((t1 - t0)) >> "$tmp/cj.ns"
    i=$((i + 1))
done
cj_ns=$(median < "$tmp/cj.ns")
if [ "$cj_files" -eq "$files" ]; then
    cj_what="the same $files files"
else
    cj_what="$cj_files of them (every $((files / cj_specs))th), scaled to files/s"
fi

echo "lint-bench: $files generated specs, $(grep -c '\.json$' "$tmp/all") of them JSON, $flagged with a problem (mydocker lint: $summary)"
echo "lint-bench: mydocker lint over all $files files in one run, median of $runs runs: $(awk -v ns="$lint_ns" 'BEGIN { printf "%.3f s", ns / 1e9 }')"
echo "lint-bench: check-jsonschema over $cj_what, median of $cj_runs run(s): $(awk -v ns="$cj_ns" 'BEGIN { printf "%.3f s", ns / 1e9 }')"
awk -v lf="$files" -v lns="$lint_ns" -v cf="$cj_files" -v cns="$cj_ns" 'BEGIN {
    l = lf / (lns / 1e9); c = cf / (cns / 1e9); r = l / c
    printf "mydocker lint: %.0f files/s   check-jsonschema: %.0f files/s   ratio: %.1fx (target >= 25x)\n", l, c, r
    printf "targets: %s >= 10000 specs/s, %s >= 25x check-jsonschema\n", (l >= 10000 ? "met" : "MISSED"), (r >= 25 ? "met" : "MISSED")
}'
