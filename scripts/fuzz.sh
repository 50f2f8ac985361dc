#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Builds the libFuzzer targets with clang (preset fuzz) and runs each for SECONDS (default 300),
# starting from the seed corpus in fuzz/corpus/<target>. Prints executions per target; exits 1
# when a target finds a crash (the reproducer is left in build/fuzz/findings/).
#   scripts/fuzz.sh            # five minutes each: the figure of record (make fuzz)
#   scripts/fuzz.sh 15         # a smoke run (make test)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-300}"
targets=(event_parser_fuzz csv_import_fuzz)

cmake --preset fuzz >/dev/null
cmake --build --preset fuzz --target "${targets[@]}"

mkdir -p build/fuzz/findings
status=0
for target in "${targets[@]}"; do
  seeds="fuzz/corpus/${target%_fuzz}"
  corpus="build/fuzz/corpus/${target}"
  mkdir -p "$corpus"
  log="build/fuzz/${target}.log"
  # Grown corpus lives under build/ so the committed seeds stay small and reviewed.
  if ! ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
    "build/fuzz/fuzz/${target}" "$corpus" "$seeds" -max_total_time="$seconds" \
    -max_len=65536 -timeout=30 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="build/fuzz/findings/${target}-" >"$log" 2>&1; then
    status=1
    echo "fuzz: ${target} FOUND A PROBLEM: see ${log} and build/fuzz/findings/" >&2
    tail -n 40 "$log" >&2
  fi
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")
  corpus_size=$(find "$corpus" -type f | wc -l)
  echo "fuzz: ${target}: ${runs} executions in ${seconds} s, corpus ${corpus_size} inputs"
done
exit "$status"
