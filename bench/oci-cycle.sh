#!/bin/sh
# bench/oci-cycle.sh RUNTIME BUNDLE ID: one container's life as an engine drives it through the OCI runtime command
# line (create, start, wait for its end, delete), done the same way for every runtime. A driver that is not the
# container's parent cannot wait(2) for it, so it waits as an engine's poll would: it deletes until `delete` (which
# refuses a container that has not stopped) succeeds, at most 1,000 times.
set -eu
runtime=$1 bundle=$2 id=$3
"$runtime" create --bundle "$bundle" "$id"
"$runtime" start "$id"
tries=0
until "$runtime" delete "$id" 2>/dev/null; do
    tries=$((tries + 1))
    if [ $tries -ge 1000 ]; then
        "$runtime" delete --force "$id"
        echo "oci-cycle: $id did not stop" >&2
        exit 1
    fi
done
