#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Everything `make test` and CI run, in order; stops at the first failure.
set -euo pipefail
cd "$(dirname "$0")/.."
step() { printf '\n==> %s\n' "$*"; }
# Let ccache reuse objects across checkouts in different folders (CI clones afresh each run).
export CCACHE_BASEDIR="$PWD" CCACHE_NOHASHDIR=true

step "dependencies";   scripts/install-deps.sh
step "format check";   scripts/format.sh --check
step "layering check"; scripts/check_layering.sh
step "ci build: warnings as errors, unit and integration tests"
cmake --workflow --preset ci
step "dashboard: npm ci, build with typecheck, Vitest, bundle budget, Playwright against storeops demo"
scripts/web_test.sh build/ci
step "benchmarks compile and run once"
scripts/bench_smoke.sh build/ci
step "fuzz smoke: each libFuzzer target for 10 s (make fuzz runs them for 5 min)"
scripts/fuzz.sh 10
step "asan build: unit tests under AddressSanitizer and UndefinedBehaviorSanitizer"
cmake --workflow --preset asan
