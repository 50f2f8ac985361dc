#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Ingest-to-WebSocket latency (issue #3) on the real binary: `storeops demo` on a temporary
# database, one WebSocket subscriber, POSTS sequential POSTs of BATCH camera counts each, RUNS
# times; prints every run and the median p50/p99. Target: p99 <= 50 ms (docs/BENCHMARKS.md).
# Usage: bench/live_latency.sh [BUILD_DIR] [RUNS] [POSTS] [BATCH]  (default build/release 5 2000 5)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/release}
runs=${2:-5}
posts=${3:-2000}
batch=${4:-5}
binary=$build/app/storeops
client=$build/bench/live_latency
[[ -x $binary && -x $client ]] || { echo "build storeops and live_latency in $build first" >&2; exit 1; }

work=$(mktemp -d)
server=""
trap '[[ -n $server ]] && kill $server 2>/dev/null; wait 2>/dev/null || true; rm -rf "$work"' EXIT
# Access logs stay on, as in production; they go to a file, not a terminal.
"$binary" demo --listen 127.0.0.1:0 --db "$work/bench.db" --port-file "$work/port" \
  > "$work/server.log" 2>&1 &
server=$!
for _ in $(seq 100); do [[ -s $work/port ]] && break; sleep 0.1; done
[[ -s $work/port ]] || { cat "$work/server.log" >&2; exit 1; }
port=$(cat "$work/port")

median() { sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
p50_all=() p99_all=()
echo "live_latency: $posts POSTs of $batch events, one subscriber ($(nproc) cores, $runs runs)"
for run in $(seq "$runs"); do
  out=$("$client" "$port" "$posts" "$batch")
  echo "run $run: $out"
  p50_all+=("$(echo "$out" | awk '{ for (i = 1; i < NF; i++) if ($i == "p50") print $(i + 1) }')")
  p99_all+=("$(echo "$out" | awk '{ for (i = 1; i < NF; i++) if ($i == "p99") print $(i + 1) }')")
done
printf 'median: p50 %.2f ms   p99 %.2f ms\n' "$(printf '%s\n' "${p50_all[@]}" | median)" \
  "$(printf '%s\n' "${p99_all[@]}" | median)"
