// SPDX-License-Identifier: Apache-2.0
// The store digital twin: one store-day of 10,000 shoppers on the sample supercenter (target
// <= 0.5 s on one core), KPIs only and with every event built, and a week run incrementally to
// show that memory stays flat (counters: shopper slots ever allocated, events per day).
#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include "storeops/sim/scenario.hpp"
#include "storeops/sim/simulator.hpp"
#include "storeops/store_definition/store_json.hpp"
#include "storeops/testing/fixtures.hpp"

namespace {

using namespace storeops;

struct Inputs {
  core::Store store;
  sim::BasketModel model;
  sim::Scenario scenario;
};

const Inputs& Load() {
  static const Inputs inputs = [] {
    Inputs in;
    in.store = *store_definition::ReadStoreFile(
        testing::SourcePath("data/stores/supercenter.json").string());
    in.model = *sim::ParseBasketModelJson(
        testing::ReadFileText(testing::SourcePath("data/sim/basket_model.json")));
    in.scenario = sim::DefaultScenario();
    in.scenario.days = 1;
    // Monday's factor is 0.92: 10,870 x 0.92 = 10,000 expected shoppers.
    in.scenario.traffic.daily_shoppers = 10'000 / in.scenario.traffic.weekday_factors[0];
    return in;
  }();
  return inputs;
}

void BM_StoreDay10kShoppers(benchmark::State& state) {
  const auto& in = Load();
  const bool events = state.range(0) != 0;
  double shoppers = 0;
  size_t emitted = 0;
  uint64_t seed = 1;
  std::vector<sim::SimEvent> out;
  for (auto _ : state) {
    auto simulation = sim::Simulation::Create(in.store, in.scenario, in.model, {seed++, 0, events});
    out.clear();
    simulation->RunToEnd(events ? &out : nullptr);
    shoppers = simulation->Results().shoppers;
    emitted = out.size();
    benchmark::DoNotOptimize(shoppers);
  }
  state.counters["shoppers"] = shoppers;
  state.counters["events"] = static_cast<double>(emitted);
  state.SetLabel(events ? "with events" : "KPIs only");
}

BENCHMARK(BM_StoreDay10kShoppers)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

// A week in one-hour steps, events built and dropped each step, as `storeops demo` will run it.
void BM_WeekIncremental(benchmark::State& state) {
  const auto& in = Load();
  sim::Scenario week = in.scenario;
  week.days = 7;
  size_t slots_day1 = 0;
  size_t slots_week = 0;
  size_t peak_events = 0;
  for (auto _ : state) {
    auto simulation = sim::Simulation::Create(in.store, week, in.model, {7, 0, true});
    std::vector<sim::SimEvent> out;
    int hours = 0;
    while (!simulation->Finished()) {
      out.clear();
      simulation->Advance(std::chrono::hours(1), &out);
      peak_events = std::max(peak_events, out.size());
      if (++hours == 24) {
        slots_day1 = simulation->ShopperCapacity();
      }
    }
    slots_week = simulation->ShopperCapacity();
  }
  state.counters["slots_day1"] = static_cast<double>(slots_day1);
  state.counters["slots_week"] = static_cast<double>(slots_week);
  state.counters["peak_events_per_hour"] = static_cast<double>(peak_events);
}

BENCHMARK(BM_WeekIncremental)->Unit(benchmark::kMillisecond)->Iterations(1);

}  // namespace

BENCHMARK_MAIN();
