#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The figures of record for docs/BENCHMARKS.md. Usage: bench/run_all.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/release}
echo "machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(uname -r)"
for binary in "$build"/bench/*_bench; do
  echo "== $(basename "$binary")"
  "$binary" --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
done
echo "== wrk: GET /api/v1/stores"
PEER=1 bench/wrk_store_list.sh "$build" 5
