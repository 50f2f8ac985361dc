// SPDX-License-Identifier: Apache-2.0
#include "storeops/service/staffing_service.hpp"

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "storeops/service/job_runner.hpp"
#include "storeops/service/store_catalog.hpp"
#include "storeops/testing/fixtures.hpp"
#include "storeops/testing/memory_storage.hpp"

namespace storeops::service {
namespace {

using std::chrono::days;
using std::chrono::hours;

const core::StoreId kStore{"s1"};

// 2026-11-23 is a Monday; "now" is Monday 15:00 UTC (09:00 in Chicago).
constexpr std::string_view kNow = "2026-11-23T15:00:00Z";

std::chrono::sys_days Date(int y, unsigned m, unsigned d) {
  return std::chrono::sys_days(std::chrono::year(y) / std::chrono::month(m) / std::chrono::day(d));
}

// "2026-11-23THH:00:00Z".
std::string TodayAt(int hour) {
  return "2026-11-23T" + std::string(hour < 10 ? "0" : "") + std::to_string(hour) + ":00:00Z";
}

AssignmentEdit Edit(std::string employee, int day, std::string shift) {
  AssignmentEdit edit;
  edit.employee = std::move(employee);
  edit.day = day;
  edit.shift_id = std::move(shift);
  return edit;
}

bool HasField(const core::Error& error, std::string_view field) {
  for (const auto& detail : error.details) {
    if (detail.field == field) {
      return true;
    }
  }
  return false;
}

Employee Staff(std::string id, std::vector<std::string> skills, int max_hours = 40) {
  Employee employee;
  employee.store_id = kStore;
  employee.id = core::EmployeeId{id};
  employee.name = id;
  employee.skills = std::move(skills);
  employee.min_weekly_minutes = 0;
  employee.max_weekly_minutes = max_hours * 60;
  employee.hourly_cost_cents = 1500;
  return employee;
}

class StaffingServiceTest : public ::testing::Test {
 protected:
  StaffingServiceTest()
      : clock_(*core::ParseRfc3339(kNow)),
        catalog_(database_.stores()),
        demand_(database_.aggregates(), clock_),
        staffing_(catalog_, database_.staffing(), demand_, jobs_, clock_) {
    EXPECT_TRUE(catalog_.SaveStore(testing::SmallStore("s1")).has_value());
  }

  ~StaffingServiceTest() override { jobs_.Shutdown(); }

