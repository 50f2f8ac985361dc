#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# GET /api/v1/stores on the real binary with the sample store loaded, driven by wrk on the same
# machine (64 connections, 10 s, one wrk thread per core by default). Prints requests/s and
# p50/p99 latency for each of RUNS runs and their medians.
# With PEER=1 it then runs the same load against the product brief's stack (FastAPI on uvicorn,
# Debian's python3-fastapi and python3-uvicorn, bench/peer/fastapi_store_list.py) and prints
# the ratio of the medians.
# Usage: [PEER=1] bench/wrk_store_list.sh [BUILD_DIR] [RUNS]     (default build/release, 5)
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
peer=""
trap 'kill $server $peer 2>/dev/null || true; wait $server $peer 2>/dev/null || true; rm -rf "$work"' EXIT
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

# Runs wrk RUNS times against $1 and prints each run and the medians; sets MEDIAN_RPS.
measure() {
  local url=$1 rps_all=() p50_all=() p99_all=() out rps p50 p99 errors
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
  MEDIAN_RPS=$(printf '%s\n' "${rps_all[@]}" | median)
  printf 'median: %8.0f requests/s   p50 %6.2f ms   p99 %6.2f ms\n' "$MEDIAN_RPS" \
    "$(printf '%s\n' "${p50_all[@]}" | median)" "$(printf '%s\n' "${p99_all[@]}" | median)"
}

echo "== storeops"
measure "$url"
storeops_rps=$MEDIAN_RPS

if [[ "${PEER:-0}" == 1 ]]; then
  /usr/bin/python3 -c 'import fastapi, uvicorn' 2>/dev/null ||
    { echo "peer needs Debian's python3-fastapi and python3-uvicorn" >&2; exit 1; }
  /usr/bin/python3 -m uvicorn --app-dir bench/peer fastapi_store_list:app --host 127.0.0.1 \
    --port 0 --log-level warning --no-access-log > "$work/peer.log" 2>&1 &
  peer=$!
  sleep 2
  peer_port=$(ss -ltnp 2>/dev/null | awk -v pid="pid=$peer," '$0 ~ pid { n = split($4, a, ":"); print a[n]; exit }')
  [[ -n "$peer_port" ]] || { echo "peer did not start:"; cat "$work/peer.log"; exit 1; }
  echo "== peer: FastAPI $(/usr/bin/python3 -c 'import fastapi; print(fastapi.__version__)') on uvicorn, same list"
  measure "http://127.0.0.1:$peer_port/api/v1/stores"
  awk -v a="$storeops_rps" -v b="$MEDIAN_RPS" 'BEGIN { printf "ratio storeops/peer: %.1fx requests/s\n", a / b }'
fi
