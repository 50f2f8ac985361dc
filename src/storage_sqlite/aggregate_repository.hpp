// SPDX-License-Identifier: Apache-2.0
// storage::AggregateRepository on SQLite: the five hourly roll-up tables and the watermarks of
// migrations/0003_retention.sql. A SaveRollup is one WriteUnit of upserts; a load is one read
// transaction over the five tables.
#pragma once

#include <optional>
#include <vector>

#include "storeops/storage/aggregate_repository.hpp"

#include "read_pool.hpp"
#include "writer.hpp"

namespace storeops::storage_sqlite::internal {

class SqliteAggregateRepository final : public storage::AggregateRepository {
 public:
  SqliteAggregateRepository(Writer& writer, ReadPool& readers)
      : writer_(writer), readers_(readers) {}

  [[nodiscard]] core::Status SaveRollup(
      const storage::HourlyAggregates& rows,
      const std::vector<storage::RollupWatermark>& watermarks) override;
  [[nodiscard]] core::Result<std::optional<core::Timestamp>> Watermark(
      const core::StoreId& store) override;
  [[nodiscard]] core::Result<storage::HourlyAggregates> LoadAggregates(const core::StoreId& store,
                                                                       core::Timestamp from,
                                                                       core::Timestamp to) override;

 private:
  Writer& writer_;
  ReadPool& readers_;
};

}  // namespace storeops::storage_sqlite::internal
