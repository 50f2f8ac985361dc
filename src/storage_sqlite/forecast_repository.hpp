// SPDX-License-Identifier: Apache-2.0
// storage::ForecastRepository on SQLite: `forecast_models` and `forecast_series` of
// migrations/0004_forecast_models.sql. A save is one WriteUnit (version row, series rows and the
// champion switch together); a load is one read transaction.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "storeops/storage/forecast_repository.hpp"

#include "read_pool.hpp"
#include "writer.hpp"

namespace storeops::storage_sqlite::internal {

class SqliteForecastRepository final : public storage::ForecastRepository {
 public:
  SqliteForecastRepository(Writer& writer, ReadPool& readers)
      : writer_(writer), readers_(readers) {}

  [[nodiscard]] core::Result<storage::ForecastModelVersion> SaveVersion(
      const storage::ForecastModelVersion& version,
      const std::vector<storage::StoredForecastSeries>& series) override;
  [[nodiscard]] core::Result<std::vector<storage::ForecastModelVersion>> ListVersions(
      const core::StoreId& store) override;
  [[nodiscard]] core::Result<std::optional<storage::ForecastModelVersion>> Champion(
      const core::StoreId& store) override;
  [[nodiscard]] core::Result<storage::ForecastModelVersion> LoadVersion(int64_t id) override;
  [[nodiscard]] core::Result<storage::StoredForecastSeries> LoadSeries(
      int64_t version, std::string_view department, std::string_view metric) override;
  [[nodiscard]] core::Result<storage::ForecastModelVersion> SetChampion(const core::StoreId& store,
                                                                        int64_t version) override;
  [[nodiscard]] core::Result<int64_t> PruneVersions(const core::StoreId& store,
                                                    int64_t keep) override;

 private:
  Writer& writer_;
  ReadPool& readers_;
};

}  // namespace storeops::storage_sqlite::internal