  // Waits for a job to finish (bounded: 60 s).
  JobSnapshot Wait(const std::string& id) {
    for (int i = 0; i < 600; ++i) {
      auto job = jobs_.Get(id);
      EXPECT_TRUE(job.has_value());
      if (job && (job->state == JobState::kSucceeded || job->state == JobState::kFailed ||
                  job->state == JobState::kCancelled)) {
        return *job;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    ADD_FAILURE() << "job " << id << " did not finish";
    return {};
  }

  // Hourly sales of `department` at `hour` (UTC) in each of the 4 weeks before it.
  void History(std::string_view department, core::Timestamp hour,
               const std::vector<int64_t>& transactions_newest_first) {
    storage::HourlyAggregates rows;
    for (size_t k = 0; k < transactions_newest_first.size(); ++k) {
      storage::HourlySales sale;
      sale.store_id = kStore;
      sale.hour = hour - days(7 * static_cast<int>(k + 1));
      sale.department = core::DepartmentId{std::string(department)};
      sale.transactions = transactions_newest_first[k];
      rows.sales.push_back(sale);
    }
    ASSERT_TRUE(database_.aggregates().SaveRollup(rows, {}).has_value());
  }

  // The store's baskets at `hour` (UTC) in each of the 4 weeks before it, `self` of them each
  // week at self-checkout.
  void Baskets(core::Timestamp hour, int64_t baskets, int64_t self) {
    storage::HourlyAggregates rows;
    for (int k = 1; k <= 4; ++k) {
      rows.baskets.push_back({kStore, hour - days(7 * k), baskets, self});
    }
    ASSERT_TRUE(database_.aggregates().SaveRollup(rows, {}).has_value());
  }

  testing::MemoryDatabase database_;
  core::ManualClock clock_;
  StoreCatalog catalog_;
  AggregateDemandSource demand_;
  JobRunner jobs_{{.workers = 1}, clock_};
  StaffingService staffing_;
};

TEST_F(StaffingServiceTest, EmployeeCrudRoundTrips) {
  Employee ana = Staff("ana", {"cashier", "fresh"});
  ana.unavailable = {{2, 0, 720, true, 1}};
  ana.days_off = {{Date(2026, 12, 3), false, 5}, {Date(2026, 12, 1), true, 0}};
  auto created = staffing_.CreateEmployee(ana);
  ASSERT_TRUE(created.has_value()) << created.error().message;
  EXPECT_EQ(created->created, clock_.Now());
  EXPECT_EQ(created->days_off.front().date, Date(2026, 12, 1));  // sorted by date

  auto again = staffing_.CreateEmployee(ana);
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().code, core::ErrorCode::kAlreadyExists);

  ana.name = "Ana Lopez";
  clock_.Set(clock_.Now() + hours(1));
  auto updated = staffing_.UpdateEmployee(ana);
  ASSERT_TRUE(updated.has_value()) << updated.error().message;
  EXPECT_EQ(updated->name, "Ana Lopez");
  EXPECT_EQ(updated->created, *core::ParseRfc3339(kNow));
  EXPECT_EQ(updated->updated, clock_.Now());

  auto listed = staffing_.ListEmployees(kStore);
  ASSERT_TRUE(listed.has_value());
  ASSERT_EQ(listed->size(), 1U);
  EXPECT_TRUE(staffing_.DeleteEmployee(kStore, core::EmployeeId{"ana"}).has_value());
  auto gone = staffing_.GetEmployee(kStore, core::EmployeeId{"ana"});
  ASSERT_FALSE(gone.has_value());
  EXPECT_EQ(gone.error().code, core::ErrorCode::kNotFound);
}

TEST_F(StaffingServiceTest, EmployeeValidationNamesEveryBadField) {
  Employee bad = Staff("bad id", {"cashier", "cashier", ""});
  bad.min_weekly_minutes = 40 * 60;
  bad.max_weekly_minutes = 20 * 60;
  bad.unavailable = {{9, 600, 500, true, -1}};
  bad.days_off = {{Date(2026, 12, 1), true, 0}, {Date(2026, 12, 1), false, 1}};
  auto created = staffing_.CreateEmployee(bad);
  ASSERT_FALSE(created.has_value());
  const core::Error& error = created.error();
  EXPECT_EQ(error.code, core::ErrorCode::kInvalidArgument);
  for (const char* field :
       {"id", "skills[1]", "skills[2]", "contract.max_hours", "availability.unavailable[0].weekday",
        "availability.unavailable[0].to", "availability.unavailable[0].weight",
        "availability.days_off[1].date"}) {
    EXPECT_TRUE(HasField(error, field)) << field << " in " << error.message;
  }
}

TEST_F(StaffingServiceTest, EmployeesOfAnUnknownStoreAreNotFound) {
  Employee ana = Staff("ana", {"cashier"});
  ana.store_id = core::StoreId{"nowhere"};
  auto created = staffing_.CreateEmployee(ana);
  ASSERT_FALSE(created.has_value());
  EXPECT_EQ(created.error().code, core::ErrorCode::kNotFound);
}

TEST_F(StaffingServiceTest, BaselineDemandIsTheHourOfWeekMeanWithEmpiricalQuantiles) {
  const core::Timestamp hour = *core::ParseRfc3339("2026-11-23T17:00:00Z");
  History("produce", hour, {40, 30, 20, 10});
  History("grocery", hour, {4, 4, 4, 4});
  auto produce = demand_.Demand(kStore, "produce", hour, hour + hours(1), DemandGranularity::kHour);
  ASSERT_TRUE(produce.has_value());
  ASSERT_EQ(produce->size(), 1U);
  EXPECT_DOUBLE_EQ((*produce)[0].customers, 25.0);
  // Quantiles of {10, 20, 30, 40} with linear interpolation: p80 at position 2.4 -> 34,
  // p95 at position 2.85 -> 38.5.
  EXPECT_NEAR((*produce)[0].customers_p80, 34.0, 1e-9);
  EXPECT_NEAR((*produce)[0].customers_p95, 38.5, 1e-9);

  auto checkout =
      demand_.Demand(kStore, "checkout", hour, hour + hours(1), DemandGranularity::k15Minutes);
  ASSERT_TRUE(checkout.has_value());
  ASSERT_EQ(checkout->size(), 4U);  // four quarters share the hour evenly
  EXPECT_DOUBLE_EQ((*checkout)[0].customers, 29.0 / 4.0);
}

TEST_F(StaffingServiceTest, CheckoutDemandIsTheBasketsCashiersServe) {
  // 17:00: 50 baskets, 40 in produce and 30 in grocery (20 had lines in both), 10 of them paid
  // at self-checkout. 18:00 was rolled up before the basket roll-up existed: department sum.
  const core::Timestamp hour = *core::ParseRfc3339("2026-11-23T17:00:00Z");
  History("produce", hour, {40, 40, 40, 40});
  History("grocery", hour, {30, 30, 30, 30});
  Baskets(hour, 50, 10);
  History("grocery", hour + hours(1), {7, 7, 7, 7});
  History("produce", hour + hours(1), {5, 5, 5, 5});

  auto checkout =
      demand_.Demand(kStore, "checkout", hour, hour + hours(2), DemandGranularity::kHour);

  ASSERT_TRUE(checkout.has_value()) << checkout.error().message;
  ASSERT_EQ(checkout->size(), 2U);
  EXPECT_DOUBLE_EQ((*checkout)[0].customers, 40.0);  // 50 baskets - 10 at self-checkout, not 70
  EXPECT_DOUBLE_EQ((*checkout)[0].customers_p95, 40.0);
  EXPECT_DOUBLE_EQ((*checkout)[1].customers, 12.0);  // no basket rows: 7 + 5

  // The deployment prediction and the trade-off staff the tills for those 40.
  clock_.Set(hour);
  auto predictions = staffing_.PredictDeployment(
      {.store_id = kStore, .horizon = DeploymentHorizon::kNext4Hours, .departments = {"checkout"}});
  ASSERT_TRUE(predictions.has_value()) << predictions.error().message;
  ASSERT_FALSE(predictions->empty());
  EXPECT_EQ((*predictions)[0].start, hour);
  EXPECT_DOUBLE_EQ((*predictions)[0].predicted_customers, 40.0);
  auto tradeoff = staffing_.Tradeoff({.store_id = kStore, .date = {}, .department = "checkout"});
  ASSERT_TRUE(tradeoff.has_value()) << tradeoff.error().message;
  double customers = 0;
  for (const auto& interval : tradeoff->intervals) {
    customers += interval.customers;
  }
  EXPECT_DOUBLE_EQ(customers, 40.0 + 12.0);
}

TEST_F(StaffingServiceTest, PredictionCoversOpenHoursWithQueueTradeOffs) {
  // Chicago 09:00-13:00 today; 60 baskets an hour at the tills in past weeks.
  for (int h = 15; h < 19; ++h) {
    History("grocery", *core::ParseRfc3339(TodayAt(h)), {60, 60, 60, 60});
  }
  auto predictions = staffing_.PredictDeployment({.store_id = kStore,
                                                  .horizon = DeploymentHorizon::kNext4Hours,
                                                  .departments = {"checkout", "produce"}});
  ASSERT_TRUE(predictions.has_value()) << predictions.error().message;
  ASSERT_EQ(predictions->size(), 8U);  // 4 hours x 2 departments, all open
  const DeploymentPrediction& till =
      (*predictions)[0].department == "checkout" ? (*predictions)[0] : (*predictions)[1];
  EXPECT_EQ(till.time_slot, "09:00-10:00");
  EXPECT_DOUBLE_EQ(till.predicted_customers, 60.0);
  // 60 customers x 150 s = 2.5 Erlangs: 3 tills are stable; 80% within 120 s needs 4.
  EXPECT_GE(till.recommended_staff, 3);
  EXPECT_EQ(till.staff_by_skill.at("cashier"), till.recommended_staff);
  ASSERT_FALSE(till.queue_levels.empty());
  EXPECT_DOUBLE_EQ(till.confidence, 0.95);  // identical weeks: p95 = p80 = mean
}

TEST_F(StaffingServiceTest, PredictionNamesAnUnknownDepartment) {
  auto predictions = staffing_.PredictDeployment({.store_id = kStore,
                                                  .horizon = DeploymentHorizon::kNext4Hours,
                                                  .departments = {"produce", "toys"}});
  ASSERT_FALSE(predictions.has_value());
  EXPECT_EQ(predictions.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_TRUE(HasField(predictions.error(), "departments[1]"));
}

TEST_F(StaffingServiceTest, ScheduleRequestIsCheckedBeforeItBecomesAJob) {
  auto none = staffing_.SubmitSchedule({.store_id = kStore,
                                        .week_start = Date(2026, 11, 30),
                                        .time_limit_seconds = 5,
                                        .departments = {}});
  ASSERT_FALSE(none.has_value());
  EXPECT_EQ(none.error().code, core::ErrorCode::kFailedPrecondition);  // no employees yet

  ASSERT_TRUE(staffing_.CreateEmployee(Staff("ana", {"cashier"})).has_value());
  auto bad = staffing_.SubmitSchedule({.store_id = kStore,
                                       .week_start = Date(2026, 11, 30),
                                       .time_limit_seconds = -1,
                                       .departments = {"toys"}});
  ASSERT_FALSE(bad.has_value());
  EXPECT_TRUE(HasField(bad.error(), "time_limit_seconds"));
  EXPECT_TRUE(HasField(bad.error(), "departments[0]"));
  auto unknown = staffing_.SubmitSchedule({.store_id = core::StoreId{"x"},
                                           .week_start = {},
                                           .time_limit_seconds = 5,
                                           .departments = {}});
  ASSERT_FALSE(unknown.has_value());
  EXPECT_EQ(unknown.error().code, core::ErrorCode::kNotFound);
}

TEST_F(StaffingServiceTest, ScheduleIsBuiltStoredReadAndAnEditIsRescored) {
  ASSERT_TRUE(staffing_.CreateEmployee(Staff("ana", {"cashier"})).has_value());
  ASSERT_TRUE(staffing_.CreateEmployee(Staff("bo", {"cashier"})).has_value());
  auto job = staffing_.SubmitSchedule({.store_id = kStore,
                                       .week_start = Date(2026, 11, 30),
                                       .time_limit_seconds = 10,
                                       .departments = {"checkout"}});
  ASSERT_TRUE(job.has_value()) << job.error().message;
  const JobSnapshot done = Wait(*job);
  ASSERT_EQ(done.state, JobState::kSucceeded)
      << (done.error ? done.error->message : std::string("no error"));
  const auto id_at = done.result_json.find("\"schedule_id\":\"");
  ASSERT_NE(id_at, std::string::npos) << done.result_json;
  const std::string id = done.result_json.substr(id_at + 15, 20);  // "sch_" + 16 hex

  auto view = staffing_.GetSchedule(id);
  ASSERT_TRUE(view.has_value()) << view.error().message;
  EXPECT_EQ(view->roster.status, "solved");
  EXPECT_FALSE(view->roster.assignments.empty());
  EXPECT_TRUE(view->score.feasible);
  // Open 07:00-22:00 every day: one cover row per open hour, rostered 2 cashiers (1 on the floor
  // at minimum coverage, 30% shrinkage).
  ASSERT_EQ(view->coverage.size(), 7U * 15U);
  EXPECT_EQ(view->coverage[0].required, 2);
  int scheduled = 0;
  for (const auto& row : view->coverage) {
    scheduled += row.scheduled;
  }
  EXPECT_GT(scheduled, 0);

  auto listed = staffing_.ListSchedules(kStore);
  ASSERT_TRUE(listed.has_value());
  ASSERT_EQ(listed->size(), 1U);
  EXPECT_EQ(listed->front().id, id);

  // The manager drops every shift but one: more under-coverage, a worse score.
  const auto& first = view->roster.assignments.front();
  auto edited = staffing_.EditSchedule(id, {Edit(first.employee_id, first.day, first.shift_id)});
  ASSERT_TRUE(edited.has_value()) << edited.error().message;
  EXPECT_EQ(edited->schedule.roster.status, "edited");
  EXPECT_EQ(edited->schedule.roster.assignments.size(), 1U);
  EXPECT_GT(edited->delta.total, 0.0);
  EXPECT_NEAR(edited->delta.total, edited->schedule.score.total - edited->previous_total, 1e-6);
  EXPECT_FALSE(edited->delta.added.empty());

  auto bad =
      staffing_.EditSchedule(id, {Edit("nobody", 0, first.shift_id), Edit("ana", 9, "nonsense"),
                                  Edit("ana", 1, "cashier@25:00+60")});
  ASSERT_FALSE(bad.has_value());
  EXPECT_TRUE(HasField(bad.error(), "assignments[0].employee"));
  EXPECT_TRUE(HasField(bad.error(), "assignments[1].day"));
  EXPECT_TRUE(HasField(bad.error(), "assignments[1].shift_id"));
  EXPECT_TRUE(HasField(bad.error(), "assignments[2].shift_id"));
}

TEST_F(StaffingServiceTest, ScheduleCoverFollowsTheStoresLabourStandards) {
  ASSERT_TRUE(staffing_.CreateEmployee(Staff("ana", {"cashier"})).has_value());
  LabourStandardsInput own;
  own.store_id = kStore;
  own.shrinkage = 0;
  DepartmentStandardInput tills;
  tills.department = "checkout";
  tills.minimum_staff = 3;
  own.departments.push_back(tills);
  auto set = staffing_.SetLabourStandards(own);
  ASSERT_TRUE(set.has_value()) << set.error().message;
  EXPECT_TRUE(set->from_store);
  EXPECT_DOUBLE_EQ(set->shrinkage, 0);

  auto job = staffing_.SubmitSchedule({.store_id = kStore,
                                       .week_start = Date(2026, 11, 30),
                                       .time_limit_seconds = 10,
                                       .departments = {"checkout"}});
  ASSERT_TRUE(job.has_value()) << job.error().message;
  const JobSnapshot done = Wait(*job);
  ASSERT_EQ(done.state, JobState::kSucceeded)
      << (done.error ? done.error->message : std::string("no error"));
  auto listed = staffing_.ListSchedules(kStore);
  ASSERT_TRUE(listed.has_value());
  ASSERT_EQ(listed->size(), 1U);
  auto view = staffing_.GetSchedule(listed->front().id);
  ASSERT_TRUE(view.has_value()) << view.error().message;
  // No demand: the store's minimum of 3 cashiers, no shrinkage (the default gives 2).
  ASSERT_FALSE(view->coverage.empty());
  for (const auto& row : view->coverage) {
    EXPECT_EQ(row.required, 3) << row.day << " " << row.start_minute;
  }
}

TEST_F(StaffingServiceTest, InfeasibleWeekFailsTheJobNamingTheRule) {
  Employee ana = Staff("ana", {"cashier"});
  ana.min_weekly_minutes = 40 * 60;
  for (unsigned d = 30; d <= 30; ++d) {
    ana.days_off.push_back({Date(2026, 11, d), true, 0});
  }
  for (unsigned d = 1; d <= 6; ++d) {
    ana.days_off.push_back({Date(2026, 12, d), true, 0});
  }
  ASSERT_TRUE(staffing_.CreateEmployee(ana).has_value());
  auto job = staffing_.SubmitSchedule({.store_id = kStore,
                                       .week_start = Date(2026, 11, 30),
                                       .time_limit_seconds = 10,
                                       .departments = {"checkout"}});
  ASSERT_TRUE(job.has_value());
  const JobSnapshot done = Wait(*job);
  ASSERT_EQ(done.state, JobState::kFailed);
  ASSERT_TRUE(done.error.has_value());
  EXPECT_EQ(done.error->code, core::ErrorCode::kFailedPrecondition);
  EXPECT_FALSE(done.error->details.empty());
  EXPECT_NE(done.error->message.find("ana"), std::string::npos) << done.error->message;
  auto listed = staffing_.ListSchedules(kStore);
  ASSERT_TRUE(listed.has_value());
  EXPECT_TRUE(listed->empty());  // no empty roster stored as a success
}

// --- Cost against wait -------------------------------------------------------------------------

class StaffingTradeoffTest : public StaffingServiceTest {
 protected:
  StaffingTradeoffTest() {
    core::Store store = testing::SmallStore("s1");
    store.lanes.clear();
    for (int i = 1; i <= 6; ++i) {
      store.lanes.push_back({core::LaneId{"L" + std::to_string(i)}, core::ZoneId{"checkout"},
                             i == 6 ? core::LaneKind::kExpress : core::LaneKind::kStaffed, 1,
                             std::nullopt});
    }
    store.lanes.push_back({core::LaneId{"SCO"}, core::ZoneId{"checkout"},
                           core::LaneKind::kSelfCheckout, 6, std::nullopt});
    EXPECT_TRUE(catalog_.SaveStore(std::move(store)).has_value());
    // Today (Chicago) 09:00-13:00: 60 and 120 baskets an hour at the tills in past weeks.
    for (int h = 15; h < 19; ++h) {
      History("grocery", *core::ParseRfc3339(TodayAt(h)), {60, 60, 60, 60});
      History("produce", *core::ParseRfc3339(TodayAt(h)), {h == 16 ? 60 : 0, 0, 0, 0});
    }
  }
};

TEST_F(StaffingTradeoffTest, TracesTheFrontOfTodaysCheckoutQueue) {
  auto tradeoff = staffing_.Tradeoff({.store_id = kStore, .date = {}, .department = "checkout"});
  ASSERT_TRUE(tradeoff.has_value()) << tradeoff.error().message;
  EXPECT_EQ(tradeoff->date, Date(2026, 11, 23));  // today in Chicago
  EXPECT_EQ(tradeoff->department, "checkout");
  EXPECT_EQ(tradeoff->max_lanes, 6);  // 5 staffed + 1 express; self-checkout does not count
  EXPECT_DOUBLE_EQ(tradeoff->wage_per_hour, 15.0);
  EXPECT_FALSE(tradeoff->wage_from_employees);
  EXPECT_DOUBLE_EQ(tradeoff->aht_seconds, 150);
  EXPECT_DOUBLE_EQ(tradeoff->target.within_seconds, 120);
  ASSERT_EQ(tradeoff->intervals.size(), 60U);  // 07:00-22:00 in quarters
  EXPECT_EQ(tradeoff->intervals.front().time_slot, "07:00-07:15");
  EXPECT_EQ(tradeoff->intervals[8].time_slot, "09:00-09:15");
  EXPECT_DOUBLE_EQ(tradeoff->intervals[8].customers, 15.0);
  EXPECT_DOUBLE_EQ(tradeoff->intervals[12].customers, 18.75);  // 10:00: (60 + 15) / 4
  EXPECT_EQ(tradeoff->intervals[8].source, DemandOrigin::kHistoryAverage);

  const auto& points = tradeoff->front.points;
  ASSERT_GE(points.size(), 3U);
  for (size_t k = 1; k < points.size(); ++k) {
    EXPECT_GT(points[k].labour_cost, points[k - 1].labour_cost);
    EXPECT_LT(points[k].average_wait_seconds, points[k - 1].average_wait_seconds);
  }
  // Cheapest: one lane in every quiet quarter (minimum coverage), 3 where 2.5 Erlangs arrive.
  EXPECT_EQ(points.front().lanes[0], 1);
  EXPECT_EQ(points.front().lanes[8], 3);
  // 60 quarters: 44 quiet with 1 lane, 12 with 3 and 4 with 4 (3.125 Erlangs at 10:00) = 96
  // lane-quarters = 24 lane-hours, paid 24 / 0.7 at 30% shrinkage.
  EXPECT_NEAR(points.front().labour_hours, 24.0 / 0.7, 1e-9);
  EXPECT_NEAR(points.front().labour_cost, 24.0 / 0.7 * 15, 1e-9);
  ASSERT_TRUE(tradeoff->front.recommended.has_value());
  EXPECT_TRUE(points[*tradeoff->front.recommended].meets_target);
  EXPECT_GE(points[*tradeoff->front.recommended].service_level, 0.8);
  for (const auto& point : points) {
    EXPECT_EQ(point.lanes[0], 1);  // no customers at 07:00: extra lanes buy nothing
    for (int lanes : point.lanes) {
      EXPECT_LE(lanes, 6);
    }
  }
}

TEST_F(StaffingTradeoffTest, WageComesFromTheCashiersWhenTheyHaveACost) {
  Employee ana = Staff("ana", {"cashier"});
  ana.hourly_cost_cents = 1600;
  Employee bo = Staff("bo", {"cashier"});
  bo.hourly_cost_cents = 2000;
  Employee cy = Staff("cy", {"fresh"});  // not a cashier
  cy.hourly_cost_cents = 9900;
  for (const auto& employee : {ana, bo, cy}) {
    ASSERT_TRUE(staffing_.CreateEmployee(employee).has_value());
  }
  auto tradeoff =
      staffing_.Tradeoff({.store_id = kStore, .date = Date(2026, 11, 24), .department = ""});
  ASSERT_TRUE(tradeoff.has_value()) << tradeoff.error().message;
  EXPECT_TRUE(tradeoff->wage_from_employees);
  EXPECT_DOUBLE_EQ(tradeoff->wage_per_hour, 18.0);
  EXPECT_EQ(tradeoff->department, "checkout");
  EXPECT_EQ(tradeoff->date, Date(2026, 11, 24));
}

TEST_F(StaffingTradeoffTest, ClosedDayHasNoFront) {
  core::Store store = testing::SmallStore("s1");
  store.opening_hours[1] = std::nullopt;  // closed on Tuesdays
  ASSERT_TRUE(catalog_.SaveStore(std::move(store)).has_value());
  auto tradeoff = staffing_.Tradeoff(
      {.store_id = kStore, .date = Date(2026, 11, 24), .department = "checkout"});
  ASSERT_TRUE(tradeoff.has_value()) << tradeoff.error().message;
  EXPECT_TRUE(tradeoff->intervals.empty());
  EXPECT_TRUE(tradeoff->front.points.empty());
  EXPECT_FALSE(tradeoff->front.recommended.has_value());
}

TEST_F(StaffingTradeoffTest, NamesTheBadField) {
  auto old =
      staffing_.Tradeoff({.store_id = kStore, .date = Date(1990, 1, 1), .department = "checkout"});
  ASSERT_FALSE(old.has_value());
  EXPECT_EQ(old.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_TRUE(HasField(old.error(), "date"));
  auto workload = staffing_.Tradeoff({.store_id = kStore, .date = {}, .department = "produce"});
  ASSERT_FALSE(workload.has_value());
  EXPECT_TRUE(HasField(workload.error(), "department")) << workload.error().message;
  auto unknown = staffing_.Tradeoff({.store_id = kStore, .date = {}, .department = "toys"});
  ASSERT_FALSE(unknown.has_value());
  EXPECT_TRUE(HasField(unknown.error(), "department"));
  auto nowhere =
      staffing_.Tradeoff({.store_id = core::StoreId{"x"}, .date = {}, .department = "checkout"});
  ASSERT_FALSE(nowhere.has_value());
  EXPECT_EQ(nowhere.error().code, core::ErrorCode::kNotFound);
}

}  // namespace
}  // namespace storeops::service
