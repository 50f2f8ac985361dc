#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The Walmart store-sales backtest of record (docs/FORECASTING.md, issue #5): fit on the first 104
# weeks, forecast the last 39, the 2,660 store x department series with all 143 weeks.
# Usage: bench/forecast_walmart.sh [BUILD_DIR] [DATA_DIR] [extra flags, e.g. --format json]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/release}
data=${2:-../shared/data/walmart-store-sales}
shift $(( $# > 2 ? 2 : $# ))
binary="$build/app/storeops"
if [[ ! -x "$binary" ]]; then
  echo "forecast_walmart: no $binary; build it first (cmake --build $build --target storeops)" >&2
  exit 2
fi
if [[ ! -f "$data/train.csv" ]]; then
  echo "forecast_walmart: no $data/train.csv (see ../shared/data/walmart-store-sales/README.md)" >&2
  exit 2
fi
echo "machine: $(nproc) cores, $(uname -r); build: $build" >&2
/usr/bin/time -f "wall %e s, max RSS %M KiB" \
  "$binary" forecast backtest --dataset walmart --data "$data" --horizon 39 --season 52 "$@"
