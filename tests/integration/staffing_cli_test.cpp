// SPDX-License-Identifier: Apache-2.0
// `storeops staffing erlang`: the worked example through the real binary, and bad flags;
// `staffing schedule`, `benchmark` and `standards`.
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "storeops/testing/fixtures.hpp"
#include "storeops/testing/temp_dir.hpp"

#include "server_process.hpp"

namespace storeops::testing {
namespace {

std::vector<std::string> WorkedExample() {
  return {"staffing",      "erlang", "--calls",  "100", "--interval-minutes", "30",
          "--aht-seconds", "180",    "--target", "0.8", "--within-seconds",   "20",
          "--shrinkage",   "0.3"};
}

TEST(StaffingCli, ErlangJsonReproducesTheWorkedExample) {
  auto args = WorkedExample();
  args.insert(args.end(), {"--format", "json"});
  auto result = RunStoreops(args);
  ASSERT_EQ(result.exit_code, 0) << result.output;
  const auto json = nlohmann::json::parse(result.output);
  EXPECT_EQ(json.size(), 6U) << result.output;  // exactly the documented keys
  EXPECT_EQ(json["agents"], 14);
  EXPECT_EQ(json["rostered"], 20);
  // Published to three decimals (average wait to one).
  EXPECT_NEAR(json["service_level"].get<double>(), 0.888, 0.0005);
  EXPECT_NEAR(json["waiting_probability"].get<double>(), 0.174, 0.0005);
  EXPECT_NEAR(json["average_wait_seconds"].get<double>(), 7.8, 0.05);
  EXPECT_NEAR(json["occupancy"].get<double>(), 0.714, 0.0005);
  EXPECT_FALSE(json.contains("abandonment"));
}

TEST(StaffingCli, ErlangWithPatienceReportsAbandonment) {
  auto args = WorkedExample();
  args.insert(args.end(), {"--patience-seconds", "120", "--format", "json"});
  auto result = RunStoreops(args);
  ASSERT_EQ(result.exit_code, 0) << result.output;
  const auto json = nlohmann::json::parse(result.output);
  ASSERT_TRUE(json.contains("abandonment")) << result.output;
  EXPECT_GT(json["abandonment"].get<double>(), 0.0);
  EXPECT_GE(json["service_level"].get<double>(), 0.8);
}

TEST(StaffingCli, ErlangTableShowsTheTradeOff) {
  auto result = RunStoreops(WorkedExample());
  ASSERT_EQ(result.exit_code, 0) << result.output;
  EXPECT_NE(result.output.find("Required: 14 agents (20 rostered"), std::string::npos)
      << result.output;
  EXPECT_NE(result.output.find("<- required"), std::string::npos) << result.output;
  EXPECT_NE(result.output.find("88.8%"), std::string::npos) << result.output;
  EXPECT_NE(result.output.find("\n     11 "), std::string::npos) << result.output;  // first stable
  EXPECT_NE(result.output.find("\n     17 "), std::string::npos) << result.output;  // 14 + 3
}

TEST(StaffingCli, BadFlagsExit2NamingTheFlag) {
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{"staffing", "erlang", "--interval-minutes", "30", "--aht-seconds", "180"}, "--calls"},
      {{"staffing", "erlang", "--calls", "abc", "--interval-minutes", "30", "--aht-seconds", "180"},
       "--calls"},
      {{"staffing", "erlang", "--calls", "-5", "--interval-minutes", "30", "--aht-seconds", "180"},
       "--calls"},
      {{"staffing", "erlang", "--calls", "100", "--interval-minutes", "30", "--aht-seconds", "0"},
       "--aht-seconds"},
      {{"staffing", "erlang", "--calls", "100", "--interval-minutes", "30", "--aht-seconds", "180",
        "--target", "1.5"},
       "--target"},
      {{"staffing", "erlang", "--calls", "100", "--interval-minutes", "30", "--aht-seconds", "180",
        "--shrinkage", "1"},
       "--shrinkage"},
      {{"staffing", "erlang", "--calls", "100", "--interval-minutes", "30", "--aht-seconds", "180",
        "--format", "xml"},
       "--format"},
      {{"staffing", "erlang", "--calls", "100", "--interval-minutes", "30", "--aht-seconds", "180",
        "--bogus", "1"},
       "--bogus"},
  };
  for (const auto& [args, flag] : cases) {
    auto result = RunStoreops(args);
    EXPECT_EQ(result.exit_code, 2) << flag << ": " << result.output;
    EXPECT_NE(result.output.find(flag), std::string::npos) << result.output;
  }
}

