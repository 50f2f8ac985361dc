// SPDX-License-Identifier: Apache-2.0
// Durable appends of raw events into SQLite: the storage stage of the ingest path. Issue #3
// targets >= 200,000 events/s end to end over HTTP with batches of 1,000 from 4 clients; this
// measures what the storage alone allows. Each iteration is one EventRepository::Append of 1,000
// mixed events that returns once the group commit is durable (WAL, synchronous=FULL), so the
// figures depend on the disk's fsync latency as much as on the CPU.
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include <benchmark/benchmark.h>

#include "storeops/storage_sqlite/sqlite_database.hpp"
#include "storeops/testing/event_fixtures.hpp"
#include "storeops/testing/temp_dir.hpp"

namespace storeops::storage_sqlite {
namespace {

constexpr int kBatchSize = 1000;

// One database per process, shared by every run and thread: threads contend for the single
// writer exactly as concurrent ingest calls do. Rows accumulate across runs, as in a store.
storage::Database& SharedDatabase() {
  static testing::TempDir dir;
  static std::unique_ptr<storage::Database> db = [] {
    auto opened = OpenDatabase(SqliteOptions{.path = (dir / "bench.db").string()});
    return opened ? std::move(*opened) : nullptr;
  }();
  return *db;
}

// Each iteration appends the next 1,000 events of the thread's store in time, as a live store
// does: rows land at the right edge of each table's (store_id, ts_ms, arrival) key. Batches are
// built before the timed loop.
void BM_AppendBatchOf1000(benchmark::State& state) {
  storage::Database& db = SharedDatabase();
  constexpr int kPrebuilt = 64;
  const std::string store = "store_" + std::to_string(state.thread_index());
  std::vector<storage::EventBatch> batches;
  for (int i = 0; i < kPrebuilt; ++i) {
    batches.push_back(storage::EventBatch{
        testing::MixedEvents(store, kBatchSize,
                             core::FromEpochMs(1'795'442'400'000 + int64_t{i} * 3 * kBatchSize),
                             std::chrono::milliseconds(3)),
        {}});
  }
  int64_t round = 0;
  for (auto _ : state) {
    storage::EventBatch& batch = batches[static_cast<size_t>(round % kPrebuilt)];
    if (round >= kPrebuilt && round % kPrebuilt == 0) {
      // Next lap: shift every prebuilt batch forward past the last one appended.
      for (auto& later : batches) {
        for (auto& event : later.events) {
          std::visit(
              [](auto& typed) {
                typed.ts += std::chrono::milliseconds(3 * kBatchSize * kPrebuilt);
              },
              event);
        }
      }
    }
    if (auto appended = db.events().Append(batch); !appended) {
      state.SkipWithError(appended.error().message.c_str());
      break;
    }
    ++round;
  }
  state.SetItemsProcessed(state.iterations() * kBatchSize);
}

// Real time: the threads spend much of it waiting for the shared commit. The CPU column is the
// whole process's (the writer thread's work included), the figure that is robust to a busy
// machine: CPU per 1,000 events on the write path.
BENCHMARK(BM_AppendBatchOf1000)
    ->Threads(1)
    ->Threads(4)
    ->UseRealTime()
    ->MeasureProcessCPUTime()
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace storeops::storage_sqlite

BENCHMARK_MAIN();
