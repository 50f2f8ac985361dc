#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# StoreOps vs R's forecast package on the Walmart split of record (fit 104 weeks, forecast 39,
# 2,660 series; docs/FORECASTING.md, issue #5), in one run:
#   1. R (bench/forecast_r_compare.R) reads the Walmart files, writes the split as our long CSV and
#      fits snaive, thetaf, ets on every series and tbats, auto.arima + Fourier terms on a random
#      subset (--series-limit, default 50, seed --seed, default 2026): those two take 5-10 s per
#      series.
#   2. `storeops forecast backtest --input` runs on the same CSV files (all series, and the subset).
#   3. Speed: our automatic ETS alone on one thread vs R's forecast::ets (single-threaded) on the
#      same 2,660 series, as seconds per fitted series.
# Not part of `make test`. Installs r-cran-forecast (Debian) on demand: it is large, so it is not in
# scripts/install-deps.sh.
# Usage: bench/forecast_r_compare.sh [BUILD_DIR] [DATA_DIR] [--series-limit N] [--seed S]
set -euo pipefail
cd "$(dirname "$0")/.."
build=build/release
data=../shared/data/walmart-store-sales
limit=50
seed=2026
positional=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --series-limit) limit=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    *)
      if [[ $positional -eq 0 ]]; then build=$1; else data=$1; fi
      positional=$((positional + 1)); shift ;;
  esac
done
binary="$build/app/storeops"
if [[ ! -x "$binary" ]]; then
  echo "forecast_r_compare: no $binary; build it first (cmake --build $build --target storeops)" >&2
  exit 2
fi
if [[ ! -f "$data/train.csv" ]]; then
  echo "forecast_r_compare: no $data/train.csv (see ../shared/data/walmart-store-sales/README.md)" >&2
  exit 2
fi
if ! command -v Rscript >/dev/null || ! Rscript -e 'library(forecast)' >/dev/null 2>&1; then
  sudo=""
  if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi
  echo "forecast_r_compare: installing r-cran-forecast (Debian)" >&2
  $sudo apt-get install -y --no-install-recommends r-cran-forecast >&2
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "machine: $(nproc) cores, $(uname -r); build: $build; R: $(Rscript -e 'cat(R.version.string, "forecast", format(packageVersion("forecast")))' 2>/dev/null)" >&2

# R first (it writes the CSV files), single-threaded.
OMP_NUM_THREADS=1 Rscript bench/forecast_r_compare.R "$data" "$work" "$limit" "$seed"

exog=Temperature,Fuel_Price,MarkDown1,MarkDown2,MarkDown3,MarkDown4,MarkDown5,CPI,Unemployment
run() {  # run NAME CSV [flags]: our backtest as JSON
  local name=$1 csv=$2
  shift 2
  "$binary" forecast backtest --input "$csv" --exog "$exog" --horizon 39 --season 52 \
    --format json "$@" >"$work/$name.json" 2>"$work/$name.err"
}
run ours_all "$work/split_all.csv"
run ours_subset "$work/split_subset.csv"
run ours_ets "$work/split_all.csv" --models ets --threads 1

python3 - "$work" <<'EOF'
import csv, json, sys
work = sys.argv[1]
r = list(csv.DictReader(open(f"{work}/r_results.tsv"), delimiter="\t"))
ours = {k: json.load(open(f"{work}/ours_{k}.json")) for k in ("all", "subset", "ets")}
def model(report, name):
    return next(m for m in report["models"] if m["name"] == name)
for scope in ("all", "subset"):
    report = ours[scope]
    ens = model(report, "ensemble")["wmae"]
    print(f"\n## {report['series']} series ({scope}): WMAE, and ours/ensemble relative to it")
    print("| side | model | WMAE | MAE | ensemble vs model |")
    print("|---|---|---|---|---|")
    for m in report["models"]:
        print(f"| StoreOps | {m['name']} | {m['wmae']:.2f} | {m['mae']:.2f} | {100 * (ens / m['wmae'] - 1):+.1f}% |")
    for row in r:
        if row["scope"] == scope:
            w = float(row["wmae"])
            print(f"| R | {row['model']} | {w:.2f} | {float(row['mae']):.2f} | {100 * (ens / w - 1):+.1f}% |"
                  + (f" ({row['fallbacks']} fallbacks to snaive)" if row["fallbacks"] != "0" else ""))
    print(f"\nStoreOps whole backtest ({scope}): {report['seconds']:.2f} s")
series = ours["ets"]["series"]
our_ets = model(ours["ets"], "ets")["seconds"] / (2 * series)  # inner + final fit per series
r_ets = next(float(x["seconds"]) for x in r if x["model"] == "ets" and x["scope"] == "all") / series
print(f"\n## automatic ETS speed, one thread, {series} series")
print(f"StoreOps ets: {1000 * our_ets:.3f} ms per fit (pass of {model(ours['ets'], 'ets')['seconds']:.2f} s = "
      f"{2 * series} fits: inner 65 weeks + final 104 weeks)")
print(f"R forecast::ets: {1000 * r_ets:.3f} ms per fit ({series} fits on 104 weeks)")
print(f"ratio: StoreOps is {r_ets / our_ets:.1f}x faster")
EOF
