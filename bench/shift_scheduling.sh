#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Roster quality on the public Shift Scheduling Benchmark (Curtois & Qu 2014; docs/BENCHMARKS.md,
# issue #6): solves each instance with `storeops staffing benchmark`, ONE AT A TIME (CBC is CPU
# heavy and the machine is shared), writes each roster, re-checks every roster with the
# independent checker in tests/staffing (when the test binary is built) and prints a table.
# Usage: bench/shift_scheduling.sh [DATA_DIR] [BUILD_DIR]
#   DATA_DIR  default ../shared/data/shift-scheduling (InstanceN.txt, best_known.csv)
#   BUILD_DIR default build/release
#   INSTANCES="1 2 3" to run a subset; LIMIT=10 to override the 60 s (1-5) / 300 s (6-10) limits;
#   OUT=dir to keep the rosters (default: a temporary directory).
set -euo pipefail
cd "$(dirname "$0")/.."
data=${1:-../shared/data/shift-scheduling}
build=${2:-build/release}
binary="$build/app/storeops"
checker="$build/tests/staffing/staffing_test"
if [[ ! -x "$binary" ]]; then
  echo "shift_scheduling: no $binary; build it first (cmake --build $build --target storeops)" >&2
  exit 2
fi
if [[ ! -f "$data/Instance1.txt" ]]; then
  echo "shift_scheduling: no $data/Instance1.txt (see ../shared/data/shift-scheduling/README.md)" >&2
  exit 2
fi
failed=0
out=${OUT:-$(mktemp -d)}
mkdir -p "$out"
echo "machine: $(nproc) cores, $(uname -r); build: $build; rosters in $out" >&2

printf '| instance | objective | best known | gap | proven bound | seconds | CPU s | load at start | limit | target met |\n'
printf '|---|---|---|---|---|---|---|---|---|---|\n'
for n in ${INSTANCES:-1 2 3 4 5 6 7 8 9 10}; do
  if [[ -n "${LIMIT:-}" ]]; then
    limit=$LIMIT
  elif (( n <= 5 )); then
    limit=60
  else
    limit=300
  fi
  # The machine is shared: the load average at the start and the CPU seconds used say how much
  # of the wall-clock time the solver really had.
  load=$(cut -d' ' -f1-3 /proc/loadavg)
  json=$(/usr/bin/time -f '%U %S' -o "$out/Instance$n.time" \
           "$binary" staffing benchmark --instance "$data/Instance$n.txt" --time-limit "$limit" \
           --format json --roster-out "$out/Instance$n.csv" || true)
  cpu=$(awk 'NR == 1 { printf "%.1f", $1 + $2 }' "$out/Instance$n.time" 2>/dev/null || true)
  if [[ -z "$json" ]] || ! jq -e '.objective' <<<"$json" >/dev/null 2>&1; then
    printf '| %s | no roster | | | | | %s | %s | %s | no |\n' "$n" "$cpu" "$load" "$limit"
    failed=1
    continue
  fi
  echo "$json" >"$out/Instance$n.json"
  jq -r --arg limit "$limit" --arg n "$n" --arg cpu "$cpu" --arg load "$load" '
    (if ($n | tonumber) <= 5 then (.gap <= 0.0000001) else (.gap <= 0.05) end) as $met
    | "| \(.instance) | \(.objective | round) | \(.best_known | round) | \(.gap * 10000 | round / 100)% | \(.best_bound * 10 | round / 10) | \(.seconds * 10 | round / 10) | \($cpu) | \($load) | \($limit) s | \(if $met and .feasible then "yes" else "no" end) |"' \
    <<<"$json"
done

if [[ -x "$checker" ]]; then
  STOREOPS_SHIFT_DATA="$data" STOREOPS_SHIFT_ROSTERS="$out" "$checker" \
    --gtest_filter='ShiftBenchmark.WrittenRostersPassTheIndependentChecker' >"$out/checker.log" 2>&1 &&
    echo "independent checker: every written roster is feasible and its objective matches" >&2 ||
    { echo "independent checker FAILED (see $out/checker.log)" >&2; exit 1; }
else
  echo "independent checker skipped: no $checker" >&2
fi
exit "$failed"
