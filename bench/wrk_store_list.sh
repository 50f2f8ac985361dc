#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# GET /api/v1/stores on the real binary with the sample store loaded, driven by wrk on the same
# machine (64 connections, 10 s, one wrk thread per core by default). Prints requests/s and
# p50/p99 latency for each of RUNS runs and their medians.
# Usage: bench/wrk_store_list.sh [BUILD_DIR] [RUNS]     (default build/release, 5)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/release}
runs=${2:-5}
duration=${WRK_DURATION:-10s}
connections=${WRK_CONNECTIONS:-64}
threads=${WRK_THREADS:-2}
binary=$build/app/storeops
[[ -x $binary ]] || { echo "no binary at $binary: build first (make bench does)" >&2; exit 1; }
command -v wrk >/dev/null || { echo "wrk missing: scripts/install-deps.sh installs it" >&2; exit 1; }

work=$(mktemp -d)
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true; rm -rf "$work"' EXIT
# Access logs stay on, as in production; they go to a file, not a terminal.
"$binary" demo --listen 127.0.0.1:0 --db "$work/bench.db" --port-file "$work/port" \
  > "$work/server.log" 2>&1 &
server=$!
for _ in $(seq 100); do [[ -s $work/port ]] && break; sleep 0.1; done
port=$(cat "$work/port")
url=http://127.0.0.1:$port/api/v1/stores
curl -fsS "$url" > /dev/null

to_ms() {  # wrk prints 812.00us, 1.21ms or 1.02s
  awk -v v="$1" 'BEGIN { if (v ~ /us$/) { sub(/us/, "", v); print v / 1000 }
                         else if (v ~ /ms$/) { sub(/ms/, "", v); print v + 0 }
                         else { sub(/s/, "", v); print v * 1000 } }'
}
median() { sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

rps_all=(); p50_all=(); p99_all=()
echo "wrk -t$threads -c$connections -d$duration --latency $url ($(nproc) cores, $runs runs)"
for run in $(seq "$runs"); do
  out=$(wrk -t"$threads" -c"$connections" -d"$duration" --latency "$url")
  rps=$(echo "$out" | awk '/Requests\/sec/ { print $2 }')
  p50=$(to_ms "$(echo "$out" | awk '$1 == "50%" { print $2 }')")
  p99=$(to_ms "$(echo "$out" | awk '$1 == "99%" { print $2 }')")
  errors=$(echo "$out" | awk '/Non-2xx|Socket errors/ { print }')
  printf 'run %d: %10.0f requests/s   p50 %6.2f ms   p99 %6.2f ms %s\n' "$run" "$rps" "$p50" "$p99" "$errors"
  rps_all+=("$rps"); p50_all+=("$p50"); p99_all+=("$p99")
done
printf 'median: %8.0f requests/s   p50 %6.2f ms   p99 %6.2f ms\n' \
  "$(printf '%s\n' "${rps_all[@]}" | median)" "$(printf '%s\n' "${p50_all[@]}" | median)" \
  "$(printf '%s\n' "${p99_all[@]}" | median)"
