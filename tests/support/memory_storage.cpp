// SPDX-License-Identifier: Apache-2.0
#include "storeops/testing/memory_storage.hpp"

#include <algorithm>
#include <string>
#include <utility>
#include <variant>

namespace storeops::testing {
namespace {

core::Status Down() { return core::Fail(core::ErrorCode::kUnavailable, "memory storage is down"); }

}  // namespace

core::Status MemoryStoreRepository::SaveStore(const core::Store& store) {
  std::lock_guard lock(mutex_);
  if (unavailable_) {
    return Down();
  }
  stores_[store.id] = store;
  return core::Ok();
}

core::Result<core::Store> MemoryStoreRepository::LoadStore(const core::StoreId& id) {
  std::lock_guard lock(mutex_);
  ++load_calls_;
  if (unavailable_) {
    return core::Fail(Down().error());
  }
  auto it = stores_.find(id);
  if (it == stores_.end()) {
    return core::Fail(core::ErrorCode::kNotFound, "store '" + id.value() + "' does not exist");
  }
  return it->second;
}

core::Result<std::vector<core::StoreSummary>> MemoryStoreRepository::ListStores() {
  std::lock_guard lock(mutex_);
  if (unavailable_) {
    return core::Fail(Down().error());
  }
  std::vector<core::StoreSummary> out;
  for (const auto& [id, store] : stores_) {
    out.push_back({id, store.name, store.time_zone, static_cast<int64_t>(store.zones.size())});
  }
  return out;
}

void MemoryStoreRepository::SetUnavailable(bool unavailable) {
  std::lock_guard lock(mutex_);
  unavailable_ = unavailable;
}

int MemoryStoreRepository::load_calls() const {
  std::lock_guard lock(mutex_);
  return load_calls_;
}

core::Status MemoryEventRepository::Append(const storage::EventBatch& batch) {
  std::lock_guard lock(mutex_);
  ++append_calls_;
  if (unavailable_) {
    return Down();
  }
  events_.insert(events_.end(), batch.events.begin(), batch.events.end());
  for (storage::DeadLetter letter : batch.dead_letters) {
    letter.id = next_dead_letter_id_++;
    dead_letters_.push_back(std::move(letter));
  }
  return core::Ok();
}

core::Result<std::vector<core::Event>> MemoryEventRepository::LoadEvents(const core::StoreId& store,
                                                                         core::Timestamp from,
                                                                         core::Timestamp to) {
  std::lock_guard lock(mutex_);
  if (unavailable_) {
    return core::Fail(Down().error());
  }
  std::vector<core::Event> out;
  for (const core::Event& event : events_) {
    const auto [event_store, ts] = std::visit(
        [](const auto& e) { return std::pair<core::StoreId, core::Timestamp>(e.store_id, e.ts); },
        event);
    if (event_store == store && from <= ts && ts < to) {
      out.push_back(event);
    }
  }
  // Stable: ties keep arrival order.
  std::stable_sort(out.begin(), out.end(), [](const core::Event& a, const core::Event& b) {
    auto ts = [](const core::Event& e) {
      return std::visit([](const auto& x) { return x.ts; }, e);
    };
    return ts(a) < ts(b);
  });
  return out;
}

core::Result<storage::EventCounts> MemoryEventRepository::CountEvents() {
  std::lock_guard lock(mutex_);
  if (unavailable_) {
    return core::Fail(Down().error());
  }
  storage::EventCounts counts;
  for (const core::Event& event : events_) {
    switch (event.index()) {
      case 0:
        ++counts.pos_transactions;
        break;
      case 1:
        ++counts.presence;
        break;
      case 2:
        ++counts.camera_counts;
        break;
      case 3:
        ++counts.inventory_snapshots;
        break;
      case 4:
        ++counts.weather;
        break;
      default:
        ++counts.staff_clock;
        break;
    }
  }
  return counts;
}

core::Result<std::vector<storage::DeadLetter>> MemoryEventRepository::ListDeadLetters(
    int64_t limit, std::optional<int64_t> before_id) {
  if (limit < 1 || limit > 1000) {
    return core::Fail(core::ErrorCode::kInvalidArgument,
                      "limit must be between 1 and 1000, not " + std::to_string(limit));
  }
  std::lock_guard lock(mutex_);
  if (unavailable_) {
    return core::Fail(Down().error());
  }
  std::vector<storage::DeadLetter> out;
  for (auto it = dead_letters_.rbegin();
       it != dead_letters_.rend() && static_cast<int64_t>(out.size()) < limit; ++it) {
    if (!before_id || it->id < *before_id) {
      out.push_back(*it);
    }
  }
  return out;
}

core::Result<int64_t> MemoryEventRepository::DeleteEventsBefore(core::Timestamp cutoff) {
  std::lock_guard lock(mutex_);
  if (unavailable_) {
    return core::Fail(Down().error());
  }
  const auto removed = std::erase_if(events_, [cutoff](const core::Event& event) {
    return std::visit([](const auto& e) { return e.ts; }, event) < cutoff;
  });
  std::erase_if(dead_letters_, [cutoff](const storage::DeadLetter& letter) {
    return letter.received_at < cutoff;
  });
  return static_cast<int64_t>(removed);
}

void MemoryEventRepository::SetUnavailable(bool unavailable) {
  std::lock_guard lock(mutex_);
  unavailable_ = unavailable;
}

int MemoryEventRepository::append_calls() const {
  std::lock_guard lock(mutex_);
  return append_calls_;
}

core::Status MemoryDatabase::Ping() {
  if (auto probe = stores_.ListStores(); !probe) {
    return core::Fail(probe.error());
  }
  return core::Ok();
}

}  // namespace storeops::testing
