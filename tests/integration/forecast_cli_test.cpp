// SPDX-License-Identifier: Apache-2.0
// `storeops forecast backtest` end to end on the committed fixture: the JSON shape the issue
// specifies, and bad input rejected with exit code 2 and the series and line named.
#include <fstream>
#include <set>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "storeops/testing/temp_dir.hpp"

#include "server_process.hpp"

namespace storeops::testing {
namespace {

constexpr const char* kFixture = "tests/forecast/fixtures/weekly_sales.csv";

TEST(ForecastCli, BacktestJsonHasTheDocumentedShape) {
  auto result = RunStoreops({"forecast", "backtest", "--input", kFixture, "--horizon", "4",
                             "--season", "4", "--exog", "price", "--format", "json"});
  ASSERT_EQ(result.exit_code, 0) << result.output;
  // stdout and stderr are captured together; the JSON document is the line starting with '{'.
  const auto start = result.output.find("{\"series\"");
  ASSERT_NE(start, std::string::npos) << result.output;
  const auto end = result.output.find('\n', start);
  const auto json = nlohmann::json::parse(result.output.substr(start, end - start));
  EXPECT_EQ(json["series"], 3);
  EXPECT_TRUE(json["seconds"].is_number());
  ASSERT_TRUE(json["models"].is_array());
  std::set<std::string> names;
  for (const auto& model : json["models"]) {
    names.insert(model["name"].get<std::string>());
    for (const char* key :
         {"mae", "rmse", "wmape", "mase", "rmsse", "wmae", "coverage80", "coverage95", "seconds"}) {
      ASSERT_TRUE(model.contains(key)) << model.dump();
      EXPECT_TRUE(model[key].is_number()) << key << " in " << model.dump();
    }
    EXPECT_GE(model["coverage80"].get<double>(), 0.0);
    EXPECT_LE(model["coverage95"].get<double>(), 1.0);
  }
  for (const char* name : {"snaive", "ets", "ensemble"}) {
    EXPECT_EQ(names.count(name), 1U) << name;
  }
}

TEST(ForecastCli, TableFormatIsTheDefault) {
  auto result =
      RunStoreops({"forecast", "backtest", "--input", kFixture, "--horizon", "4", "--season", "4"});
  ASSERT_EQ(result.exit_code, 0) << result.output;
  EXPECT_NE(result.output.find("WMAE"), std::string::npos) << result.output;
  EXPECT_NE(result.output.find("ensemble"), std::string::npos) << result.output;
}

TEST(ForecastCli, BadInputExits2NamingSeriesAndLine) {
  TempDir dir;
  const auto gap = dir / "gap.csv";
  std::ofstream(gap) << "series_id,timestamp,value\n"
                        "a,1,10\na,2,11\na,3,12\na,4,13\na,5,14\na,6,15\na,7,16\na,8,17\n"
                        "b,1,10\nb,2,11\nb,4,12\nb,5,13\nb,6,14\nb,7,15\nb,8,16\nb,9,17\n";
  auto gapped = RunStoreops(
      {"forecast", "backtest", "--input", gap.string(), "--horizon", "2", "--season", "1"});
  EXPECT_EQ(gapped.exit_code, 2) << gapped.output;
  EXPECT_NE(gapped.output.find("series 'b', row 12: gap"), std::string::npos) << gapped.output;

  const auto text = dir / "text.csv";
  std::ofstream(text) << "series_id,timestamp,value\na,1,10\na,2,ten\n";
  auto texted = RunStoreops(
      {"forecast", "backtest", "--input", text.string(), "--horizon", "1", "--season", "1"});
  EXPECT_EQ(texted.exit_code, 2) << texted.output;
  EXPECT_NE(texted.output.find("line 3 (series 'a'): value 'ten' is not a number"),
            std::string::npos)
      << texted.output;
}

}  // namespace
}  // namespace storeops::testing
