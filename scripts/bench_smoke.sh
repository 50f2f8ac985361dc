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
