// SPDX-License-Identifier: Apache-2.0
#include "storeops/live/bus.hpp"

#include <atomic>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace storeops::live {
namespace {

Message Make(std::string_view topic, const std::string& store, const std::string& text) {
  return {std::string(topic), core::StoreId{store}, std::make_shared<const std::string>(text)};
}

TEST(Bus, DeliversOnlyTheTopicsAndStoresSubscribed) {
  Bus bus;
  auto all = bus.Subscribe(8, nullptr);
  auto one = bus.Subscribe(8, nullptr);
  all->Add(kTopicEvents, core::StoreId{});
  one->Add(kTopicEvents, core::StoreId{"s1"});
  EXPECT_EQ(bus.Publish(Make(kTopicEvents, "s1", "a")), 2U);
  EXPECT_EQ(bus.Publish(Make(kTopicEvents, "s2", "b")), 1U);
  EXPECT_EQ(bus.Publish(Make(kTopicLive, "s1", "c")), 0U);
  EXPECT_EQ(**all->Pop(), "a");
  EXPECT_EQ(**all->Pop(), "b");
  EXPECT_FALSE(all->Pop().has_value());
  EXPECT_EQ(**one->Pop(), "a");
  EXPECT_FALSE(one->Pop().has_value());
  EXPECT_TRUE(bus.HasSubscribers(kTopicEvents, core::StoreId{"s9"}));
  EXPECT_FALSE(bus.HasSubscribers(kTopicLive, core::StoreId{"s1"}));

  one->Remove(kTopicEvents, core::StoreId{"s1"});
  EXPECT_EQ(bus.Publish(Make(kTopicEvents, "s1", "d")), 1U);
}

TEST(Bus, NotifiesWhenTheQueueBecomesNonEmptyOnly) {
  Bus bus;
  int notified = 0;
  auto sub = bus.Subscribe(8, [&] { ++notified; });
  sub->Add(kTopicLive, core::StoreId{});
  bus.Publish(Make(kTopicLive, "s", "1"));
  bus.Publish(Make(kTopicLive, "s", "2"));
  EXPECT_EQ(notified, 1);
  EXPECT_TRUE(sub->Pop().has_value());
  EXPECT_TRUE(sub->Pop().has_value());
  EXPECT_FALSE(sub->Pop().has_value());  // drained: the next message notifies again
  bus.Publish(Make(kTopicLive, "s", "3"));
  EXPECT_EQ(notified, 2);
}

TEST(Bus, FullQueueDropsTheSubscriberWithAReasonAndOthersKeepReceiving) {
  Bus bus;
  int notified = 0;
  auto slow = bus.Subscribe(3, [&] { ++notified; });
  auto fast = bus.Subscribe(3, nullptr);
  slow->Add(kTopicEvents, core::StoreId{});
  fast->Add(kTopicEvents, core::StoreId{});
  for (int i = 0; i < 10; ++i) {
    bus.Publish(Make(kTopicEvents, "s", std::to_string(i)));
    EXPECT_TRUE(fast->Pop().has_value());
  }
  EXPECT_TRUE(slow->dropped());
  EXPECT_NE(slow->drop_reason().find("too slow"), std::string::npos) << slow->drop_reason();
  EXPECT_FALSE(slow->Pop().has_value());  // the queue is cleared on drop
  EXPECT_EQ(notified, 2);                 // first message, then the drop
  EXPECT_EQ(bus.subscriber_count(), 1U);
  EXPECT_EQ(bus.dropped_count(), 1U);
  EXPECT_FALSE(fast->dropped());
}

TEST(Bus, UnknownTopicsAreRecognised) {
  EXPECT_TRUE(IsKnownTopic("live"));
  EXPECT_TRUE(IsKnownTopic("events"));
  EXPECT_TRUE(IsKnownTopic("alerts"));
  EXPECT_FALSE(IsKnownTopic("Live"));
  EXPECT_FALSE(IsKnownTopic(""));
}

// Publishers on several threads while a consumer drains: nothing is lost below capacity and
// nothing blocks (run under TSan/ASan in CI).
TEST(Bus, ConcurrentPublishersAndConsumer) {
  Bus bus;
  std::atomic<int> received{0};
  auto sub = bus.Subscribe(1'000'000, nullptr);
  sub->Add(kTopicEvents, core::StoreId{});
  std::atomic<bool> done{false};
  std::thread consumer([&] {
    for (;;) {
      const bool finished = done.load();
      while (sub->Pop().has_value()) {
        received.fetch_add(1);
      }
      if (finished) {
        return;
      }
    }
  });
  std::vector<std::thread> publishers;
  for (int t = 0; t < 4; ++t) {
    publishers.emplace_back([&] {
      for (int i = 0; i < 1000; ++i) {
        bus.Publish(Make(kTopicEvents, "s", "x"));
      }
    });
  }
  for (auto& publisher : publishers) {
    publisher.join();
  }
  done.store(true);
  consumer.join();
  EXPECT_EQ(received.load(), 4000);
}

}  // namespace
}  // namespace storeops::live
