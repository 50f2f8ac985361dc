#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The dashboard's checks (web/): npm ci from the lockfile, build (API types generated from
# docs/openapi.json, typecheck, Vite), Vitest, the bundle budget, then Playwright in Debian's
# chromium against a real `storeops demo` on loopback. Screenshots land in web/test-results/.
# Usage: scripts/web_test.sh [BUILD_DIR]   (default build/ci: its app/storeops serves the e2e tests)
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir="${1:-build/ci}"
bin="$PWD/$build_dir/app/storeops"
if [[ ! -x "$bin" ]]; then
  echo "web_test: $bin is missing; build it: cmake --build $build_dir --target storeops" >&2
  exit 1
fi
cd web
npm ci --no-audit --no-fund
npm run build
npm test
node scripts/bundle_size.mjs
STOREOPS_BIN="$bin" npx playwright test
