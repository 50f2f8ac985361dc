// SPDX-License-Identifier: Apache-2.0
#include "database_contract.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <limits>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "storeops/core/ids.hpp"
#include "storeops/core/money.hpp"
#include "storeops/testing/fixtures.hpp"

namespace storeops::storage::contract {

void DatabaseContract::SetUp() {
  harness_ = GetParam().make_harness();
  if (harness_ == nullptr) {
    GTEST_SKIP() << GetParam().name << " backend not configured: " << GetParam().how_to_enable;
  }
  Reopen();
}

void DatabaseContract::TearDown() {
  if (db_ != nullptr) {
    EXPECT_TRUE(Succeeded(db_->Close()));
  }
  db_.reset();
  harness_.reset();
}

void DatabaseContract::Reopen() {
  if (db_ != nullptr) {
    ASSERT_TRUE(Succeeded(db_->Close()));
    db_.reset();
  }
  auto opened = harness_->Open();
  ASSERT_TRUE(Succeeded(opened));
  db_ = std::move(*opened);
}

core::Store BigStore(const std::string& id, int zone_count, int sku_count) {
  constexpr std::array<double, 8> kAwkward = {0.1,
                                              1e-9,
                                              12345.678901234,
                                              1.0 / 3.0,
                                              std::numeric_limits<double>::denorm_min(),
                                              -2.5e-7,
                                              1e300,
                                              std::numeric_limits<double>::max()};
  constexpr std::array<core::ZoneType, 6> kTypes = {
      core::ZoneType::kEntrance, core::ZoneType::kDepartment, core::ZoneType::kAisle,
      core::ZoneType::kCheckout, core::ZoneType::kService,    core::ZoneType::kStockroom};
  auto awkward = [&](size_t i) { return kAwkward[i % kAwkward.size()]; };

  core::Store store;
  store.id = core::StoreId{id};
  store.name = "Grand Magasin " + id + " \xC3\xA9t\xC3\xA9 \xE2\x82\xAC";  // été €: UTF-8
  store.time_zone = "Europe/Paris";
  store.opening_hours = {std::nullopt,
                         core::DailyHours{0, 1440},
                         core::DailyHours{480, 1290},
                         core::DailyHours{480, 1290},
                         core::DailyHours{420, 1320},
                         core::DailyHours{540, 1200},
                         std::nullopt};
  const auto zones = static_cast<size_t>(zone_count);
  for (size_t i = 0; i < zones; ++i) {
    core::Zone zone;
    zone.id = core::ZoneId{"zone_" + std::to_string(zones - i)};  // "zone_9" sorts after "zone_10"
    zone.name = "Zone 'quoted' \"" + std::to_string(i) + "\"";
    zone.type = kTypes[i % kTypes.size()];
    for (size_t j = 0; j < 3 + i % 5; ++j) {
      zone.polygon.push_back(core::Point{static_cast<double>(i) + awkward(j),
                                         awkward(i + j) * static_cast<double>(j)});
    }
    zone.centre = core::Point{static_cast<double>(i) * 0.1, 1e-9 * static_cast<double>(i)};
    zone.area_m2 = 12345.678901234 + static_cast<double>(i);
    store.zones.push_back(std::move(zone));
  }
  for (size_t i = 0; i + 1 < zones; ++i) {
    store.adjacency.push_back(core::ZoneLink{store.zones[i + 1].id, store.zones[i].id,
                                             static_cast<double>(i) * 0.1 + 1e-9});
  }
  if (zones >= 2) {
    // The same walkway twice, reversed: storage keeps what it is given.
    store.adjacency.push_back(core::ZoneLink{store.zones[0].id, store.zones[1].id, 0.1});
  }
  const std::array<std::string, 3> department_ids = {"toys", "bakery", "apparel"};
  for (size_t d = 0; d < department_ids.size(); ++d) {
    core::Department department;
    department.id = core::DepartmentId{department_ids[d]};
    department.name = "Department " + department_ids[d];
    for (size_t i = zones; i-- > 0;) {
      if (i % department_ids.size() == d) {
        department.zones.push_back(store.zones[i].id);
      }
    }
    if (d != 1) {
      department.skills = {"sales", "forklift", d == 0 ? "first_aid" : "tailoring"};
    }
    store.departments.push_back(std::move(department));
  }
  const std::array<std::string, 4> category_ids = {"plush", "bread", "shirts", "cakes"};
  for (size_t c = 0; c < category_ids.size(); ++c) {
    store.categories.push_back(core::Category{core::CategoryId{category_ids[c]},
                                              "Category " + category_ids[c],
                                              store.departments[c % 3].id});
  }
  const auto skus = static_cast<size_t>(sku_count);
  for (size_t i = 0; i < skus; ++i) {
    core::Sku sku;
    sku.id = core::SkuId{std::to_string(9000000 - i * 7)};
    sku.name = "Item " + std::to_string(i);
    sku.category = store.categories[i % store.categories.size()].id;
    sku.price = core::Money::FromCents(static_cast<int64_t>(i) * 37 + 1);
    sku.unit_cost = core::Money::FromCents(i == 0 ? int64_t{9'000'000'000'000'000}
                                                  : static_cast<int64_t>(i) * 19);
    sku.shelf_capacity = static_cast<int32_t>(i % 400);
    if (zones > 0 && i % 11 != 0) {
      sku.home_zone = store.zones[i % zones].id;  // every 11th has no home zone
    }
    store.skus.push_back(std::move(sku));
  }
  if (zones > 0) {
    store.lanes = {
        {core::LaneId{"L9"}, store.zones[0].id, core::LaneKind::kStaffed, 1, std::nullopt},
        {core::LaneId{"L1"}, store.zones[0].id, core::LaneKind::kExpress, 1, 10},
        {core::LaneId{"SCO"}, store.zones[zones - 1].id, core::LaneKind::kSelfCheckout, 8,
         std::nullopt},
    };
  }
  return store;
}

namespace {

using core::ErrorCode;

std::vector<std::string> Ids(const std::vector<core::StoreSummary>& summaries) {
  std::vector<std::string> ids;
  ids.reserve(summaries.size());
  for (const auto& summary : summaries) {
    ids.push_back(summary.id.value());
  }
  return ids;
}

TEST_P(DatabaseContract, SmallStoreRoundTrips) {
  const core::Store store = testing::SmallStore("small");

  ASSERT_TRUE(Succeeded(stores().SaveStore(store)));
  auto loaded = stores().LoadStore(store.id);

  ASSERT_TRUE(Succeeded(loaded));
  EXPECT_EQ(*loaded, store);
}

TEST_P(DatabaseContract, LargeStoreRoundTripsExactly) {
  const core::Store store = BigStore("big", 120, 2000);

  ASSERT_TRUE(Succeeded(stores().SaveStore(store)));
  auto loaded = stores().LoadStore(store.id);

  ASSERT_TRUE(Succeeded(loaded));
  // operator== compares doubles bit for bit in effect: no tolerance, storage must be exact.
  EXPECT_EQ(*loaded, store);
  EXPECT_EQ(loaded->zones[1].centre.x_m, 0.1);
  EXPECT_EQ(loaded->zones[1].centre.y_m, 1e-9);
  EXPECT_EQ(loaded->zones[0].area_m2, 12345.678901234);
  EXPECT_EQ(loaded->skus[0].unit_cost.cents(), 9'000'000'000'000'000);
  EXPECT_EQ(loaded->zones.front().id.value(), "zone_120");
}

TEST_P(DatabaseContract, EmptyStoreRoundTrips) {
  core::Store store;
  store.id = core::StoreId{"empty"};
  store.name = "Nothing yet";
  store.time_zone = "UTC";

  ASSERT_TRUE(Succeeded(stores().SaveStore(store)));
  auto loaded = stores().LoadStore(store.id);

  ASSERT_TRUE(Succeeded(loaded));
  EXPECT_EQ(*loaded, store);
}

TEST_P(DatabaseContract, SavingAgainReplacesTheWholeDefinition) {
  ASSERT_TRUE(Succeeded(stores().SaveStore(BigStore("s1", 30, 100))));
  core::Store smaller = testing::SmallStore("s1");
  smaller.name = "Renamed";
  smaller.opening_hours[6] = std::nullopt;

  ASSERT_TRUE(Succeeded(stores().SaveStore(smaller)));

  auto loaded = stores().LoadStore(smaller.id);
  ASSERT_TRUE(Succeeded(loaded));
  EXPECT_EQ(*loaded, smaller);
  auto list = stores().ListStores();
  ASSERT_TRUE(Succeeded(list));
  ASSERT_EQ(list->size(), 1U);
  EXPECT_EQ(list->front().zone_count, 5);
  EXPECT_EQ(list->front().name, "Renamed");
}

TEST_P(DatabaseContract, StoresAreIndependent) {
  const core::Store a = BigStore("a", 10, 50);
  const core::Store b = BigStore("b", 12, 40);
  ASSERT_TRUE(Succeeded(stores().SaveStore(a)));
  ASSERT_TRUE(Succeeded(stores().SaveStore(b)));

  ASSERT_TRUE(Succeeded(stores().SaveStore(testing::SmallStore("a"))));

  auto loaded_a = stores().LoadStore(a.id);
  auto loaded_b = stores().LoadStore(b.id);
  ASSERT_TRUE(Succeeded(loaded_a));
  ASSERT_TRUE(Succeeded(loaded_b));
  EXPECT_EQ(*loaded_a, testing::SmallStore("a"));
  EXPECT_EQ(*loaded_b, b);
}

TEST_P(DatabaseContract, ListStoresIsOrderedByIdWithZoneCounts) {
  ASSERT_TRUE(Succeeded(stores().SaveStore(BigStore("store_c", 7, 1))));
  ASSERT_TRUE(Succeeded(stores().SaveStore(testing::SmallStore("store_a"))));
  ASSERT_TRUE(Succeeded(stores().SaveStore(BigStore("store_b", 0, 0))));

  auto list = stores().ListStores();

  ASSERT_TRUE(Succeeded(list));
  const std::vector<core::StoreSummary> expected = {
      {core::StoreId{"store_a"}, "Test Store store_a", "America/Chicago", 5},
      {core::StoreId{"store_b"}, BigStore("store_b", 0, 0).name, "Europe/Paris", 0},
      {core::StoreId{"store_c"}, BigStore("store_c", 0, 0).name, "Europe/Paris", 7},
  };
  EXPECT_EQ(*list, expected);
}

TEST_P(DatabaseContract, ListStoresOfEmptyDatabaseIsEmpty) {
  auto list = stores().ListStores();

  ASSERT_TRUE(Succeeded(list));
  EXPECT_TRUE(list->empty());
}

TEST_P(DatabaseContract, LoadingAnUnknownStoreIsNotFound) {
  ASSERT_TRUE(Succeeded(stores().SaveStore(testing::SmallStore("known"))));

  auto loaded = stores().LoadStore(core::StoreId{"unknown"});

  ASSERT_FALSE(loaded.has_value());
  EXPECT_EQ(loaded.error().code, ErrorCode::kNotFound);
  EXPECT_NE(loaded.error().message.find("unknown"), std::string::npos) << loaded.error().message;
}

TEST_P(DatabaseContract, DefinitionsSurviveReopen) {
  const core::Store big = BigStore("kept", 40, 300);
  const core::Store small = testing::SmallStore("also_kept");
  ASSERT_TRUE(Succeeded(stores().SaveStore(big)));
  ASSERT_TRUE(Succeeded(stores().SaveStore(small)));
  const int64_t version = db().SchemaVersion();

  Reopen();

  EXPECT_EQ(db().SchemaVersion(), version);
  EXPECT_GE(version, 1);
  auto loaded_big = stores().LoadStore(big.id);
  auto loaded_small = stores().LoadStore(small.id);
  ASSERT_TRUE(Succeeded(loaded_big));
  ASSERT_TRUE(Succeeded(loaded_small));
  EXPECT_EQ(*loaded_big, big);
  EXPECT_EQ(*loaded_small, small);
}

TEST_P(DatabaseContract, PingAnswersWhileOpen) { EXPECT_TRUE(Succeeded(db().Ping())); }

TEST_P(DatabaseContract, ConcurrentSavesAllSucceedAndAreReadable) {
  constexpr int kThreads = 8;
  constexpr int kSavesPerThread = 200;
  std::atomic<int> failures{0};
  std::mutex first_error_mutex;
  std::string first_error;
  std::vector<std::thread> threads;
  threads.reserve(kThreads);
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kSavesPerThread; ++i) {
        auto saved = stores().SaveStore(
            testing::SmallStore("t" + std::to_string(t) + "_" + std::to_string(i)));
        if (!saved) {
          failures.fetch_add(1);
          const std::lock_guard lock(first_error_mutex);
          first_error = saved.error().message;
        }
      }
    });
  }
  for (auto& thread : threads) {
    thread.join();
  }

