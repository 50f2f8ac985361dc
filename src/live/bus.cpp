// SPDX-License-Identifier: Apache-2.0
#include "storeops/live/bus.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace storeops::live {

bool IsKnownTopic(std::string_view topic) {
  return topic == kTopicLive || topic == kTopicEvents || topic == kTopicAlerts;
}

Subscriber::Subscriber(size_t capacity, std::function<void()> notify)
    : capacity_(std::max<size_t>(1, capacity)), notify_(std::move(notify)) {}

void Subscriber::Add(std::string_view topic, const core::StoreId& store) {
  std::lock_guard lock(mutex_);
  topics_.emplace(std::string(topic), store.value());
}

void Subscriber::Remove(std::string_view topic, const core::StoreId& store) {
  std::lock_guard lock(mutex_);
  topics_.erase({std::string(topic), store.value()});
}

bool Subscriber::Wants(std::string_view topic, const core::StoreId& store) const {
  std::lock_guard lock(mutex_);
  if (dropped_) {
    return false;
  }
  const std::string name(topic);
  return topics_.contains({name, std::string()}) || topics_.contains({name, store.value()});
}

std::optional<std::shared_ptr<const std::string>> Subscriber::Pop() {
  std::lock_guard lock(mutex_);
  if (head_ == queue_.size()) {
    queue_.clear();
    head_ = 0;
    notified_ = false;
    return std::nullopt;
  }
  auto payload = std::move(queue_[head_++]);
  if (head_ == queue_.size()) {
    queue_.clear();
    head_ = 0;
  }
  return payload;
}

bool Subscriber::dropped() const {
  std::lock_guard lock(mutex_);
  return dropped_;
}

std::string Subscriber::drop_reason() const {
  std::lock_guard lock(mutex_);
  return drop_reason_;
}

bool Subscriber::Offer(const std::shared_ptr<const std::string>& payload) {
  bool notify = false;
  bool overflowed = false;
  {
    std::lock_guard lock(mutex_);
    if (dropped_) {
      return true;
    }
    if (queue_.size() - head_ >= capacity_) {
      dropped_ = true;
      overflowed = true;
      drop_reason_ = fmt::format("too slow: more than {} messages waiting", capacity_);
      queue_.clear();
      head_ = 0;
      notify = true;
    } else {
      queue_.push_back(payload);
      notify = !notified_;
      notified_ = true;
    }
  }
  if (notify && notify_) {
    notify_();
  }
  return !overflowed;
}

std::shared_ptr<Subscriber> Bus::Subscribe(size_t capacity, std::function<void()> notify) {
  auto subscriber = std::make_shared<Subscriber>(capacity, std::move(notify));
  std::lock_guard lock(mutex_);
  subscribers_.push_back(subscriber);
  return subscriber;
}

void Bus::Unsubscribe(const std::shared_ptr<Subscriber>& subscriber) {
  std::lock_guard lock(mutex_);
  std::erase(subscribers_, subscriber);
}

size_t Bus::Publish(const Message& message) {
  // Copy the list so subscribers are offered the message without the bus lock held.
  std::vector<std::shared_ptr<Subscriber>> targets;
  {
    std::lock_guard lock(mutex_);
    for (const auto& subscriber : subscribers_) {
      if (subscriber->Wants(message.topic, message.store_id)) {
        targets.push_back(subscriber);
      }
    }
  }
  size_t delivered = 0;
  std::vector<std::shared_ptr<Subscriber>> overflowed;
  for (const auto& subscriber : targets) {
    if (subscriber->Offer(message.payload)) {
      ++delivered;
    } else {
      overflowed.push_back(subscriber);
    }
  }
  if (!overflowed.empty()) {
    std::lock_guard lock(mutex_);
    for (const auto& subscriber : overflowed) {
      std::erase(subscribers_, subscriber);
      ++dropped_;
    }
  }
  return delivered;
}

bool Bus::HasSubscribers(std::string_view topic, const core::StoreId& store) const {
  std::lock_guard lock(mutex_);
  return std::any_of(subscribers_.begin(), subscribers_.end(),
                     [&](const auto& subscriber) { return subscriber->Wants(topic, store); });
}

size_t Bus::subscriber_count() const {
  std::lock_guard lock(mutex_);
  return subscribers_.size();
}

uint64_t Bus::dropped_count() const {
  std::lock_guard lock(mutex_);
  return dropped_;
}

}  // namespace storeops::live
