// SPDX-License-Identifier: Apache-2.0
// Folding accepted events into the live state (src/live), which runs on the ingest path after every
// durable batch. A busy store keeps many device tokens inside the presence window; this keeps
// `Arg` distinct tokens live and applies batches of 1,000 presence events whose time moves on by
// 1 ms per event, as ingest does. The cost per batch must not grow with the number of live tokens
// (a full scan of them per batch once took 38 % of the server's CPU under the HTTP load test).
#include <chrono>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include "storeops/core/events.hpp"
#include "storeops/live/live_state.hpp"
#include "storeops/testing/fixtures.hpp"

namespace storeops::live {
namespace {

constexpr int kBatchSize = 1000;

core::Presence PresenceOf(const core::Store& store, int64_t device, core::Timestamp ts) {
  return core::Presence{store.id, ts, fmt::format("tok-{:012x}", device),
                        store.zones[static_cast<size_t>(device) % store.zones.size()].id};
}

void BM_ApplyPresenceBatch(benchmark::State& state) {
  const core::Store store = testing::SmallStore();
  const auto live_tokens = state.range(0);
  LiveState live(LiveOptions{});
  core::Timestamp ts = core::FromEpochMs(1'795'442'400'000);
  // Fill the window: every token seen once within the last minute.
  std::vector<core::Event> batch;
  batch.reserve(kBatchSize);
  for (int64_t device = 0; device < live_tokens; ++device) {
    batch.emplace_back(PresenceOf(store, device, ts));
    if (batch.size() == kBatchSize) {
      live.Apply(store, batch);
      batch.clear();
    }
    if (device % 1000 == 999) {
      ts += std::chrono::milliseconds(60'000 * 1000 / live_tokens);
    }
  }
  int64_t device = 0;
  for (auto _ : state) {
    state.PauseTiming();
    batch.clear();
    for (int i = 0; i < kBatchSize; ++i) {
      ts += std::chrono::milliseconds(1);
      batch.emplace_back(PresenceOf(store, device, ts));
      device = (device + 1) % live_tokens;
    }
    state.ResumeTiming();
    benchmark::DoNotOptimize(live.Apply(store, batch));
  }
  state.SetItemsProcessed(state.iterations() * kBatchSize);
}

BENCHMARK(BM_ApplyPresenceBatch)->Arg(2'000)->Arg(200'000)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace storeops::live

BENCHMARK_MAIN();