  EXPECT_EQ(failures.load(), 0) << first_error;
  auto list = stores().ListStores();
  ASSERT_TRUE(Succeeded(list));
  EXPECT_EQ(list->size(), static_cast<size_t>(kThreads * kSavesPerThread));
  for (int t = 0; t < kThreads; ++t) {
    for (int i = 0; i < kSavesPerThread; i += 37) {
      const std::string id = "t" + std::to_string(t) + "_" + std::to_string(i);
      auto loaded = stores().LoadStore(core::StoreId{id});
      ASSERT_TRUE(Succeeded(loaded));
      EXPECT_EQ(*loaded, testing::SmallStore(id));
    }
  }
}

TEST_P(DatabaseContract, ReadersSeeWholeDefinitionsWhileWritesHappen) {
  const core::Store first = testing::SmallStore("flip");
  const core::Store second = BigStore("flip", 15, 60);
  ASSERT_TRUE(Succeeded(stores().SaveStore(first)));
  std::atomic<bool> writing{true};
  std::atomic<int> torn{0};
  std::atomic<int> loads{0};
  constexpr int kReaders = 2;
  std::vector<std::thread> readers;
  readers.reserve(kReaders);
  for (int r = 0; r < kReaders; ++r) {
    readers.emplace_back([&] {
      while (writing.load()) {
        auto loaded = stores().LoadStore(first.id);
        if (!loaded || (*loaded != first && *loaded != second)) {
          torn.fetch_add(1);
        }
        loads.fetch_add(1);
      }
    });
  }

  for (int i = 0; i < 40; ++i) {
    ASSERT_TRUE(Succeeded(stores().SaveStore(i % 2 == 0 ? second : first)));
  }
  writing.store(false);
  for (auto& reader : readers) {
    reader.join();
  }

  EXPECT_EQ(torn.load(), 0) << "of " << loads.load() << " loads";
  EXPECT_GT(loads.load(), 0);
}

