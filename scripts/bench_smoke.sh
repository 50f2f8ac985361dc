#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Runs every Google Benchmark binary once with a tiny time budget so benchmarks keep working;
# the figures of record come from `make bench` (docs/BENCHMARKS.md).
set -euo pipefail
build=${1:-build/ci}
found=0
for binary in "$build"/bench/*_bench; do
  [[ -x "$binary" ]] || continue
  found=1
  "$binary" --benchmark_min_time=0.001 >/dev/null
  echo "bench smoke: $(basename "$binary") ok"
done
[[ $found -eq 1 ]] || { echo "bench smoke: no benchmark binaries in $build/bench" >&2; exit 1; }
# The ingest-to-WebSocket latency script, quick mode: one run of 50 POSTs.
if [[ -x "$build/bench/live_latency" && -x "$build/app/storeops" ]]; then
  bench/live_latency.sh "$build" 1 50 5 >/dev/null
  echo "bench smoke: live_latency.sh ok"
fi
# The shift-scheduling benchmark, quick mode: Instance1 with a 20 s limit (skipped without the data).
if [[ -x "$build/app/storeops" && -f ../shared/data/shift-scheduling/Instance1.txt ]]; then
  INSTANCES=1 LIMIT=20 bench/shift_scheduling.sh ../shared/data/shift-scheduling "$build" >/dev/null
  echo "bench smoke: shift_scheduling.sh ok"
fi
