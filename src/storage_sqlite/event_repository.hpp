// SPDX-License-Identifier: Apache-2.0
// storage::EventRepository on SQLite: one table per event type (migrations/0002_raw_events.sql).
// An Append is one WriteUnit that inserts the whole batch with cached statements, so the group
// commit amortises the fsync over every caller's batch; reads merge the six tables in one read
// transaction on a leased connection.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "storeops/core/events.hpp"
#include "storeops/core/result.hpp"
#include "storeops/storage/event_repository.hpp"

#include "read_pool.hpp"
#include "writer.hpp"

namespace storeops::storage_sqlite::internal {

class SqliteEventRepository final : public storage::EventRepository {
 public:
  SqliteEventRepository(Writer& writer, ReadPool& readers) : writer_(writer), readers_(readers) {}

  [[nodiscard]] core::Status Append(const storage::EventBatch& batch) override;
  [[nodiscard]] core::Result<std::vector<core::Event>> LoadEvents(const core::StoreId& store,
                                                                  core::Timestamp from,
                                                                  core::Timestamp to) override;
  [[nodiscard]] core::Result<storage::EventCounts> CountEvents() override;
  [[nodiscard]] core::Result<std::vector<storage::DeadLetter>> ListDeadLetters(
      int64_t limit, std::optional<int64_t> before_id) override;
  [[nodiscard]] core::Result<std::vector<storage::StoreEventSpan>> EventSpans() override;
  [[nodiscard]] core::Result<storage::DeletedRows> DeleteEventsBefore(core::Timestamp cutoff,
                                                                      int64_t max_rows) override;

 private:
  [[nodiscard]] core::Status WriteBatch(WriteContext& context, const storage::EventBatch& batch);

  Writer& writer_;
  ReadPool& readers_;
  // The next `arrival` to hand out, one sequence across the six tables. Touched only inside
  // write units, which run one at a time on the writer thread, so it needs no lock. 0 until the
  // first unit reads the tables' maximum. A rolled-back unit leaves a gap, which is harmless.
  int64_t next_arrival_ = 0;
};

}  // namespace storeops::storage_sqlite::internal
