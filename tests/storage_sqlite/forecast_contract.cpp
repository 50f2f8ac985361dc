// SPDX-License-Identifier: Apache-2.0
// The forecast model registry part of the storage contract: versions, the champion rule, rollback
// and stored series. Instantiated for SQLite (sqlite_contract_test.cpp) and for the memory doubles
// (memory_contract_test.cpp).
#include <chrono>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "database_contract.hpp"

namespace storeops::storage::contract {
namespace {

using core::ErrorCode;
using std::chrono::hours;

// 2026-11-23T14:00:00Z
constexpr core::Timestamp kHour = core::FromEpochMs(1'795'442'400'000);

ForecastModelVersion Version(const std::string& store, double score) {
  ForecastModelVersion version;
  version.store_id = core::StoreId{store};
  version.data_from = kHour - hours(24 * 28);
  version.data_to = kHour;
  version.model_name = "ensemble";
  version.settings_json = R"({"history_days":28})";
  version.metrics_json = R"({"wmape":)" + std::to_string(score) + "}";
  version.score = score;
  version.seconds = 1.25;
  version.created = kHour + hours(1);
  return version;
}

std::vector<StoredForecastSeries> TwoSeries() {
  // Awkward doubles survive the round trip bit for bit.
  return {{"", "sales", "theta", kHour, hours(1),
           std::vector<double>{0.1, 1.0 / 3.0, -258.25, 1e-300, 12345.678901234, 0.0},
           R"({"hour":[1,2]})"},
          {"produce", "sales", "snaive", kHour, hours(1), std::vector<double>{5, 6, 7}, "{}"}};
}

TEST_P(ForecastContract, FirstVersionBecomesChampionAndRoundTrips) {
  auto empty = forecasts().Champion(core::StoreId{"s1"});
  ASSERT_TRUE(Succeeded(empty));
  EXPECT_FALSE(empty->has_value());
  auto none = forecasts().ListVersions(core::StoreId{"s1"});
  ASSERT_TRUE(Succeeded(none));
  EXPECT_TRUE(none->empty());

  auto saved = forecasts().SaveVersion(Version("s1", 0.2), TwoSeries());
  ASSERT_TRUE(Succeeded(saved));
  EXPECT_GT(saved->id, 0);
  EXPECT_TRUE(saved->champion);
  EXPECT_EQ(saved->series_count, 2);
  ForecastModelVersion expected = Version("s1", 0.2);
  expected.id = saved->id;
  expected.champion = true;
  expected.series_count = 2;
  EXPECT_EQ(*saved, expected);

  Reopen();
  auto loaded = forecasts().LoadVersion(saved->id);
  ASSERT_TRUE(Succeeded(loaded));
  EXPECT_EQ(*loaded, expected);
  auto champion = forecasts().Champion(core::StoreId{"s1"});
  ASSERT_TRUE(Succeeded(champion));
  ASSERT_TRUE(champion->has_value());
  EXPECT_EQ(**champion, expected);
  for (const auto& series : TwoSeries()) {
    auto one = forecasts().LoadSeries(saved->id, series.department, series.metric);
    ASSERT_TRUE(Succeeded(one));
    EXPECT_EQ(*one, series);
  }
}

TEST_P(ForecastContract, NewVersionIsChampionOnlyWhenItsScoreIsLower) {
  auto first = forecasts().SaveVersion(Version("s1", 0.2), TwoSeries());
  ASSERT_TRUE(Succeeded(first));
  auto worse = forecasts().SaveVersion(Version("s1", 0.3), TwoSeries());
  ASSERT_TRUE(Succeeded(worse));
  EXPECT_FALSE(worse->champion);
  auto equal = forecasts().SaveVersion(Version("s1", 0.2), TwoSeries());
  ASSERT_TRUE(Succeeded(equal));
  EXPECT_FALSE(equal->champion);
  auto undefined =
      forecasts().SaveVersion(Version("s1", std::numeric_limits<double>::quiet_NaN()), {});
  ASSERT_TRUE(Succeeded(undefined));
  EXPECT_FALSE(undefined->champion);
  EXPECT_TRUE(std::isnan(undefined->score));
  auto champion = forecasts().Champion(core::StoreId{"s1"});
  ASSERT_TRUE(Succeeded(champion));
  EXPECT_EQ((*champion)->id, first->id);

  auto better = forecasts().SaveVersion(Version("s1", 0.1), TwoSeries());
  ASSERT_TRUE(Succeeded(better));
  EXPECT_TRUE(better->champion);
  EXPECT_GT(better->id, undefined->id);
  auto old = forecasts().LoadVersion(first->id);
  ASSERT_TRUE(Succeeded(old));
  EXPECT_FALSE(old->champion);

  // Newest first, exactly one champion.
  auto versions = forecasts().ListVersions(core::StoreId{"s1"});
  ASSERT_TRUE(Succeeded(versions));
  ASSERT_EQ(versions->size(), 5U);
  EXPECT_EQ(versions->front().id, better->id);
  EXPECT_EQ(versions->back().id, first->id);
  int champions = 0;
  for (const auto& version : *versions) {
    champions += version.champion ? 1 : 0;
  }
  EXPECT_EQ(champions, 1);
}

TEST_P(ForecastContract, ChampionsArePerStore) {
  ASSERT_TRUE(Succeeded(forecasts().SaveVersion(Version("s1", 0.1), TwoSeries())));
  auto other = forecasts().SaveVersion(Version("s2", 0.9), TwoSeries());
  ASSERT_TRUE(Succeeded(other));
  EXPECT_TRUE(other->champion);  // s1's better score does not matter to s2
  auto s1 = forecasts().ListVersions(core::StoreId{"s1"});
  ASSERT_TRUE(Succeeded(s1));
  EXPECT_EQ(s1->size(), 1U);
}

TEST_P(ForecastContract, SetChampionRollsBackAndRefusesOtherStoresVersions) {
  auto first = forecasts().SaveVersion(Version("s1", 0.2), TwoSeries());
  auto second = forecasts().SaveVersion(Version("s1", 0.1), TwoSeries());
  auto foreign = forecasts().SaveVersion(Version("s2", 0.1), TwoSeries());
  ASSERT_TRUE(Succeeded(first));
  ASSERT_TRUE(Succeeded(second));
  ASSERT_TRUE(Succeeded(foreign));

  auto rolled = forecasts().SetChampion(core::StoreId{"s1"}, first->id);
  ASSERT_TRUE(Succeeded(rolled));
  EXPECT_TRUE(rolled->champion);
  EXPECT_EQ(rolled->id, first->id);
  Reopen();
  auto champion = forecasts().Champion(core::StoreId{"s1"});
  ASSERT_TRUE(Succeeded(champion));
  EXPECT_EQ((*champion)->id, first->id);
  auto demoted = forecasts().LoadVersion(second->id);
  ASSERT_TRUE(Succeeded(demoted));
  EXPECT_FALSE(demoted->champion);

  auto wrong_store = forecasts().SetChampion(core::StoreId{"s1"}, foreign->id);
  ASSERT_FALSE(wrong_store);
  EXPECT_EQ(wrong_store.error().code, ErrorCode::kNotFound);
  auto unknown = forecasts().SetChampion(core::StoreId{"s1"}, 999'999);
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, ErrorCode::kNotFound);
  auto still = forecasts().Champion(core::StoreId{"s2"});
  ASSERT_TRUE(Succeeded(still));
  EXPECT_EQ((*still)->id, foreign->id);

  // After a rollback the rule compares with the rolled-back champion.
  auto between = forecasts().SaveVersion(Version("s1", 0.15), {});
  ASSERT_TRUE(Succeeded(between));
  EXPECT_TRUE(between->champion);
}

TEST_P(ForecastContract, PruneKeepsTheChampionAndTheNewestVersionsOfThatStoreOnly) {
  // s1: the best score comes first, so version 1 stays champion while six worse ones follow.
  std::vector<int64_t> ids;
  for (double score : {0.1, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95}) {
    auto saved = forecasts().SaveVersion(Version("s1", score), TwoSeries());
    ASSERT_TRUE(Succeeded(saved));
    ids.push_back(saved->id);
  }
  auto foreign = forecasts().SaveVersion(Version("s2", 0.3), TwoSeries());
  ASSERT_TRUE(Succeeded(foreign));

  auto deleted = forecasts().PruneVersions(core::StoreId{"s1"}, 3);
  ASSERT_TRUE(Succeeded(deleted));
  EXPECT_EQ(*deleted, 3);  // 7 versions - champion - 3 newest
  Reopen();
  auto left = forecasts().ListVersions(core::StoreId{"s1"});
  ASSERT_TRUE(Succeeded(left));
  std::vector<int64_t> left_ids;
  for (const auto& version : *left) {
    left_ids.push_back(version.id);
  }
  EXPECT_EQ(left_ids, (std::vector<int64_t>{ids[6], ids[5], ids[4], ids[0]}));
  auto gone = forecasts().LoadSeries(ids[1], "", "sales");
  ASSERT_FALSE(gone);
  EXPECT_EQ(gone.error().code, ErrorCode::kNotFound);
  EXPECT_TRUE(Succeeded(forecasts().LoadSeries(ids[0], "", "sales")));
  auto other_store = forecasts().ListVersions(core::StoreId{"s2"});
  ASSERT_TRUE(Succeeded(other_store));
  EXPECT_EQ(other_store->size(), 1U);

  auto again = forecasts().PruneVersions(core::StoreId{"s1"}, 3);
  ASSERT_TRUE(Succeeded(again));
  EXPECT_EQ(*again, 0);
  auto refused = forecasts().PruneVersions(core::StoreId{"s1"}, 0);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kInvalidArgument);
}

TEST_P(ForecastContract, UnknownVersionsAndSeriesAreNotFound) {
  auto version = forecasts().LoadVersion(42);
  ASSERT_FALSE(version);
  EXPECT_EQ(version.error().code, ErrorCode::kNotFound);
  auto saved = forecasts().SaveVersion(Version("s1", 0.2), TwoSeries());
  ASSERT_TRUE(Succeeded(saved));
  auto series = forecasts().LoadSeries(saved->id, "bakery", "sales");
  ASSERT_FALSE(series);
  EXPECT_EQ(series.error().code, ErrorCode::kNotFound);
  auto metric = forecasts().LoadSeries(saved->id, "produce", "customers");
  ASSERT_FALSE(metric);
  EXPECT_EQ(metric.error().code, ErrorCode::kNotFound);
}

TEST_P(ForecastContract, InvalidSavesAreRefusedAndStoreNothing) {
  auto duplicate = TwoSeries();
  duplicate.push_back(duplicate.front());
  auto twice = forecasts().SaveVersion(Version("s1", 0.2), duplicate);
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().code, ErrorCode::kInvalidArgument);

  auto not_finite = TwoSeries();
  not_finite[1].values[1] = std::numeric_limits<double>::infinity();
  auto inf = forecasts().SaveVersion(Version("s1", 0.2), not_finite);
  ASSERT_FALSE(inf);
  EXPECT_EQ(inf.error().code, ErrorCode::kInvalidArgument);

  auto zero_step = TwoSeries();
  zero_step[0].step = std::chrono::milliseconds(0);
  auto step = forecasts().SaveVersion(Version("s1", 0.2), zero_step);
  ASSERT_FALSE(step);
  EXPECT_EQ(step.error().code, ErrorCode::kInvalidArgument);

  auto no_store = forecasts().SaveVersion(Version("", 0.2), TwoSeries());
  ASSERT_FALSE(no_store);
  EXPECT_EQ(no_store.error().code, ErrorCode::kInvalidArgument);

  auto versions = forecasts().ListVersions(core::StoreId{"s1"});
  ASSERT_TRUE(Succeeded(versions));
  EXPECT_TRUE(versions->empty());
}

}  // namespace
}  // namespace storeops::storage::contract
