// SPDX-License-Identifier: Apache-2.0
// `storeops staffing erlang`: the worked example through the real binary, and bad flags.
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

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

}  // namespace
}  // namespace storeops::testing
