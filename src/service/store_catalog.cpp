// SPDX-License-Identifier: Apache-2.0
#include "storeops/service/store_catalog.hpp"

#include <atomic>
#include <map>
#include <mutex>
#include <utility>

#include "storeops/store_definition/store_json.hpp"

namespace storeops::service {

struct StoreCatalog::State {
  std::mutex mutex;
  std::shared_ptr<const std::vector<core::StoreSummary>> summaries;  // null until first read
  std::map<core::StoreId, std::shared_ptr<const core::Store>> stores;
  std::atomic<uint64_t> version{0};
};

StoreCatalog::StoreCatalog(storage::StoreRepository& repository)
    : repository_(repository), state_(std::make_unique<State>()) {}

StoreCatalog::~StoreCatalog() = default;

core::Result<SaveOutcome> StoreCatalog::SaveStore(core::Store store) {
  if (auto valid = store_definition::ValidateStore(store); !valid) {
    return core::Fail(valid.error());
  }
  // Whether it existed decides 201 vs 200; a racing save of the same id may see either, which is
  // fine because both replace the whole definition.
  auto existing = GetStore(store.id);
  if (!existing && existing.error().code != core::ErrorCode::kNotFound) {
    return core::Fail(existing.error());
  }
  if (auto saved = repository_.SaveStore(store); !saved) {
    return core::Fail(saved.error());
  }
  {
    std::lock_guard lock(state_->mutex);
    state_->summaries.reset();
    const core::StoreId id = store.id;
    state_->stores[id] = std::make_shared<const core::Store>(std::move(store));
    state_->version.fetch_add(1);
  }
  return existing ? SaveOutcome::kReplaced : SaveOutcome::kCreated;
}

core::Result<std::shared_ptr<const core::Store>> StoreCatalog::GetStore(const core::StoreId& id) {
  {
    std::lock_guard lock(state_->mutex);
    if (auto it = state_->stores.find(id); it != state_->stores.end()) {
      return it->second;
    }
  }
  auto loaded = repository_.LoadStore(id);
  if (!loaded) {
    return core::Fail(loaded.error());
  }
  auto shared = std::make_shared<const core::Store>(std::move(*loaded));
  std::lock_guard lock(state_->mutex);
  // emplace keeps a copy a concurrent save may have put there first: the save is newer.
  return state_->stores.emplace(id, std::move(shared)).first->second;
}

core::Result<std::shared_ptr<const std::vector<core::StoreSummary>>> StoreCatalog::ListStores() {
  uint64_t version_before = 0;
  {
    std::lock_guard lock(state_->mutex);
    if (state_->summaries) {
      return state_->summaries;
    }
    version_before = state_->version.load();
  }
  auto loaded = repository_.ListStores();
  if (!loaded) {
    return core::Fail(loaded.error());
  }
  auto shared = std::make_shared<const std::vector<core::StoreSummary>>(std::move(*loaded));
  std::lock_guard lock(state_->mutex);
  // Only cache what is still current: a save between the read and here made it stale.
  if (state_->version.load() == version_before) {
    state_->summaries = shared;
  }
  return shared;
}

uint64_t StoreCatalog::version() const { return state_->version.load(); }

}  // namespace storeops::service
