// SPDX-License-Identifier: Apache-2.0
// An in-memory StoreRepository and EventRepository for tests of code above storage (service, api)
// that need no file. The storage contract itself is tested against the real backends in
// tests/storage_sqlite.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "storeops/storage/database.hpp"

namespace storeops::testing {

class MemoryStoreRepository final : public storage::StoreRepository {
 public:
  core::Status SaveStore(const core::Store& store) override;
  core::Result<core::Store> LoadStore(const core::StoreId& id) override;
  core::Result<std::vector<core::StoreSummary>> ListStores() override;

  /// Makes every call fail with kUnavailable, as a database that went away would.
  void SetUnavailable(bool unavailable);

  [[nodiscard]] int load_calls() const;

 private:
  mutable std::mutex mutex_;
  std::map<core::StoreId, core::Store> stores_;
  bool unavailable_ = false;
  int load_calls_ = 0;
};

/// Events in arrival order, dead letters by id. Same ordering rules as the real backends
/// (ts, then arrival; dead letters newest first), no durability.
class MemoryEventRepository final : public storage::EventRepository {
 public:
  core::Status Append(const storage::EventBatch& batch) override;
  core::Result<std::vector<core::Event>> LoadEvents(const core::StoreId& store,
                                                    core::Timestamp from,
                                                    core::Timestamp to) override;
  core::Result<storage::EventCounts> CountEvents() override;
  core::Result<std::vector<storage::DeadLetter>> ListDeadLetters(
      int64_t limit, std::optional<int64_t> before_id) override;
  core::Result<std::vector<storage::StoreEventSpan>> EventSpans() override;
  core::Result<storage::DeletedRows> DeleteEventsBefore(core::Timestamp cutoff,
                                                        int64_t max_rows) override;

  /// How many DeleteEventsBefore calls were made (the retention job deletes in chunks).
  [[nodiscard]] int delete_calls() const;

  /// Makes every call fail with kUnavailable, as a database that went away would.
  void SetUnavailable(bool unavailable);

  [[nodiscard]] int append_calls() const;

 private:
  mutable std::mutex mutex_;
  std::vector<core::Event> events_;                // arrival order
  std::vector<storage::DeadLetter> dead_letters_;  // id order
  int64_t next_dead_letter_id_ = 1;
  bool unavailable_ = false;
  int append_calls_ = 0;
  int delete_calls_ = 0;
};

/// Hourly roll-ups and watermarks, kept sorted by their keys like the real backends return them.
class MemoryAggregateRepository final : public storage::AggregateRepository {
 public:
  core::Status SaveRollup(const storage::HourlyAggregates& rows,
                          const std::vector<storage::RollupWatermark>& watermarks) override;
  core::Result<std::optional<core::Timestamp>> Watermark(const core::StoreId& store) override;
  core::Result<storage::HourlyAggregates> LoadAggregates(const core::StoreId& store,
                                                         core::Timestamp from,
                                                         core::Timestamp to) override;

  /// Makes every call fail with kUnavailable, as a database that went away would.
  void SetUnavailable(bool unavailable);

 private:
  mutable std::mutex mutex_;
  storage::HourlyAggregates rows_;
  std::map<core::StoreId, core::Timestamp> watermarks_;
  bool unavailable_ = false;
};

/// Sealed day keys and the destruction boundary.
class MemoryKeyRepository final : public storage::KeyRepository {
 public:
  core::Result<storage::StoredKeyRing> LoadKeys() override;
  core::Status SaveKey(const storage::StoredDayKey& key) override;
  core::Result<int64_t> DestroyKeysBefore(std::chrono::sys_days day) override;

  /// Makes every call fail with kUnavailable, as a database that went away would.
  void SetUnavailable(bool unavailable);

  [[nodiscard]] int save_calls() const;

