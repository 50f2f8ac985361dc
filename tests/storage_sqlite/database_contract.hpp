// SPDX-License-Identifier: Apache-2.0
// The contract every storage::Database backend must meet, as one value-parameterised suite.
// A backend's test binary compiles database_contract.cpp and instantiates the suite with a
// harness that opens its kind of database:
//
//   INSTANTIATE_TEST_SUITE_P(Sqlite, DatabaseContract,
//                            ::testing::Values(DatabaseBackend{"Sqlite", MakeSqliteHarness}),
//                            DatabaseBackendName);
#pragma once

#include <functional>
#include <memory>
#include <ostream>
#include <string>

#include <gtest/gtest.h>

#include "storeops/core/result.hpp"
#include "storeops/core/store.hpp"
#include "storeops/storage/database.hpp"

namespace storeops::storage::contract {

/// Owns one empty database for one test, e.g. a file in a temp folder or a throwaway schema.
class DatabaseHarness {
 public:
  virtual ~DatabaseHarness() = default;

  /// Opens the harness's database. Called again after the previous handle was closed, it must
  /// open the same data (the reopen tests depend on it).
  [[nodiscard]] virtual core::Result<std::unique_ptr<Database>> Open() = 0;
};

struct DatabaseBackend {
  std::string name;  ///< Test-name suffix: letters and digits only.
  /// A fresh harness per test; nullptr when the backend is not configured here, which skips the
  /// test with `how_to_enable` as the reason.
  std::function<std::unique_ptr<DatabaseHarness>()> make_harness;
  std::string how_to_enable;
};

inline void PrintTo(const DatabaseBackend& backend, std::ostream* out) { *out << backend.name; }

inline std::string DatabaseBackendName(const ::testing::TestParamInfo<DatabaseBackend>& info) {
  return info.param.name;
}

class DatabaseContract : public ::testing::TestWithParam<DatabaseBackend> {
 protected:
  void SetUp() override;
  void TearDown() override;

  /// Closes the current handle (if any) and opens the harness's database again.
  void Reopen();

  [[nodiscard]] Database& db() { return *db_; }

  [[nodiscard]] StoreRepository& stores() { return db_->stores(); }

  [[nodiscard]] EventRepository& events() { return db_->events(); }

  [[nodiscard]] AggregateRepository& aggregates() { return db_->aggregates(); }

  [[nodiscard]] KeyRepository& keys() { return db_->keys(); }

  [[nodiscard]] ForecastRepository& forecasts() { return db_->forecasts(); }

  [[nodiscard]] StaffingRepository& staffing() { return db_->staffing(); }

 private:
  std::unique_ptr<DatabaseHarness> harness_;
  std::unique_ptr<Database> db_;
};

/// The retention part of the contract (hourly aggregates, sealed day keys, chunked deletes): a
/// suite of its own so backends that are not full databases (the memory doubles of tests/support)
/// run it too. retention_contract.cpp holds its tests.
class RetentionContract : public DatabaseContract {};

/// The forecast model registry part of the contract (forecast_contract.cpp); run against SQLite
/// and the memory doubles.
class ForecastContract : public DatabaseContract {};

/// Employees and rosters (staffing_contract.cpp); run against SQLite and the memory doubles.
class StaffingContract : public DatabaseContract {};

/// Success, or a failure message with the error's code name and message.
template <class T>
::testing::AssertionResult Succeeded(const core::Result<T>& result) {
  if (result) {
    return ::testing::AssertionSuccess();
  }
  return ::testing::AssertionFailure()
         << core::ErrorCodeName(result.error().code) << ": " << result.error().message;
}

/// A store with `zone_count` zones and `sku_count` SKUs whose ids are not in alphabetical order
/// (so order must come from storage, not sorting) and whose doubles are awkward (0.1, 1e-9,
/// 12345.678901234, 1/3, the smallest subnormal, the largest finite double).
[[nodiscard]] core::Store BigStore(const std::string& id, int zone_count, int sku_count);

}  // namespace storeops::storage::contract
