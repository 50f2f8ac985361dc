// SPDX-License-Identifier: Apache-2.0
// The staffing part of the storage contract: employees (with skills, weekly unavailability and
// days off) and week rosters, run against SQLite and the memory doubles.
#include <chrono>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "storeops/core/ids.hpp"
#include "storeops/core/time.hpp"
#include "storeops/storage/staffing_repository.hpp"

#include "database_contract.hpp"

namespace storeops::storage::contract {
namespace {

using std::chrono::days;
using std::chrono::sys_days;

const core::StoreId kStore{"store_001"};

sys_days Day(int year, unsigned month, unsigned day) {
  return sys_days(std::chrono::year(year) / std::chrono::month(month) / std::chrono::day(day));
}

StoredEmployee Ana() {
  StoredEmployee employee;
  employee.store_id = kStore;
  employee.id = core::EmployeeId{"ana"};
  employee.name = "Ana Lopez";
  employee.skills = {"cashier", "sales", "aardvark"};  // not alphabetical: order is kept
  employee.min_weekly_minutes = 1200;
  employee.max_weekly_minutes = 2400;
  employee.max_shift_minutes = 480;
  employee.max_consecutive_days = 5;
  employee.minor = false;
  employee.hourly_cost_cents = 1550;
  employee.unavailable = {{2, 0, 720, true, 1}, {0, 1080, 1440, false, 2.5}};
  employee.days_off = {{Day(2026, 12, 3), true, 0}, {Day(2026, 12, 6), false, 5}};
  employee.created = core::FromEpochMs(1'700'000'000'000);
  employee.updated = core::FromEpochMs(1'700'000'000'000);
  return employee;
}

StoredEmployee Bo() {
  StoredEmployee employee;
  employee.store_id = kStore;
  employee.id = core::EmployeeId{"bo"};
  employee.name = "Bo";
  employee.minor = true;
  employee.created = core::FromEpochMs(1'700'000'100'000);
  employee.updated = core::FromEpochMs(1'700'000'100'000);
  return employee;
}

StoredRoster Week(const std::string& id, sys_days week_start, int64_t created_ms) {
  StoredRoster roster;
  roster.id = id;
  roster.store_id = kStore;
  roster.week_start = week_start;
  roster.status = "solved";
  roster.score_total = 123.25;
  roster.feasible = true;
  roster.gap = 0.01;
  roster.seconds = 1.5;
  roster.assignments = {{"bo", 1, "cashier@08:00+480", 480, 480, "cashier"},
                        {"ana", 0, "sales@06:00+360", 360, 360, "sales"}};
  roster.cover = {{0, 540, 555, "cashier", 2}, {0, 360, 375, "sales", 1}};
  roster.created = core::FromEpochMs(created_ms);
  roster.updated = core::FromEpochMs(created_ms);
  return roster;
}

TEST_P(StaffingContract, EmployeeRoundTripsExactly) {
  ASSERT_TRUE(Succeeded(staffing().CreateEmployee(Ana())));
  auto loaded = staffing().LoadEmployee(kStore, core::EmployeeId{"ana"});
  ASSERT_TRUE(Succeeded(loaded));
  EXPECT_EQ(*loaded, Ana());
}

TEST_P(StaffingContract, CreatingTwiceIsAlreadyExists) {
  ASSERT_TRUE(Succeeded(staffing().CreateEmployee(Ana())));
  auto again = staffing().CreateEmployee(Ana());
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, core::ErrorCode::kAlreadyExists);
}

TEST_P(StaffingContract, SameIdInAnotherStoreIsAnotherEmployee) {
  ASSERT_TRUE(Succeeded(staffing().CreateEmployee(Ana())));
  StoredEmployee other = Ana();
  other.store_id = core::StoreId{"store_002"};
  other.name = "Ana Two";
  ASSERT_TRUE(Succeeded(staffing().CreateEmployee(other)));
  auto first = staffing().ListEmployees(kStore);
  ASSERT_TRUE(Succeeded(first));
  ASSERT_EQ(first->size(), 1U);
  EXPECT_EQ(first->front().name, "Ana Lopez");
}

TEST_P(StaffingContract, UpdateReplacesEverythingButCreated) {
  ASSERT_TRUE(Succeeded(staffing().CreateEmployee(Ana())));
  StoredEmployee changed = Ana();
  changed.skills = {"stock"};
  changed.unavailable.clear();
  changed.days_off = {{Day(2026, 12, 24), false, 3}};
  changed.hourly_cost_cents = 1800;
  changed.created = core::FromEpochMs(1);  // ignored: the original creation time stays
  changed.updated = core::FromEpochMs(1'800'000'000'000);
  ASSERT_TRUE(Succeeded(staffing().UpdateEmployee(changed)));
  auto loaded = staffing().LoadEmployee(kStore, core::EmployeeId{"ana"});
  ASSERT_TRUE(Succeeded(loaded));
  StoredEmployee expected = changed;
  expected.created = Ana().created;
  EXPECT_EQ(*loaded, expected);
}

TEST_P(StaffingContract, UnknownEmployeeIsNotFound) {
  auto loaded = staffing().LoadEmployee(kStore, core::EmployeeId{"nobody"});
  ASSERT_FALSE(loaded);
  EXPECT_EQ(loaded.error().code, core::ErrorCode::kNotFound);
  auto updated = staffing().UpdateEmployee(Ana());
  ASSERT_FALSE(updated);
  EXPECT_EQ(updated.error().code, core::ErrorCode::kNotFound);
  auto deleted = staffing().DeleteEmployee(kStore, core::EmployeeId{"ana"});
  ASSERT_FALSE(deleted);
  EXPECT_EQ(deleted.error().code, core::ErrorCode::kNotFound);
}

TEST_P(StaffingContract, ListIsOrderedByIdAndDeleteRemovesEverything) {
  ASSERT_TRUE(Succeeded(staffing().CreateEmployee(Bo())));
  ASSERT_TRUE(Succeeded(staffing().CreateEmployee(Ana())));
  auto listed = staffing().ListEmployees(kStore);
  ASSERT_TRUE(Succeeded(listed));
  ASSERT_EQ(listed->size(), 2U);
  EXPECT_EQ((*listed)[0], Ana());
  EXPECT_EQ((*listed)[1], Bo());
  ASSERT_TRUE(Succeeded(staffing().DeleteEmployee(kStore, core::EmployeeId{"ana"})));
  // Re-creating after a delete starts clean: no skills or windows of the old row remain.
  StoredEmployee bare = Ana();
  bare.skills.clear();
  bare.unavailable.clear();
  bare.days_off.clear();
  ASSERT_TRUE(Succeeded(staffing().CreateEmployee(bare)));
  auto loaded = staffing().LoadEmployee(kStore, core::EmployeeId{"ana"});
  ASSERT_TRUE(Succeeded(loaded));
  EXPECT_EQ(*loaded, bare);
}

TEST_P(StaffingContract, EmployeesSurviveReopenAndStoreResave) {
  ASSERT_TRUE(Succeeded(staffing().CreateEmployee(Ana())));
  core::Store store;
  store.id = kStore;
  store.name = "Store";
  store.time_zone = "UTC";
  ASSERT_TRUE(Succeeded(stores().SaveStore(store)));
  ASSERT_TRUE(Succeeded(stores().SaveStore(store)));  // a replace must not cascade to staff
  Reopen();
  auto listed = staffing().ListEmployees(kStore);
  ASSERT_TRUE(Succeeded(listed));
  ASSERT_EQ(listed->size(), 1U);
  EXPECT_EQ(listed->front(), Ana());
}

TEST_P(StaffingContract, RosterRoundTripsAndSaveReplaces) {
  StoredRoster roster = Week("r1", Day(2026, 11, 30), 1'700'000'000'000);
  ASSERT_TRUE(Succeeded(staffing().SaveRoster(roster)));
  auto loaded = staffing().LoadRoster("r1");
  ASSERT_TRUE(Succeeded(loaded));
  EXPECT_EQ(*loaded, roster);

  roster.status = "edited";
  roster.feasible = false;
  roster.assignments.pop_back();
  roster.cover.clear();
  roster.updated = core::FromEpochMs(1'700'000'500'000);
  ASSERT_TRUE(Succeeded(staffing().SaveRoster(roster)));
  Reopen();
  loaded = staffing().LoadRoster("r1");
  ASSERT_TRUE(Succeeded(loaded));
  EXPECT_EQ(*loaded, roster);
}

TEST_P(StaffingContract, RosterIdOfAnotherStoreIsRefused) {
  ASSERT_TRUE(Succeeded(staffing().SaveRoster(Week("r1", Day(2026, 11, 30), 1))));
  StoredRoster other = Week("r1", Day(2026, 11, 30), 2);
  other.store_id = core::StoreId{"store_002"};
  auto saved = staffing().SaveRoster(other);
  ASSERT_FALSE(saved);
  EXPECT_EQ(saved.error().code, core::ErrorCode::kInvalidArgument);
}

TEST_P(StaffingContract, UnknownRosterIsNotFound) {
  auto loaded = staffing().LoadRoster("nope");
  ASSERT_FALSE(loaded);
  EXPECT_EQ(loaded.error().code, core::ErrorCode::kNotFound);
}

TEST_P(StaffingContract, ListRostersNewestWeekFirstThenNewestCreated) {
  ASSERT_TRUE(Succeeded(staffing().SaveRoster(Week("a", Day(2026, 11, 23), 5))));
  ASSERT_TRUE(Succeeded(staffing().SaveRoster(Week("b", Day(2026, 11, 30), 1))));
  ASSERT_TRUE(Succeeded(staffing().SaveRoster(Week("c", Day(2026, 11, 30), 3))));
  StoredRoster elsewhere = Week("d", Day(2026, 12, 7), 9);
  elsewhere.store_id = core::StoreId{"store_002"};
  ASSERT_TRUE(Succeeded(staffing().SaveRoster(elsewhere)));
  auto listed = staffing().ListRosters(kStore);
  ASSERT_TRUE(Succeeded(listed));
  ASSERT_EQ(listed->size(), 3U);
  EXPECT_EQ((*listed)[0].id, "c");
  EXPECT_EQ((*listed)[1].id, "b");
  EXPECT_EQ((*listed)[2].id, "a");
  EXPECT_EQ((*listed)[0].assignments, 2);
  EXPECT_EQ((*listed)[0].week_start, Day(2026, 11, 30));
  EXPECT_EQ((*listed)[0].status, "solved");
}

// --- Labour standards ---------------------------------------------------------------------------

StoredLabourStandards Standards() {
  StoredLabourStandards standards;
  standards.store_id = kStore;
  standards.shrinkage = 0.25;
  StoredDepartmentStandard tills;
  tills.department = "checkout";
  tills.kind = "queue";
  tills.skill = "cashier";
  tills.aht_seconds = 75;
  tills.service_level = 0.8;
  tills.within_seconds = 120;
  tills.patience_seconds = 600;
  tills.minimum_staff = 2;
  StoredDepartmentStandard produce;
  produce.department = "produce";
  produce.kind = "workload";
  produce.skill = "fresh";
  produce.service_minutes_per_customer = 1.5;
  produce.items_per_customer = 4;
  produce.items_per_minute = 8;
  produce.utilisation_target = 0.9;
  produce.minimum_staff = 1;
  produce.shrinkage = 0.1;
  standards.departments = {produce, tills};  // not alphabetical: order is kept
  standards.updated = core::FromEpochMs(1'700'000'000'000);
  return standards;
}

TEST_P(StaffingContract, LabourStandardsAreAbsentUntilSavedThenRoundTrip) {
  auto none = staffing().LoadLabourStandards(kStore);
  ASSERT_TRUE(Succeeded(none));
  EXPECT_FALSE(none->has_value());

  ASSERT_TRUE(Succeeded(staffing().SaveLabourStandards(Standards())));
  core::Store store;
  store.id = kStore;
  store.name = "Store";
  store.time_zone = "UTC";
  ASSERT_TRUE(Succeeded(stores().SaveStore(store)));  // re-saving the store keeps them
  Reopen();

  auto loaded = staffing().LoadLabourStandards(kStore);
  ASSERT_TRUE(Succeeded(loaded));
  ASSERT_TRUE(loaded->has_value());
  EXPECT_EQ(**loaded, Standards());
  EXPECT_FALSE((**loaded).departments[1].shrinkage.has_value());  // NULL stays unset
  auto elsewhere = staffing().LoadLabourStandards(core::StoreId{"store_002"});
  ASSERT_TRUE(Succeeded(elsewhere));
  EXPECT_FALSE(elsewhere->has_value());
}

TEST_P(StaffingContract, SavingLabourStandardsReplacesThemWhole) {
  ASSERT_TRUE(Succeeded(staffing().SaveLabourStandards(Standards())));
  StoredLabourStandards fewer = Standards();
  fewer.shrinkage = 0;
  fewer.departments.erase(fewer.departments.begin());
  fewer.departments[0].patience_seconds.reset();
  ASSERT_TRUE(Succeeded(staffing().SaveLabourStandards(fewer)));

  auto loaded = staffing().LoadLabourStandards(kStore);
  ASSERT_TRUE(Succeeded(loaded));
  ASSERT_TRUE(loaded->has_value());
  EXPECT_EQ(**loaded, fewer);
}

TEST_P(StaffingContract, DuplicateDepartmentIsInvalidAndKeepsTheOldStandards) {
  ASSERT_TRUE(Succeeded(staffing().SaveLabourStandards(Standards())));
  StoredLabourStandards twice = Standards();
  twice.shrinkage = 0.5;
  twice.departments.push_back(twice.departments[0]);

  auto saved = staffing().SaveLabourStandards(twice);

  ASSERT_FALSE(saved.has_value());
  EXPECT_EQ(saved.error().code, core::ErrorCode::kInvalidArgument);
  auto loaded = staffing().LoadLabourStandards(kStore);
  ASSERT_TRUE(Succeeded(loaded));
  EXPECT_EQ(**loaded, Standards());
}

TEST_P(StaffingContract, DeletingLabourStandardsGoesBackToNone) {
  auto missing = staffing().DeleteLabourStandards(kStore);
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().code, core::ErrorCode::kNotFound);
  ASSERT_TRUE(Succeeded(staffing().SaveLabourStandards(Standards())));

  ASSERT_TRUE(Succeeded(staffing().DeleteLabourStandards(kStore)));

  auto loaded = staffing().LoadLabourStandards(kStore);
  ASSERT_TRUE(Succeeded(loaded));
  EXPECT_FALSE(loaded->has_value());
}

}  // namespace
}  // namespace storeops::storage::contract
