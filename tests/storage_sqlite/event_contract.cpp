// SPDX-License-Identifier: Apache-2.0
// The EventRepository part of the storage contract: the same DatabaseContract suite, so every
// backend that instantiates it (sqlite_contract_test.cpp) runs these too.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <limits>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <variant>
#include <vector>

#include "storeops/core/ids.hpp"
#include "storeops/testing/event_fixtures.hpp"
#include "storeops/testing/fixtures.hpp"

#include "database_contract.hpp"

namespace storeops::storage::contract {
namespace {

using core::ErrorCode;
using std::chrono::hours;
using std::chrono::milliseconds;
using testing::EventsDifference;
using testing::MixedEvents;

// 2026-11-23T14:00:00Z
constexpr core::Timestamp kStart = core::FromEpochMs(1'795'442'400'000);
constexpr core::Timestamp kForever = core::FromEpochMs(std::numeric_limits<int64_t>::max());
constexpr core::Timestamp kDawn = core::FromEpochMs(std::numeric_limits<int64_t>::min());

core::Timestamp TimeOf(const core::Event& event) {
  return std::visit([](const auto& e) { return e.ts; }, event);
}

DeadLetter Letter(int i) {
  return DeadLetter{0,
                    kStart + milliseconds(i),
                    i % 2 == 0 ? "http" : "import:events \xC3\xA9.csv",
                    i,
                    "lines[0].qty",
                    "must be an integer, not \"two\"",
                    R"({"type":"pos.transaction","lines":[{"qty":"two"}]})" + std::to_string(i)};
}

std::vector<core::Event> LoadAll(EventRepository& events, const std::string& store) {
  auto loaded = events.LoadEvents(core::StoreId{store}, kDawn, kForever);
  EXPECT_TRUE(Succeeded(loaded));
  return loaded ? std::move(*loaded) : std::vector<core::Event>{};
}

TEST_P(DatabaseContract, EveryEventTypeRoundTripsExactly) {
  // 120 events: 20 of each type, covering every tender and clock action and awkward values.
  const auto appended = MixedEvents("store_001", 120, kStart, milliseconds(250));

  ASSERT_TRUE(Succeeded(events().Append(EventBatch{appended, {}})));
  auto loaded = events().LoadEvents(core::StoreId{"store_001"}, kStart, kStart + hours(1));

  ASSERT_TRUE(Succeeded(loaded));
  EXPECT_EQ(EventsDifference(appended, *loaded), "");
}

TEST_P(DatabaseContract, LoadEventsFiltersByStoreAndHalfOpenTimeRange) {
  const auto ours = MixedEvents("ours", 30, kStart, milliseconds(1000));
  const auto theirs = MixedEvents("theirs", 30, kStart, milliseconds(1000));
  ASSERT_TRUE(Succeeded(events().Append(EventBatch{ours, {}})));
  ASSERT_TRUE(Succeeded(events().Append(EventBatch{theirs, {}})));

  // [event 10, event 20): the start is included, the end is not.
  auto window = events().LoadEvents(core::StoreId{"ours"}, kStart + milliseconds(10'000),
                                    kStart + milliseconds(20'000));
  auto empty = events().LoadEvents(core::StoreId{"ours"}, kStart + hours(1), kStart + hours(2));
  auto unknown = events().LoadEvents(core::StoreId{"nobody"}, kDawn, kForever);
  auto inverted = events().LoadEvents(core::StoreId{"ours"}, kStart + hours(1), kStart);

  ASSERT_TRUE(Succeeded(window));
  EXPECT_EQ(EventsDifference({ours.begin() + 10, ours.begin() + 20}, *window), "");
  ASSERT_TRUE(Succeeded(empty));
  EXPECT_TRUE(empty->empty());
  ASSERT_TRUE(Succeeded(unknown));
  EXPECT_TRUE(unknown->empty());
  ASSERT_TRUE(Succeeded(inverted));
  EXPECT_TRUE(inverted->empty());
}

TEST_P(DatabaseContract, EventsLoadOldestFirstWithTiesInArrivalOrder) {
  // Two batches whose timestamps interleave and collide across types: i % 4 gives four events of
  // different types per millisecond, in reverse time order within each batch.
  auto first = MixedEvents("s", 24, kStart);
  auto second = MixedEvents("s", 24, kStart);
  for (size_t i = 0; i < first.size(); ++i) {
    const auto ts = kStart + milliseconds(static_cast<int64_t>(5 - i / 4));
    std::visit([&](auto& e) { e.ts = ts; }, first[i]);
    std::visit([&](auto& e) { e.ts = ts; }, second[(i + 7) % second.size()]);
  }
  ASSERT_TRUE(Succeeded(events().Append(EventBatch{first, {}})));
  ASSERT_TRUE(Succeeded(events().Append(EventBatch{second, {}})));
  std::vector<core::Event> expected = first;
  expected.insert(expected.end(), second.begin(), second.end());
  std::stable_sort(expected.begin(), expected.end(),
                   [](const auto& a, const auto& b) { return TimeOf(a) < TimeOf(b); });

  EXPECT_EQ(EventsDifference(expected, LoadAll(events(), "s")), "");
}

TEST_P(DatabaseContract, CountEventsCountsEachType) {
  auto empty = events().CountEvents();
  ASSERT_TRUE(Succeeded(empty));
  EXPECT_EQ(*empty, EventCounts{});

  // 6 * 7 + 3: one more of the first three types (pos, presence, camera).
  ASSERT_TRUE(Succeeded(events().Append(EventBatch{MixedEvents("a", 45, kStart), {Letter(1)}})));
  ASSERT_TRUE(Succeeded(events().Append(EventBatch{MixedEvents("b", 6, kStart), {}})));
  auto counts = events().CountEvents();

  ASSERT_TRUE(Succeeded(counts));
  EXPECT_EQ(*counts, (EventCounts{.pos_transactions = 9,
                                  .presence = 9,
                                  .camera_counts = 9,
                                  .inventory_snapshots = 8,
                                  .weather = 8,
                                  .staff_clock = 8}));
  EXPECT_EQ(counts->total(), 51);
}

TEST_P(DatabaseContract, DeadLettersAreListedNewestFirstInPages) {
  std::vector<DeadLetter> first;
  std::vector<DeadLetter> second;
  for (int i = 0; i < 25; ++i) {
    (i < 15 ? first : second).push_back(Letter(i));
  }
  ASSERT_TRUE(Succeeded(events().Append(EventBatch{{}, first})));
  ASSERT_TRUE(Succeeded(events().Append(EventBatch{MixedEvents("s", 3, kStart), second})));

  std::vector<DeadLetter> listed;
  std::optional<int64_t> before;
  int pages = 0;
  while (true) {
    auto page = events().ListDeadLetters(10, before);
    ASSERT_TRUE(Succeeded(page));
    if (page->empty()) {
      break;
    }
    ASSERT_LE(page->size(), 10U);
    ++pages;
    before = page->back().id;
    listed.insert(listed.end(), page->begin(), page->end());
  }

  EXPECT_EQ(pages, 3);
  ASSERT_EQ(listed.size(), 25U);
  for (size_t i = 0; i < listed.size(); ++i) {
    if (i > 0) {
      EXPECT_LT(listed[i].id, listed[i - 1].id) << "newest first";
    }
    DeadLetter expected = Letter(24 - static_cast<int>(i));
    expected.id = listed[i].id;  // assigned by storage
    EXPECT_EQ(listed[i], expected) << i;
  }
  auto one = events().ListDeadLetters(1, std::nullopt);
  ASSERT_TRUE(Succeeded(one));
  ASSERT_EQ(one->size(), 1U);
  EXPECT_EQ(one->front().index, 24);
}

TEST_P(DatabaseContract, ListDeadLettersRejectsLimitsOutsideOneToAThousand) {
  for (const int64_t limit :
       {int64_t{0}, int64_t{-1}, int64_t{1001}, std::numeric_limits<int64_t>::max()}) {
    auto listed = events().ListDeadLetters(limit, std::nullopt);

    ASSERT_FALSE(listed.has_value()) << limit;
    EXPECT_EQ(listed.error().code, ErrorCode::kInvalidArgument) << limit;
    EXPECT_NE(listed.error().message.find("limit"), std::string::npos) << listed.error().message;
  }
  EXPECT_TRUE(Succeeded(events().ListDeadLetters(1000, std::nullopt)));
}

TEST_P(DatabaseContract, DeleteEventsBeforeCountsAndKeepsLaterEvents) {
  // 60 events one second apart in two stores; dead letters 0..9 ms after kStart.
  const auto a = MixedEvents("a", 60, kStart, milliseconds(1000));
  const auto b = MixedEvents("b", 60, kStart, milliseconds(1000));
  std::vector<DeadLetter> letters;
  for (int i = 0; i < 10; ++i) {
    letters.push_back(Letter(i));
  }
  ASSERT_TRUE(Succeeded(events().Append(EventBatch{a, letters})));
  ASSERT_TRUE(Succeeded(events().Append(EventBatch{b, {}})));

  auto deleted = events().DeleteEventsBefore(kStart + milliseconds(25'000), 1'000'000);
  auto again = events().DeleteEventsBefore(kStart + milliseconds(25'000), 1'000'000);

  ASSERT_TRUE(Succeeded(deleted));
  EXPECT_EQ(deleted->events, 50);  // 25 per store; pos lines go with their transaction, uncounted
  EXPECT_EQ(deleted->dead_letters, 10);
  ASSERT_TRUE(Succeeded(again));
  EXPECT_EQ(again->total(), 0);
  EXPECT_EQ(EventsDifference({a.begin() + 25, a.end()}, LoadAll(events(), "a")), "");
  EXPECT_EQ(EventsDifference({b.begin() + 25, b.end()}, LoadAll(events(), "b")), "");
  auto counts = events().CountEvents();
  ASSERT_TRUE(Succeeded(counts));
  EXPECT_EQ(counts->total(), 70);
  auto remaining = events().ListDeadLetters(1000, std::nullopt);
  ASSERT_TRUE(Succeeded(remaining));
  EXPECT_TRUE(remaining->empty()) << "dead letters older than the cutoff go too";

  // A later append still sorts after the survivors with the same timestamp.
  const auto late = MixedEvents("a", 1, kStart + milliseconds(59'000));
  ASSERT_TRUE(Succeeded(events().Append(EventBatch{late, {}})));
  std::vector<core::Event> expected(a.begin() + 25, a.end());
  expected.push_back(late.front());
  EXPECT_EQ(EventsDifference(expected, LoadAll(events(), "a")), "");
}

TEST_P(DatabaseContract, AppendsTenThousandEventsInOneBatch) {
  const auto appended = MixedEvents("big", 10'000, kStart);

  ASSERT_TRUE(Succeeded(events().Append(EventBatch{appended, {}})));

  auto counts = events().CountEvents();
  ASSERT_TRUE(Succeeded(counts));
  EXPECT_EQ(counts->total(), 10'000);
  EXPECT_EQ(EventsDifference(appended, LoadAll(events(), "big")), "");
}

TEST_P(DatabaseContract, ConcurrentAppendsAreAllDurableAndCounted) {
  constexpr int kThreads = 8;
  constexpr int kBatchesPerThread = 25;
  constexpr int kEventsPerBatch = 30;
  std::atomic<int> failures{0};
  std::mutex first_error_mutex;
  std::string first_error;
  std::vector<std::thread> threads;
  threads.reserve(kThreads);
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      const std::string store = "t" + std::to_string(t);
      for (int i = 0; i < kBatchesPerThread; ++i) {
        auto batch = MixedEvents(store, kEventsPerBatch, kStart + hours(i), milliseconds(10));
        auto appended = events().Append(EventBatch{std::move(batch), {Letter(t * 100 + i)}});
        if (!appended) {
          failures.fetch_add(1);
          const std::lock_guard lock(first_error_mutex);
          first_error = appended.error().message;
        }
      }
    });
  }
  for (auto& thread : threads) {
    thread.join();
  }
  ASSERT_EQ(failures.load(), 0) << first_error;

  Reopen();

  auto counts = events().CountEvents();
  ASSERT_TRUE(Succeeded(counts));
  EXPECT_EQ(counts->total(), int64_t{kThreads} * kBatchesPerThread * kEventsPerBatch);
  auto letters = events().ListDeadLetters(1000, std::nullopt);
  ASSERT_TRUE(Succeeded(letters));
  EXPECT_EQ(letters->size(), static_cast<size_t>(kThreads * kBatchesPerThread));
  for (int t = 0; t < kThreads; ++t) {
    const std::string store = "t" + std::to_string(t);
    std::vector<core::Event> expected;
    for (int i = 0; i < kBatchesPerThread; ++i) {
      auto batch = MixedEvents(store, kEventsPerBatch, kStart + hours(i), milliseconds(10));
      expected.insert(expected.end(), batch.begin(), batch.end());
    }
    EXPECT_EQ(EventsDifference(expected, LoadAll(events(), store)), "") << store;
  }
}

TEST_P(DatabaseContract, EventsAndDeadLettersSurviveReopen) {
  const auto appended = MixedEvents("kept", 240, kStart, milliseconds(7));
  ASSERT_TRUE(Succeeded(events().Append(EventBatch{appended, {Letter(3), Letter(4)}})));

  Reopen();

  EXPECT_EQ(EventsDifference(appended, LoadAll(events(), "kept")), "");
  auto letters = events().ListDeadLetters(10, std::nullopt);
  ASSERT_TRUE(Succeeded(letters));
  ASSERT_EQ(letters->size(), 2U);
  EXPECT_EQ(letters->front().payload, Letter(4).payload);
  // Arrival order carries on across the reopen: a tie with an old event loads after it.
  const auto tie = MixedEvents("kept", 1, kStart);
  ASSERT_TRUE(Succeeded(events().Append(EventBatch{tie, {}})));
  auto loaded = events().LoadEvents(core::StoreId{"kept"}, kStart, kStart + milliseconds(1));
  ASSERT_TRUE(Succeeded(loaded));
  EXPECT_EQ(EventsDifference({appended.front(), tie.front()}, *loaded), "");
}

TEST_P(DatabaseContract, EventsOfAStoreAreKeptWhileItsDefinitionIsReplaced) {
  // No store definition is needed to store events, and saving one never touches them.
  const auto appended = MixedEvents("replaced", 12, kStart);
  ASSERT_TRUE(Succeeded(events().Append(EventBatch{appended, {}})));
  ASSERT_TRUE(Succeeded(stores().SaveStore(testing::SmallStore("replaced"))));
  ASSERT_TRUE(Succeeded(stores().SaveStore(BigStore("replaced", 3, 3))));

  EXPECT_EQ(EventsDifference(appended, LoadAll(events(), "replaced")), "");
}

TEST_P(DatabaseContract, EventCallsAfterCloseAreUnavailable) {
  ASSERT_TRUE(Succeeded(events().Append(EventBatch{MixedEvents("s", 6, kStart), {Letter(1)}})));
  ASSERT_TRUE(Succeeded(db().Close()));

  auto appended = events().Append(EventBatch{MixedEvents("s", 6, kStart), {}});
  auto loaded = events().LoadEvents(core::StoreId{"s"}, kDawn, kForever);
  auto counts = events().CountEvents();
  auto letters = events().ListDeadLetters(10, std::nullopt);
  auto deleted = events().DeleteEventsBefore(kForever, 100);
  auto spans = events().EventSpans();

  ASSERT_FALSE(appended.has_value());
  EXPECT_EQ(appended.error().code, ErrorCode::kUnavailable);
  ASSERT_FALSE(loaded.has_value());
  EXPECT_EQ(loaded.error().code, ErrorCode::kUnavailable);
  ASSERT_FALSE(counts.has_value());
  EXPECT_EQ(counts.error().code, ErrorCode::kUnavailable);
  ASSERT_FALSE(letters.has_value());
  EXPECT_EQ(letters.error().code, ErrorCode::kUnavailable);
  ASSERT_FALSE(deleted.has_value());
  EXPECT_EQ(deleted.error().code, ErrorCode::kUnavailable);
  ASSERT_FALSE(spans.has_value());
  EXPECT_EQ(spans.error().code, ErrorCode::kUnavailable);
}

}  // namespace
}  // namespace storeops::storage::contract
