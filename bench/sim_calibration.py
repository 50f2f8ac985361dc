#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Calibration of the store simulator against real data (docs/SIMULATION.md, "Calibration").

Usage: bench/sim_calibration.py [BUILD_DIR] [--data ../shared/data]

1. Weekly seasonality: monthly traffic factors and holiday-week factors are fitted on Walmart's
   first year (weeks ending 2010-02-05 .. 2011-01-28, all 45 stores summed); the simulator then
   plays the following 52 weeks (2011-01-29 .. 2012-01-27) and its weekly revenue index is
   compared with Walmart's actual index for those weeks (out of sample).
2. Department sales shares: the simulated shares of the 23 departments against the shares of
   Walmart's (anonymised) departments, compared as rank-share curves and concentration.
3. Basket size: distinct categories per simulated transaction against the fitted basket model.
The Walmart files are read at run time and never copied. Standard library only.
"""
import argparse
import collections
import csv
import datetime
import json
import math
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def walmart(data):
    weekly = collections.defaultdict(float)
    dept = collections.defaultdict(float)
    with open(os.path.join(data, "walmart-store-sales", "train.csv"), newline="") as f:
        for row in csv.DictReader(f):
            sales = float(row["Weekly_Sales"])
            weekly[row["Date"]] += sales
            dept[row["Dept"]] += sales
    return weekly, dept


def index(values):
    mean = sum(values) / len(values)
    return [v / mean for v in values]


def corr(a, b):
    ma, mb = sum(a) / len(a), sum(b) / len(b)
    cov = sum((x - ma) * (y - mb) for x, y in zip(a, b))
    return cov / math.sqrt(sum((x - ma) ** 2 for x in a) * sum((y - mb) ** 2 for y in b))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("build", nargs="?", default=os.path.join(ROOT, "build", "release"))
    parser.add_argument("--data", default=os.path.join(ROOT, "..", "shared", "data"))
    parser.add_argument("--replications", type=int, default=3)
    args = parser.parse_args()

    weekly, dept = walmart(args.data)
    dates = sorted(weekly)
    fit = [d for d in dates if "2010-02-05" <= d <= "2011-01-28"]
    test = [d for d in dates if "2011-02-04" <= d <= "2012-01-27"]
    assert len(fit) == 52 and len(test) == 52, (len(fit), len(test))

    # Fit: monthly factors from the first year, then each week's residual against its month.
    fit_index = index([weekly[d] for d in fit])
    by_month = collections.defaultdict(list)
    for d, v in zip(fit, fit_index):
        by_month[int(d[5:7])].append(v)
    monthly = [sum(by_month[m]) / len(by_month[m]) for m in range(1, 13)]
    events = []
    for d, v in zip(fit, fit_index):
        residual = v / monthly[int(d[5:7]) - 1]
        if abs(residual - 1) < 0.05:
            continue
        # The same week one year later (52 weeks = 364 days), every day of it (Saturday-Friday).
        end = datetime.date.fromisoformat(d) + datetime.timedelta(days=364)
        for k in range(7):
            day = end - datetime.timedelta(days=6 - k)
            events.append({"date": day.isoformat(), "name": f"week like {d}",
                           "traffic_factor": round(residual, 4)})
    scenario = {
        "name": "walmart-calibration",
        "start_date": "2011-01-29",
        "days": 364,
        "traffic": {"monthly_factors": [round(m, 4) for m in monthly]},
        "events": events,
    }
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(scenario, f)
        scenario_path = f.name
    binary = os.path.join(args.build, "app", "storeops")
    out = subprocess.run(
        [binary, "simulate", "--store", os.path.join(ROOT, "data", "stores", "supercenter.json"),
         "--basket-model", os.path.join(ROOT, "data", "sim", "basket_model.json"),
         "--scenario", scenario_path, "--replications", str(args.replications), "--format",
         "json"], check=True, capture_output=True, text=True).stdout
    os.unlink(scenario_path)
    report = json.loads(out)

    daily = report["daily_revenue"]
    sim_weeks = [sum(daily[7 * w:7 * w + 7]) for w in range(52)]
    sim_index = index(sim_weeks)
    real_index = index([weekly[d] for d in test])
    mae = sum(abs(a - b) for a, b in zip(sim_index, real_index)) / 52
    print("## Weekly seasonality (52 weeks ending 2011-02-04 .. 2012-01-27, out of sample)\n")
    print(f"correlation of weekly indices: {corr(sim_index, real_index):.3f}; "
          f"mean absolute difference: {mae:.3f}\n")
    print("| week ending | Walmart index | simulated index |\n|---|---|---|")
    for d, r, s in zip(test, real_index, sim_index):
        if abs(r - 1) > 0.08 or d.endswith(("-01", "-02", "-03", "-04", "-05", "-06", "-07")):
            print(f"| {d} | {r:.3f} | {s:.3f} |")

    print("\n## Department sales shares (rank-share curves)\n")
    real = sorted((v for v in dept.values() if v > 0), reverse=True)
    real_total = sum(real)
    sim = sorted((d["revenue"]["mean"] for d in report["department_revenue"]
                  if d["revenue"]["mean"] > 0), reverse=True)
    sim_total = sum(sim)
    names = {d["revenue"]["mean"]: d["department"] for d in report["department_revenue"]}

    def cumulative(values, total, k):
        return sum(values[:k]) / total

    def effective(values, total):
        return 1 / sum((v / total) ** 2 for v in values)

    print("| measure | Walmart (81 departments) | simulated (23 departments) |\n|---|---|---|")
    for k in (1, 3, 5, 10):
        print(f"| top {k} share | {cumulative(real, real_total, k):.3f} | "
              f"{cumulative(sim, sim_total, k):.3f} |")
    print(f"| effective number of departments (1/HHI) | {effective(real, real_total):.1f} | "
          f"{effective(sim, sim_total):.1f} |")
    print("\n| rank | Walmart share | simulated department | simulated share |\n|---|---|---|---|")
    for i in range(min(len(sim), 12)):
        print(f"| {i + 1} | {real[i] / real_total:.3f} | {names[sim[i]]} | {sim[i] / sim_total:.3f} |")

    print("\n## Basket size (distinct categories per basket)\n")
    with open(os.path.join(ROOT, "data", "sim", "basket_model.json")) as f:
        model = json.load(f)["basket_size"]
    counts = report["basket_categories"]
    total = sum(counts[1:])
    sim_pmf = [c / total for c in counts]
    mean_model = sum(k * p for k, p in enumerate(model)) / sum(model[1:])
    mean_sim = sum(k * p for k, p in enumerate(sim_pmf))
    print(f"mean: basket data {mean_model:.2f}, simulated {mean_sim:.2f}\n")
    print("| categories | basket data | simulated |\n|---|---|---|")
    for k in range(1, 13):
        print(f"| {k} | {model[k]:.3f} | {sim_pmf[k]:.3f} |")
    print(f"| 13+ | {sum(model[13:]):.3f} | {sum(sim_pmf[13:]):.3f} |")


if __name__ == "__main__":
    sys.exit(main())
