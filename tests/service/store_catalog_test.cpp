// SPDX-License-Identifier: Apache-2.0
#include "storeops/service/store_catalog.hpp"

#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "storeops/testing/fixtures.hpp"
#include "storeops/testing/memory_storage.hpp"

namespace storeops::service {
namespace {

TEST(StoreCatalog, SaveReportsCreatedThenReplaced) {
  testing::MemoryStoreRepository repository;
  StoreCatalog catalog(repository);
  EXPECT_EQ(catalog.SaveStore(testing::SmallStore("a")), SaveOutcome::kCreated);
  EXPECT_EQ(catalog.SaveStore(testing::SmallStore("a")), SaveOutcome::kReplaced);
  EXPECT_EQ(catalog.version(), 2U);
}

TEST(StoreCatalog, RejectsAnInvalidDefinitionWithFieldDetails) {
  testing::MemoryStoreRepository repository;
  StoreCatalog catalog(repository);
  core::Store store = testing::SmallStore("a");
  store.zones[1].area_m2 = -1;
  auto saved = catalog.SaveStore(store);
  ASSERT_FALSE(saved.has_value());
  EXPECT_EQ(saved.error().code, core::ErrorCode::kInvalidArgument);
  ASSERT_FALSE(saved.error().details.empty());
  EXPECT_EQ(saved.error().details[0].field, "zones[1].area_m2");
  EXPECT_EQ(catalog.version(), 0U);
}

TEST(StoreCatalog, ReadsAreServedFromMemoryAfterTheFirst) {
  testing::MemoryStoreRepository repository;
  ASSERT_TRUE(repository.SaveStore(testing::SmallStore("a")).has_value());
  StoreCatalog catalog(repository);
  for (int i = 0; i < 5; ++i) {
    auto store = catalog.GetStore(core::StoreId{"a"});
    ASSERT_TRUE(store.has_value());
    EXPECT_EQ(**store, testing::SmallStore("a"));
  }
  EXPECT_EQ(repository.load_calls(), 1);
}

TEST(StoreCatalog, UnknownStoreIsNotFoundAndStorageFailureIsUnavailable) {
  testing::MemoryStoreRepository repository;
  StoreCatalog catalog(repository);
  EXPECT_EQ(catalog.GetStore(core::StoreId{"x"}).error().code, core::ErrorCode::kNotFound);
  repository.SetUnavailable(true);
  EXPECT_EQ(catalog.ListStores().error().code, core::ErrorCode::kUnavailable);
  EXPECT_EQ(catalog.SaveStore(testing::SmallStore("b")).error().code,
            core::ErrorCode::kUnavailable);
}

TEST(StoreCatalog, ListReflectsEverySaveEvenUnderConcurrentReads) {
  testing::MemoryStoreRepository repository;
  StoreCatalog catalog(repository);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&catalog, t] {
      for (int i = 0; i < 25; ++i) {
        (void)catalog.SaveStore(testing::SmallStore("s" + std::to_string(t * 25 + i)));
        (void)catalog.ListStores();
      }
    });
  }
  for (auto& thread : threads) {
    thread.join();
  }
  auto list = catalog.ListStores();
  ASSERT_TRUE(list.has_value());
  EXPECT_EQ((*list)->size(), 100U);
}

}  // namespace
}  // namespace storeops::service