// `staffing schedule`: the sample week is solved, and the solved roster re-scored as an edit.
TEST(StaffingCli, ScheduleSolvesTheSampleWeekAndRescoresAnEdit) {
  const std::string input = SourcePath("data/staffing/roster_week.json").string();
  auto solved = RunStoreops(
      {"staffing", "schedule", "--input", input, "--time-limit", "20", "--format", "json"});
  ASSERT_EQ(solved.exit_code, 0) << solved.output;
  const auto json = nlohmann::json::parse(solved.output);
  EXPECT_TRUE(json["status"] == "optimal" || json["status"] == "feasible") << solved.output;
  ASSERT_FALSE(json["roster"]["assignments"].empty());
  EXPECT_TRUE(json["score"].contains("total"));

  TempDir dir;
  nlohmann::json edited = json["roster"];
  edited["assignments"].erase(edited["assignments"].begin());
  const auto roster_path = dir / "edited.json";
  const auto baseline_path = dir / "solved.json";
  std::ofstream(roster_path) << edited.dump();
  std::ofstream(baseline_path) << solved.output;
  auto rescored =
      RunStoreops({"staffing", "schedule", "--input", input, "--roster", roster_path.string(),
                   "--baseline", baseline_path.string(), "--format", "json"});
  ASSERT_EQ(rescored.exit_code, 0) << rescored.output;
  EXPECT_NE(rescored.output.find("delta"), std::string::npos) << rescored.output;
}

TEST(StaffingCli, ScheduleOfAMissingFileExits2) {
  auto result = RunStoreops({"staffing", "schedule", "--input", "/nonexistent/week.json"});
  EXPECT_EQ(result.exit_code, 2) << result.output;
}

// `staffing benchmark` on a tiny instance in the benchmark's text format: a feasible roster
// with its objective, gap and time (the real instances run in bench/shift_scheduling.sh).
TEST(StaffingCli, BenchmarkSolvesAnInstanceAndReportsTheGap) {
  TempDir dir;
  const auto instance = dir / "Tiny.txt";
  std::ofstream(instance) << R"(# tiny
SECTION_HORIZON
4

SECTION_SHIFTS
E,480,
L,480,E

SECTION_STAFF
A,E=4|L=2,1920,960,3,1,1,1
B,E=0|L=4,1440,480,2,1,1,1

SECTION_DAYS_OFF
A,2

SECTION_SHIFT_ON_REQUESTS
A,0,E,2

SECTION_SHIFT_OFF_REQUESTS
B,3,L,1

SECTION_COVER
0,E,1,100,1
0,L,1,100,1
1,E,1,100,1
1,L,1,100,1
2,E,1,100,1
2,L,0,100,1
3,E,1,100,1
3,L,1,100,1
)";
  auto result = RunStoreops({"staffing", "benchmark", "--instance", instance.string(),
                             "--time-limit", "10", "--format", "json"});
  ASSERT_EQ(result.exit_code, 0) << result.output;
  const auto json = nlohmann::json::parse(result.output);
  EXPECT_EQ(json["instance"], "Tiny");
  EXPECT_EQ(json["feasible"], true);
  EXPECT_TRUE(json["objective"].is_number());
  EXPECT_TRUE(json.contains("gap"));
  EXPECT_TRUE(json.contains("seconds"));
}

