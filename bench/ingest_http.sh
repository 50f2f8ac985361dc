#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Durable ingest over HTTP into SQLite (issue #3's figure): the real binary with the sample store,
# bench/ingest_http_load posting NDJSON batches of 1,000 mixed events from 4 clients for 10 s.
# Prints each run's JSON line and the median events/s over RUNS runs (a fresh database each run).
# Usage: bench/ingest_http.sh [BUILD_DIR] [RUNS] [SECONDS]     (default build/release, 5, 10)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/release}
runs=${2:-5}
seconds=${3:-10}
binary=$build/app/storeops
load=$build/bench/ingest_http_load
[[ -x $binary && -x $load ]] || { echo "build $build first (make bench does)" >&2; exit 1; }

work=$(mktemp -d)
server=""
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true; rm -rf "$work"' EXIT
rates=()
for run in $(seq "$runs"); do
  rm -f "$work"/bench.db* "$work/port"
  "$binary" store import data/stores/supercenter.json --db "$work/bench.db" > /dev/null
  # Access logs stay on, as in production, written to a file.
  "$binary" serve --listen 127.0.0.1:0 --db "$work/bench.db" --port-file "$work/port" \
    > "$work/server.log" 2>&1 &
  server=$!
  for _ in $(seq 100); do [[ -s $work/port ]] && break; sleep 0.1; done
  line=$("$load" --port "$(cat "$work/port")" --clients "${CLIENTS:-4}" --batch "${BATCH:-1000}" \
    --replay-times "${REPLAY_TIMES:-0}" \
    --seconds "$seconds")
  echo "run $run: $line"
  rates+=("$(sed -E 's/.*"events_per_second":([0-9.]+).*/\1/' <<<"$line")")
  kill "$server"; wait "$server" || true; server=""
done
printf '%s\n' "${rates[@]}" | sort -g |
  awk '{ a[NR] = $1 } END { printf "median: %.0f events/s over %d runs\n", (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2, NR }'