TEST_P(DatabaseContract, CallsAfterCloseAreUnavailable) {
  ASSERT_TRUE(Succeeded(stores().SaveStore(testing::SmallStore("before_close"))));
  ASSERT_TRUE(Succeeded(db().Close()));

  auto saved = stores().SaveStore(testing::SmallStore("after_close"));
  auto loaded = stores().LoadStore(core::StoreId{"before_close"});
  auto list = stores().ListStores();
  auto ping = db().Ping();

  ASSERT_FALSE(saved.has_value());
  EXPECT_EQ(saved.error().code, ErrorCode::kUnavailable);
  ASSERT_FALSE(loaded.has_value());
  EXPECT_EQ(loaded.error().code, ErrorCode::kUnavailable);
  ASSERT_FALSE(list.has_value());
  EXPECT_EQ(list.error().code, ErrorCode::kUnavailable);
  ASSERT_FALSE(ping.has_value());
  EXPECT_EQ(ping.error().code, ErrorCode::kUnavailable);
  EXPECT_TRUE(Succeeded(db().Close())) << "closing twice is harmless";
}

TEST_P(DatabaseContract, CloseKeepsEveryAcknowledgedWrite) {
  constexpr int kThreads = 4;
  std::mutex mutex;
  std::set<std::string> acknowledged;
  std::vector<std::string> unexpected_errors;
  std::atomic<int> started{0};
  std::vector<std::thread> writers;
  writers.reserve(kThreads);
  for (int t = 0; t < kThreads; ++t) {
    writers.emplace_back([&, t] {
      for (int i = 0;; ++i) {
        const std::string id = "w" + std::to_string(t) + "_" + std::to_string(i);
        auto saved = stores().SaveStore(testing::SmallStore(id));
        started.fetch_add(1);
        const std::lock_guard lock(mutex);
        if (saved) {
          acknowledged.insert(id);
        } else {
          if (saved.error().code != ErrorCode::kUnavailable) {
            unexpected_errors.push_back(saved.error().message);
          }
          return;
        }
      }
    });
  }
  // Let some writes land first (bounded, so a broken backend fails instead of hanging).
  for (int waited_ms = 0; waited_ms < 5000 && started.load() < 2 * kThreads; ++waited_ms) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }

  ASSERT_TRUE(Succeeded(db().Close()));
  for (auto& writer : writers) {
    writer.join();
  }
  Reopen();

  EXPECT_TRUE(unexpected_errors.empty()) << unexpected_errors.front();
  auto list = stores().ListStores();
  ASSERT_TRUE(Succeeded(list));
  const auto ids = Ids(*list);
  const std::set<std::string> stored(ids.begin(), ids.end());
  EXPECT_TRUE(
      std::includes(stored.begin(), stored.end(), acknowledged.begin(), acknowledged.end()));
  EXPECT_GE(acknowledged.size(), static_cast<size_t>(kThreads));
}

}  // namespace
}  // namespace storeops::storage::contract