 private:
  mutable std::mutex mutex_;
  storage::StoredKeyRing ring_;
  bool unavailable_ = false;
  int save_calls_ = 0;
};

/// The forecast model registry, same champion rule as the real backends.
class MemoryForecastRepository final : public storage::ForecastRepository {
 public:
  core::Result<storage::ForecastModelVersion> SaveVersion(
      const storage::ForecastModelVersion& version,
      const std::vector<storage::StoredForecastSeries>& series) override;
  core::Result<std::vector<storage::ForecastModelVersion>> ListVersions(
      const core::StoreId& store) override;
  core::Result<std::optional<storage::ForecastModelVersion>> Champion(
      const core::StoreId& store) override;
  core::Result<storage::ForecastModelVersion> LoadVersion(int64_t id) override;
  core::Result<storage::StoredForecastSeries> LoadSeries(int64_t version,
                                                         std::string_view department,
                                                         std::string_view metric) override;
  core::Result<storage::ForecastModelVersion> SetChampion(const core::StoreId& store,
                                                          int64_t version) override;
  core::Result<int64_t> PruneVersions(const core::StoreId& store, int64_t keep) override;

  /// Makes every call fail with kUnavailable, as a database that went away would.
  void SetUnavailable(bool unavailable);

 private:
  mutable std::mutex mutex_;
  std::map<int64_t, storage::ForecastModelVersion> versions_;
  std::map<int64_t, std::vector<storage::StoredForecastSeries>> series_;
  bool unavailable_ = false;
};

/// Employees, rosters and labour standards with the same ordering and error rules as the real
/// backends.
class MemoryStaffingRepository final : public storage::StaffingRepository {
 public:
  core::Status CreateEmployee(const storage::StoredEmployee& employee) override;
  core::Status UpdateEmployee(const storage::StoredEmployee& employee) override;
  core::Result<storage::StoredEmployee> LoadEmployee(const core::StoreId& store,
                                                     const core::EmployeeId& id) override;
  core::Result<std::vector<storage::StoredEmployee>> ListEmployees(
      const core::StoreId& store) override;
  core::Status DeleteEmployee(const core::StoreId& store, const core::EmployeeId& id) override;
  core::Status SaveRoster(const storage::StoredRoster& roster) override;
  core::Result<storage::StoredRoster> LoadRoster(const std::string& id) override;
  core::Result<std::vector<storage::RosterSummary>> ListRosters(
      const core::StoreId& store) override;
  core::Result<std::optional<storage::StoredLabourStandards>> LoadLabourStandards(
      const core::StoreId& store) override;
  core::Status SaveLabourStandards(const storage::StoredLabourStandards& standards) override;
  core::Status DeleteLabourStandards(const core::StoreId& store) override;

  /// Makes every call fail with kUnavailable, as a database that went away would.
  void SetUnavailable(bool unavailable);

 private:
  mutable std::mutex mutex_;
  std::map<std::pair<core::StoreId, core::EmployeeId>, storage::StoredEmployee> employees_;
  std::map<std::string, storage::StoredRoster> rosters_;
  std::map<core::StoreId, storage::StoredLabourStandards> standards_;
  bool unavailable_ = false;
};

class MemoryDatabase final : public storage::Database {
 public:
  storage::StoreRepository& stores() override { return stores_; }

  storage::EventRepository& events() override { return events_; }

  storage::AggregateRepository& aggregates() override { return aggregates_; }

  storage::KeyRepository& keys() override { return keys_; }

  storage::ForecastRepository& forecasts() override { return forecasts_; }

  storage::StaffingRepository& staffing() override { return staffing_; }

  core::Status Ping() override;

  /// Nothing lingers in memory; counts the calls.
  core::Status PurgeDeleted() override;

  [[nodiscard]] int purge_calls() const { return purge_calls_.load(); }

  int64_t SchemaVersion() override { return 0; }

  core::Status Close() override { return core::Ok(); }

  MemoryStoreRepository& memory_stores() { return stores_; }

  MemoryEventRepository& memory_events() { return events_; }

  MemoryAggregateRepository& memory_aggregates() { return aggregates_; }

  MemoryKeyRepository& memory_keys() { return keys_; }

  MemoryForecastRepository& memory_forecasts() { return forecasts_; }

  MemoryStaffingRepository& memory_staffing() { return staffing_; }

 private:
  MemoryStoreRepository stores_;
  MemoryEventRepository events_;
  MemoryAggregateRepository aggregates_;
  MemoryKeyRepository keys_;
  MemoryForecastRepository forecasts_;
  MemoryStaffingRepository staffing_;
  std::atomic<int> purge_calls_{0};
};

}  // namespace storeops::testing
