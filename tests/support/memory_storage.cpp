// SPDX-License-Identifier: Apache-2.0
#include "storeops/testing/memory_storage.hpp"

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

core::Status MemoryDatabase::Ping() {
  if (auto probe = stores_.ListStores(); !probe) {
    return core::Fail(probe.error());
  }
  return core::Ok();
}

}  // namespace storeops::testing
