#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# `storeops demo` (issue #4): time from starting the process to the first live occupancy > 0
# (GET /api/v1/stores/store_001/live), and how long the simulated-history backfill takes
# (events/s through the ingest pipeline, retention included), on a fresh database each run.
# Usage: bench/demo_startup.sh [BUILD_DIR] [RUNS] [HISTORY_DAYS] [extra demo flags...]
#        (default build/release, 3, 56; e.g. `bench/demo_startup.sh build/ci 3 56 --start-at 11:00`)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/release}
runs=${2:-3}
days=${3:-56}
shift $(($# < 3 ? $# : 3))
binary=$build/app/storeops
[[ -x $binary ]] || { echo "build $build first" >&2; exit 1; }

work=$(mktemp -d)
server=""
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true; rm -rf "$work"' EXIT
now_ms() { date +%s%3N; }
for run in $(seq "$runs"); do
  rm -f "$work"/demo.db* "$work/port" "$work/master.key"
  start=$(now_ms)
  "$binary" demo --listen 127.0.0.1:0 --db "$work/demo.db" --port-file "$work/port" \
    --history-days "$days" "$@" > "$work/demo.log" 2>&1 &
  server=$!
  for _ in $(seq 300); do [[ -s $work/port ]] && break; sleep 0.05; done
  listening=$(now_ms)
  url="http://127.0.0.1:$(cat "$work/port")/api/v1/stores/store_001/live"
  first=""
  for _ in $(seq 1200); do
    if curl -sf "$url" | python3 -c '
import json, sys
live = json.load(sys.stdin)
occupied = (live.get("people_in_store") or 0) > 0 or any(
    (z.get("occupancy") or 0) > 0 for z in live.get("zones", []))
sys.exit(0 if occupied else 1)'; then
      first=$(now_ms)
      break
    fi
    sleep 0.1
  done
  [[ -n $first ]] || { echo "run $run: no occupancy within 2 minutes" >&2; tail "$work/demo.log" >&2; exit 1; }
  printf 'run %s: listening after %d ms, live occupancy > 0 after %d ms\n' "$run" \
    $((listening - start)) $((first - start))
  if ((days > 0)); then
    for _ in $(seq 3600); do grep -q 'demo history: done' "$work/demo.log" && break; sleep 1; done
    grep -o 'demo history: done[^"]*' "$work/demo.log" || { echo "backfill did not finish" >&2; exit 1; }
  fi
  kill "$server"; wait "$server" || true; server=""
done
