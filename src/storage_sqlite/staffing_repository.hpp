// SPDX-License-Identifier: Apache-2.0
// storage::StaffingRepository on SQLite: employees with their skills, weekly unavailability and
// days off, week rosters with their assignments and cover (migrations/0005_staffing.sql), and
// labour standards per store (0007_labour_standards.sql).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "storeops/storage/staffing_repository.hpp"

#include "read_pool.hpp"
#include "writer.hpp"

namespace storeops::storage_sqlite::internal {

class SqliteStaffingRepository final : public storage::StaffingRepository {
 public:
  SqliteStaffingRepository(Writer& writer, ReadPool& readers)
      : writer_(writer), readers_(readers) {}

  [[nodiscard]] core::Status CreateEmployee(const storage::StoredEmployee& employee) override;
  [[nodiscard]] core::Status UpdateEmployee(const storage::StoredEmployee& employee) override;
  [[nodiscard]] core::Result<storage::StoredEmployee> LoadEmployee(
      const core::StoreId& store, const core::EmployeeId& id) override;
  [[nodiscard]] core::Result<std::vector<storage::StoredEmployee>> ListEmployees(
      const core::StoreId& store) override;
  [[nodiscard]] core::Status DeleteEmployee(const core::StoreId& store,
                                            const core::EmployeeId& id) override;
  [[nodiscard]] core::Status SaveRoster(const storage::StoredRoster& roster) override;
  [[nodiscard]] core::Result<storage::StoredRoster> LoadRoster(const std::string& id) override;
  [[nodiscard]] core::Result<std::vector<storage::RosterSummary>> ListRosters(
      const core::StoreId& store) override;
  [[nodiscard]] core::Result<std::optional<storage::StoredLabourStandards>> LoadLabourStandards(
      const core::StoreId& store) override;
  [[nodiscard]] core::Status SaveLabourStandards(
      const storage::StoredLabourStandards& standards) override;
  [[nodiscard]] core::Status DeleteLabourStandards(const core::StoreId& store) override;

 private:
  Writer& writer_;
  ReadPool& readers_;
};

}  // namespace storeops::storage_sqlite::internal
