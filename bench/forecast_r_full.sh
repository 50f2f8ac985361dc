#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# R's tbats and auto.arima + Fourier terms on ALL 2,660 series of the Walmart split (issue #5),
# resumable, niced, with a deadline; then the WMAE of R's models and of ours over the series R
# finished. Takes hours (3-5 s per series and model), so it is meant to run in the background:
#   nohup bench/forecast_r_full.sh build/release --until 19:55 >/tmp/forecast-r/run.log 2>&1 &
# Re-running with the same OUT_DIR continues where the last run stopped (series already written
# are skipped); --score-only skips R and only scores what is there.
#
# Usage: bench/forecast_r_full.sh [BUILD_DIR] [--data DIR] [--out DIR] [--until TIME]
#                                 [--seed S] [--score-only]
#   --out     where R appends its forecasts (default /tmp/forecast-r/full), kept between runs
#   --until   stop R at this time (anything `date -d` reads, e.g. 19:55); default: no deadline
#   STOREOPS_R_WORKERS  R processes in parallel (default 1; each takes one core)
# Scoring (python3) reads R's forecasts and ours (`storeops forecast backtest --dataset walmart
# --forecasts-out FILE`) and prints the WMAE of every model over the series R finished.
set -euo pipefail
cd "$(dirname "$0")/.."
build=build/release
data=../shared/data/walmart-store-sales
out=/tmp/forecast-r/full
until_time=""
seed=2026
score_only=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --data) data=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --until) until_time=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    --score-only) score_only=1; shift ;;
    *) build=$1; shift ;;
  esac
done
workers=${STOREOPS_R_WORKERS:-1}
if [[ ! -f "$data/train.csv" ]]; then
  echo "forecast_r_full: no $data/train.csv (see ../shared/data/walmart-store-sales/README.md)" >&2
  exit 2
fi
mkdir -p "$out"

if [[ $score_only -eq 0 ]]; then
  if ! command -v Rscript >/dev/null || ! Rscript -e 'library(forecast)' >/dev/null 2>&1; then
    echo "forecast_r_full: needs R's forecast package (apt-get install r-cran-forecast)" >&2
    exit 2
  fi
  limit=()
  if [[ -n "$until_time" ]]; then
    seconds=$(($(date -d "$until_time" +%s) - $(date +%s)))
    if [[ $seconds -le 0 ]]; then
      echo "forecast_r_full: --until $until_time is already past" >&2
      exit 2
    fi
    limit=(timeout --signal=TERM --kill-after=30 "$seconds")
  fi
  echo "forecast_r_full: $(date -u +%FT%TZ) R with $workers worker(s), out $out," \
    "until ${until_time:-done}; load $(cut -d' ' -f1-3 /proc/loadavg)" >&2
  pids=()
  for ((w = 0; w < workers; ++w)); do
    OMP_NUM_THREADS=1 "${limit[@]}" nice -n 10 \
      Rscript bench/forecast_r_full.R "$data" "$out" "$seed" "$workers" "$w" &
    pids+=($!)
  done
  status=0
  for pid in "${pids[@]}"; do
    wait "$pid" || status=$?
  done
  echo "forecast_r_full: $(date -u +%FT%TZ) R stopped (status $status; 124 = deadline)" >&2
fi

# Ours: the same split, every model's forecast per series.
binary="$build/app/storeops"
if [[ ! -x "$binary" ]]; then
  echo "forecast_r_full: no $binary; build it first (cmake --build $build --target storeops)" >&2
  exit 2
fi
"$binary" forecast backtest --dataset walmart --data "$data" --horizon 39 --season 52 \
  --format json --forecasts-out "$out/ours.csv" >"$out/ours.json" 2>"$out/ours.err"

python3 bench/forecast_r_score.py "$data" "$out"
