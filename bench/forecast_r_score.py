#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
# Scores R's tbats / auto.arima + Fourier forecasts (bench/forecast_r_full.R, OUT_DIR/forecasts.*.tsv)
# and ours (`storeops forecast backtest --forecasts-out OUT_DIR/ours.csv`) on the Walmart test
# weeks, over the series R finished (and over all 2,660 when R finished them all).
# Usage: forecast_r_score.py DATA_DIR OUT_DIR
import csv
import glob
import random
import sys
from collections import defaultdict

FIT, H = 104, 39


def main():
    data_dir, out_dir = sys.argv[1], sys.argv[2]
    sales = defaultdict(dict)
    holiday = {}
    with open(f"{data_dir}/train.csv") as f:
        for row in csv.DictReader(f):
            key = f"{row['Store']}-{row['Dept']}"
            sales[key][row["Date"]] = float(row["Weekly_Sales"])
            holiday[row["Date"]] = holiday.get(row["Date"], False) or row["IsHoliday"] == "TRUE"
    weeks = sorted(holiday)
    assert len(weeks) == FIT + H
    test_weeks = weeks[FIT:]
    weight = [5.0 if holiday[w] else 1.0 for w in test_weeks]
    actual = {k: [v[w] for w in test_weeks] for k, v in sales.items() if len(v) == len(weeks)}

    r = defaultdict(dict)  # model -> series -> forecasts
    fallbacks = defaultdict(int)
    seconds = defaultdict(float)
    for path in sorted(glob.glob(f"{out_dir}/forecasts.*.tsv")):
        for line in open(path):
            parts = line.rstrip("\n").split("\t")
            if len(parts) != 4 + H:
                continue  # cut short by a kill
            key, model = parts[0], parts[1]
            r[f"R {model}"][key] = [float(x) for x in parts[4:]]
            fallbacks[f"R {model}"] += int(parts[3])
            seconds[f"R {model}"] += float(parts[2])
    ours = defaultdict(dict)
    with open(f"{out_dir}/ours.csv") as f:
        reader = csv.reader(f)
        next(reader)
        for row in reader:
            if row[1] in actual:  # department series (not the store totals)
                ours[row[0]][row[1]] = [float(x) for x in row[2:]]

    finished = set(actual)
    for model in r.values():
        finished &= set(model)
    scopes = [(f"the {len(finished)} series R finished", sorted(finished))]
    if len(finished) == len(actual):
        scopes = [(f"all {len(actual)} series", sorted(actual))]
    print(f"R finished both models on {len(finished)} of {len(actual)} series")

    def wmae(forecasts, keys):
        num = den = 0.0
        for k in keys:
            for h in range(H):
                num += weight[h] * abs(actual[k][h] - forecasts[k][h])
                den += weight[h]
        return num / den

    for title, keys in scopes:
        if not keys:
            continue
        ens = wmae(ours["ensemble"], keys)
        print(f"\n## WMAE over {title}; ensemble relative to each model")
        print("| side | model | WMAE | ensemble vs model |")
        print("|---|---|---|---|")
        for name in ours:
            if not name.endswith("mint"):
                w = wmae(ours[name], keys)
                print(f"| StoreOps | {name} | {w:.2f} | {100 * (ens / w - 1):+.1f}% |")
        for name in sorted(r):
            w = wmae(r[name], keys)
            extra = f" ({fallbacks[name]} fallbacks to snaive)" if fallbacks[name] else ""
            print(f"| R | {name[2:]} | {w:.2f} | {100 * (ens / w - 1):+.1f}% |{extra}")
        # Paired view: per series, who has the lower weighted absolute error; and a bootstrap
        # over series (seeded) of the ensemble / model WMAE ratio.
        rng = random.Random(2026)
        def errors(forecasts):
            return [sum(weight[h] * abs(actual[k][h] - forecasts[k][h]) for h in range(H))
                    for k in keys]
        ours_err = errors(ours["ensemble"])
        for name in sorted(r):
            theirs = errors(r[name])
            wins = sum(1 for a, b in zip(ours_err, theirs) if a < b)
            ratios = []
            for _ in range(1000):
                pick = [rng.randrange(len(keys)) for _ in keys]
                ratios.append(sum(ours_err[i] for i in pick) / sum(theirs[i] for i in pick))
            ratios.sort()
            print(f"ensemble vs R {name[2:]}: lower error on {wins} of {len(keys)} series; "
                  f"WMAE ratio 95% bootstrap interval {ratios[25]:.3f}-{ratios[974]:.3f}")
    for name in sorted(r):
        n = len(r[name])
        print(f"R {name[2:]}: {n} series, {seconds[name]:.0f} s, {seconds[name] / max(n, 1):.2f} s per series")


if __name__ == "__main__":
    main()