// `staffing standards`: the defaults, a file set and read back (JSON and table), every bad field
// of a refused file named with nothing stored, and reset.
TEST(StaffingCli, StandardsAreSetFromAFileReadAndReset) {
  TempDir dir;
  const std::string db = (dir / "standards.db").string();
  auto imported = RunStoreops({"store", "import", "data/stores/supercenter.json", "--db", db});
  ASSERT_EQ(imported.exit_code, 0) << imported.output;
  const auto get_json = [&db] {
    return RunStoreops(
        {"staffing", "standards", "get", "--store", "store_001", "--db", db, "--format", "json"});
  };
  const auto checkout = [](const nlohmann::json& standards) {
    for (const auto& department : standards["departments"]) {
      if (department["department"] == "checkout") {
        return department;
      }
    }
    return nlohmann::json();
  };

  auto defaults = get_json();
  ASSERT_EQ(defaults.exit_code, 0) << defaults.output;
  auto json = nlohmann::json::parse(defaults.output);
  EXPECT_EQ(json["source"], "default");
  EXPECT_EQ(checkout(json)["aht_seconds"], 150.0);

  const auto good = dir / "good.json";
  std::ofstream(good) << R"({"shrinkage":0.25,"departments":[
      {"department":"checkout","aht_seconds":68,"minimum_staff":2}]})";
  auto set = RunStoreops({"staffing", "standards", "set", "--store", "store_001", "--file",
                          good.string(), "--db", db, "--format", "json"});
  ASSERT_EQ(set.exit_code, 0) << set.output;
  json = nlohmann::json::parse(set.output);
  EXPECT_EQ(json["source"], "store");
  EXPECT_EQ(json["shrinkage"], 0.25);
  EXPECT_EQ(checkout(json)["aht_seconds"], 68.0);
  EXPECT_EQ(checkout(json)["within_seconds"], 120.0);  // unset: the default kept
  EXPECT_EQ(checkout(json)["source"], "store");
  auto read_back = get_json();
  ASSERT_EQ(read_back.exit_code, 0) << read_back.output;
  EXPECT_EQ(nlohmann::json::parse(read_back.output), json);
  auto table = RunStoreops({"staffing", "standards", "get", "--store", "store_001", "--db", db});
  ASSERT_EQ(table.exit_code, 0) << table.output;
  EXPECT_NE(table.output.find("68 s per customer, 80% within 120 s"), std::string::npos)
      << table.output;

  // Each bad field is named (the service's checks and the JSON types), and nothing is stored.
  const auto bad = dir / "bad.json";
  std::ofstream(bad) << R"({"shrinkage":1.5,"departments":[
      {"department":"checkout","aht_seconds":-3},{"department":"nowhere"},
      {"department":"checkout","service_level":"high"}]})";
  auto refused = RunStoreops(
      {"staffing", "standards", "set", "--store", "store_001", "--file", bad.string(), "--db", db});
  EXPECT_EQ(refused.exit_code, 2) << refused.output;  // a JSON type: found before the values
  EXPECT_NE(refused.output.find("departments[2].service_level: must be a number"),
            std::string::npos)
      << refused.output;
  std::ofstream(bad) << R"({"shrinkage":1.5,"departments":[
      {"department":"checkout","aht_seconds":-3},{"department":"nowhere"}]})";
  refused = RunStoreops(
      {"staffing", "standards", "set", "--store", "store_001", "--file", bad.string(), "--db", db});
  EXPECT_EQ(refused.exit_code, 2) << refused.output;
  for (const char* field :
       {"shrinkage", "departments[0].aht_seconds", "departments[1].department"}) {
    EXPECT_NE(refused.output.find(field), std::string::npos) << field << ": " << refused.output;
  }
  std::ofstream(bad) << "{not json";
  refused = RunStoreops(
      {"staffing", "standards", "set", "--store", "store_001", "--file", bad.string(), "--db", db});
  EXPECT_EQ(refused.exit_code, 2) << refused.output;
  EXPECT_NE(refused.output.find("not valid JSON"), std::string::npos) << refused.output;
  refused = RunStoreops(
      {"staffing", "standards", "set", "--store", "nowhere", "--file", good.string(), "--db", db});
  EXPECT_EQ(refused.exit_code, 2) << refused.output;
  EXPECT_EQ(nlohmann::json::parse(get_json().output), json);

  auto reset = RunStoreops({"staffing", "standards", "reset", "--store", "store_001", "--db", db});
  ASSERT_EQ(reset.exit_code, 0) << reset.output;
  EXPECT_EQ(nlohmann::json::parse(get_json().output)["source"], "default");
  reset = RunStoreops({"staffing", "standards", "reset", "--store", "store_001", "--db", db});
  EXPECT_EQ(reset.exit_code, 2) << reset.output;  // it set none
}

}  // namespace
}  // namespace storeops::testing
