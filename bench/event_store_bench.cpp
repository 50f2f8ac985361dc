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

void BM_AppendBatchOf1000(benchmark::State& state) {
  storage::Database& db = SharedDatabase();
  const storage::EventBatch batch{
      testing::MixedEvents("store_" + std::to_string(state.thread_index()), kBatchSize,
                           core::FromEpochMs(1'795'442'400'000), std::chrono::milliseconds(3)),
      {}};
  for (auto _ : state) {
    if (auto appended = db.events().Append(batch); !appended) {
      state.SkipWithError(appended.error().message.c_str());
      break;
    }
  }
  state.SetItemsProcessed(state.iterations() * kBatchSize);
}

// Real time: the threads spend most of it waiting for the shared commit, not on the CPU.
BENCHMARK(BM_AppendBatchOf1000)
    ->Threads(1)
    ->Threads(4)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace storeops::storage_sqlite

BENCHMARK_MAIN();
