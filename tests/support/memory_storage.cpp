// SPDX-License-Identifier: Apache-2.0
#include "storeops/testing/memory_storage.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <utility>
#include <variant>
#include <vector>

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

core::Result<std::vector<storage::StoreEventSpan>> MemoryEventRepository::EventSpans() {
  std::lock_guard lock(mutex_);
  if (unavailable_) {
    return core::Fail(Down().error());
  }
  std::map<core::StoreId, storage::StoreEventSpan> spans;
  for (const core::Event& event : events_) {
    const auto [store, ts] = std::visit(
        [](const auto& e) { return std::pair<core::StoreId, core::Timestamp>(e.store_id, e.ts); },
        event);
    auto [it, inserted] = spans.try_emplace(store, storage::StoreEventSpan{store, ts, ts});
    it->second.oldest = std::min(it->second.oldest, ts);
    it->second.newest = std::max(it->second.newest, ts);
  }
  std::vector<storage::StoreEventSpan> out;
  for (auto& entry : spans) {
    out.push_back(std::move(entry.second));
  }
  return out;
}

core::Result<storage::DeletedRows> MemoryEventRepository::DeleteEventsBefore(core::Timestamp cutoff,
                                                                             int64_t max_rows) {
  if (max_rows < 1) {
    return core::Fail(core::ErrorCode::kInvalidArgument, "max_rows must be at least 1",
                      {{"max_rows", "must be at least 1"}});
  }
  std::lock_guard lock(mutex_);
  if (unavailable_) {
    return core::Fail(Down().error());
  }
  ++delete_calls_;
  // Oldest first, like the real backends: the max_rows oldest events before the cutoff.
  std::vector<std::pair<core::Timestamp, size_t>> candidates;
  for (size_t i = 0; i < events_.size(); ++i) {
    const core::Timestamp ts = std::visit([](const auto& e) { return e.ts; }, events_[i]);
    if (ts < cutoff) {
      candidates.emplace_back(ts, i);
    }
  }
  std::stable_sort(candidates.begin(), candidates.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  if (static_cast<int64_t>(candidates.size()) > max_rows) {
    candidates.resize(static_cast<size_t>(max_rows));
  }
  std::vector<bool> doomed(events_.size(), false);
  for (const auto& candidate : candidates) {
    doomed[candidate.second] = true;
  }
  std::vector<core::Event> kept;
  for (size_t i = 0; i < events_.size(); ++i) {
    if (!doomed[i]) {
      kept.push_back(std::move(events_[i]));
    }
  }
  events_ = std::move(kept);
  storage::DeletedRows deleted{static_cast<int64_t>(candidates.size()), 0};
  std::vector<storage::DeadLetter> letters;
  for (auto& letter : dead_letters_) {
    if (letter.received_at < cutoff && deleted.dead_letters < max_rows) {
      ++deleted.dead_letters;
    } else {
      letters.push_back(std::move(letter));
    }
  }
  dead_letters_ = std::move(letters);
  return deleted;
}

int MemoryEventRepository::delete_calls() const {
  std::lock_guard lock(mutex_);
  return delete_calls_;
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

core::Status MemoryDatabase::PurgeDeleted() {
  purge_calls_.fetch_add(1);
  return core::Ok();
}

namespace {

// Inserts or replaces `row` in `rows`, kept sorted by `key(row)`.
template <class Row, class Key>
void Upsert(std::vector<Row>& rows, const Row& row, Key&& key) {
  auto at = std::lower_bound(rows.begin(), rows.end(), row,
                             [&](const Row& a, const Row& b) { return key(a) < key(b); });
  if (at != rows.end() && key(*at) == key(row)) {
    *at = row;
  } else {
    rows.insert(at, row);
  }
}

template <class Row>
std::vector<Row> Select(const std::vector<Row>& rows, const core::StoreId& store,
                        core::Timestamp from, core::Timestamp to) {
  std::vector<Row> out;
  for (const Row& row : rows) {
    if (row.store_id == store && row.hour >= from && row.hour < to) {
      out.push_back(row);
    }
  }
  return out;
}

}  // namespace

core::Status MemoryAggregateRepository::SaveRollup(
    const storage::HourlyAggregates& rows,
    const std::vector<storage::RollupWatermark>& watermarks) {
  std::lock_guard lock(mutex_);
  if (unavailable_) {
    return Down();
  }
  for (const auto& row : rows.sales) {
    Upsert(rows_.sales, row,
           [](const auto& r) { return std::tie(r.store_id, r.hour, r.department); });
  }
  for (const auto& row : rows.footfall) {
    Upsert(rows_.footfall, row, [](const auto& r) { return std::tie(r.store_id, r.hour, r.zone); });
  }
  for (const auto& row : rows.dwell) {
    Upsert(rows_.dwell, row, [](const auto& r) { return std::tie(r.store_id, r.hour, r.zone); });
  }
  for (const auto& row : rows.transitions) {
    Upsert(rows_.transitions, row,
           [](const auto& r) { return std::tie(r.store_id, r.hour, r.from_zone, r.to_zone); });
  }
  for (const auto& row : rows.queues) {
    Upsert(rows_.queues, row, [](const auto& r) { return std::tie(r.store_id, r.hour, r.lane); });
  }
  for (const auto& row : rows.baskets) {
    Upsert(rows_.baskets, row, [](const auto& r) { return std::tie(r.store_id, r.hour); });
  }
  for (const auto& watermark : watermarks) {
    auto [it, inserted] = watermarks_.try_emplace(watermark.store_id, watermark.rolled_up_to);
    it->second = std::max(it->second, watermark.rolled_up_to);
  }
  return core::Ok();
}

core::Result<std::optional<core::Timestamp>> MemoryAggregateRepository::Watermark(
    const core::StoreId& store) {
  std::lock_guard lock(mutex_);
  if (unavailable_) {
    return core::Fail(Down().error());
  }
  auto found = watermarks_.find(store);
  return found == watermarks_.end() ? std::nullopt : std::optional(found->second);
}

core::Result<storage::HourlyAggregates> MemoryAggregateRepository::LoadAggregates(
    const core::StoreId& store, core::Timestamp from, core::Timestamp to) {
  std::lock_guard lock(mutex_);
  if (unavailable_) {
    return core::Fail(Down().error());
  }
  return storage::HourlyAggregates{
      Select(rows_.sales, store, from, to),  Select(rows_.footfall, store, from, to),
      Select(rows_.dwell, store, from, to),  Select(rows_.transitions, store, from, to),
      Select(rows_.queues, store, from, to), Select(rows_.baskets, store, from, to)};
}

void MemoryAggregateRepository::SetUnavailable(bool unavailable) {
  std::lock_guard lock(mutex_);
  unavailable_ = unavailable;
}

core::Result<storage::StoredKeyRing> MemoryKeyRepository::LoadKeys() {
  std::lock_guard lock(mutex_);
  if (unavailable_) {
    return core::Fail(Down().error());
  }
  return ring_;
}

core::Status MemoryKeyRepository::SaveKey(const storage::StoredDayKey& key) {
  std::lock_guard lock(mutex_);
  if (unavailable_) {
    return Down();
  }
  ++save_calls_;
  if (key.sealed.empty()) {
    return core::Fail(core::ErrorCode::kInvalidArgument, "the sealed key is empty",
                      {{"sealed", "must not be empty"}});
  }
  if (ring_.destroyed_before && key.day < *ring_.destroyed_before) {
    return core::Fail(core::ErrorCode::kFailedPrecondition, "that day's key was destroyed",
                      {{"day", "before the destruction boundary"}});
  }
  auto at = std::lower_bound(ring_.keys.begin(), ring_.keys.end(), key.day,
                             [](const storage::StoredDayKey& k, auto day) { return k.day < day; });
  if (at != ring_.keys.end() && at->day == key.day) {
    return core::Fail(core::ErrorCode::kAlreadyExists, "that day already has a key");
  }
  ring_.keys.insert(at, key);
  return core::Ok();
}

core::Result<int64_t> MemoryKeyRepository::DestroyKeysBefore(std::chrono::sys_days day) {
  std::lock_guard lock(mutex_);
  if (unavailable_) {
    return core::Fail(Down().error());
  }
  const auto removed =
      std::erase_if(ring_.keys, [day](const storage::StoredDayKey& key) { return key.day < day; });
  ring_.destroyed_before = std::max(ring_.destroyed_before.value_or(day), day);
  return static_cast<int64_t>(removed);
}

void MemoryKeyRepository::SetUnavailable(bool unavailable) {
  std::lock_guard lock(mutex_);
  unavailable_ = unavailable;
}

int MemoryKeyRepository::save_calls() const {
  std::lock_guard lock(mutex_);
  return save_calls_;
}

}  // namespace storeops::testing

namespace storeops::testing {

core::Result<storage::ForecastModelVersion> MemoryForecastRepository::SaveVersion(
    const storage::ForecastModelVersion& version,
    const std::vector<storage::StoredForecastSeries>& series) {
  std::lock_guard lock(mutex_);
  if (unavailable_) {
    return core::Fail(Down().error());
  }
  if (version.store_id.empty()) {
    return core::Fail(core::ErrorCode::kInvalidArgument, "the store id is empty",
                      {{"store_id", "must not be empty"}});
  }
  std::set<std::pair<std::string, std::string>> seen;
  for (const auto& one : series) {
    if (one.step.count() <= 0) {
      return core::Fail(core::ErrorCode::kInvalidArgument, "a series step is not positive");
    }
    if (!std::all_of(one.values.begin(), one.values.end(),
                     [](double v) { return std::isfinite(v); })) {
      return core::Fail(core::ErrorCode::kInvalidArgument, "a series value is not finite");
    }
    if (!seen.emplace(one.department, one.metric).second) {
      return core::Fail(core::ErrorCode::kInvalidArgument, "a series appears twice");
    }
  }
  storage::ForecastModelVersion saved = version;
  saved.id = versions_.empty() ? 1 : versions_.rbegin()->first + 1;
  saved.series_count = static_cast<int64_t>(series.size());
  saved.champion = false;
  if (!std::isfinite(saved.score)) {
    saved.score = std::numeric_limits<double>::quiet_NaN();
  }
  storage::ForecastModelVersion* champion = nullptr;
  for (auto& [id, stored] : versions_) {
    if (stored.store_id == saved.store_id && stored.champion) {
      champion = &stored;
    }
  }
  if (champion == nullptr || storage::IsBetterForecastScore(saved.score, champion->score)) {
    if (champion != nullptr) {
      champion->champion = false;
    }
    saved.champion = true;
  }
  versions_[saved.id] = saved;
  series_[saved.id] = series;
  return saved;
}

core::Result<std::vector<storage::ForecastModelVersion>> MemoryForecastRepository::ListVersions(
    const core::StoreId& store) {
  std::lock_guard lock(mutex_);
  if (unavailable_) {
    return core::Fail(Down().error());
  }
  std::vector<storage::ForecastModelVersion> out;
  for (auto it = versions_.rbegin(); it != versions_.rend(); ++it) {
    if (it->second.store_id == store) {
      out.push_back(it->second);
    }
  }
  return out;
}

core::Result<std::optional<storage::ForecastModelVersion>> MemoryForecastRepository::Champion(
    const core::StoreId& store) {
  std::lock_guard lock(mutex_);
  if (unavailable_) {
    return core::Fail(Down().error());
  }
  for (const auto& [id, stored] : versions_) {
    if (stored.store_id == store && stored.champion) {
      return std::optional(stored);
    }
  }
  return std::optional<storage::ForecastModelVersion>();
}

core::Result<storage::ForecastModelVersion> MemoryForecastRepository::LoadVersion(int64_t id) {
  std::lock_guard lock(mutex_);
  if (unavailable_) {
    return core::Fail(Down().error());
  }
  auto found = versions_.find(id);
  if (found == versions_.end()) {
    return core::Fail(core::ErrorCode::kNotFound,
                      "forecast model version " + std::to_string(id) + " does not exist");
  }
  return found->second;
}

core::Result<storage::StoredForecastSeries> MemoryForecastRepository::LoadSeries(
    int64_t version, std::string_view department, std::string_view metric) {
  std::lock_guard lock(mutex_);
  if (unavailable_) {
    return core::Fail(Down().error());
  }
  auto found = series_.find(version);
  if (found != series_.end()) {
    for (const auto& one : found->second) {
      if (one.department == department && one.metric == metric) {
        return one;
      }
    }
  }
  return core::Fail(core::ErrorCode::kNotFound,
                    "forecast model version " + std::to_string(version) + " has no series '" +
                        std::string(department) + "/" + std::string(metric) + "'");
}

core::Result<storage::ForecastModelVersion> MemoryForecastRepository::SetChampion(
    const core::StoreId& store, int64_t version) {
  std::lock_guard lock(mutex_);
  if (unavailable_) {
    return core::Fail(Down().error());
  }
  auto found = versions_.find(version);
  if (found == versions_.end() || found->second.store_id != store) {
    return core::Fail(
        core::ErrorCode::kNotFound,
        "store '" + store.value() + "' has no forecast model version " + std::to_string(version));
  }
  for (auto& [id, stored] : versions_) {
    if (stored.store_id == store) {
      stored.champion = id == version;
    }
  }
  return found->second;
}

core::Result<int64_t> MemoryForecastRepository::PruneVersions(const core::StoreId& store,
                                                              int64_t keep) {
  std::lock_guard lock(mutex_);
  if (unavailable_) {
    return core::Fail(Down().error());
  }
  if (keep < 1) {
    return core::Fail(core::ErrorCode::kInvalidArgument,
                      "keep must be at least 1, got " + std::to_string(keep),
                      {{"keep", "must be at least 1"}});
  }
  int64_t newer = 0;
  int64_t deleted = 0;
  // Newest (highest id) first, as the real backends count them.
  for (auto it = versions_.rbegin(); it != versions_.rend();) {
    if (it->second.store_id != store) {
      ++it;
      continue;
    }
    const bool recent = newer++ < keep;
    if (it->second.champion || recent) {
      ++it;
      continue;
    }
    series_.erase(it->first);
    it = std::make_reverse_iterator(versions_.erase(std::next(it).base()));
    ++deleted;
  }
  return deleted;
}

void MemoryForecastRepository::SetUnavailable(bool unavailable) {
  std::lock_guard lock(mutex_);
  unavailable_ = unavailable;
}

core::Status MemoryStaffingRepository::CreateEmployee(const storage::StoredEmployee& employee) {
  std::lock_guard lock(mutex_);
  if (unavailable_) {
    return Down();
  }
  auto [it, inserted] = employees_.try_emplace({employee.store_id, employee.id}, employee);
  if (!inserted) {
    return core::Fail(core::ErrorCode::kAlreadyExists,
                      "employee '" + employee.id.value() + "' already exists");
  }
  return core::Ok();
}

core::Status MemoryStaffingRepository::UpdateEmployee(const storage::StoredEmployee& employee) {
  std::lock_guard lock(mutex_);
  if (unavailable_) {
    return Down();
  }
  auto it = employees_.find({employee.store_id, employee.id});
  if (it == employees_.end()) {
    return core::Fail(core::ErrorCode::kNotFound, "employee '" + employee.id.value() +
                                                      "' of store '" + employee.store_id.value() +
                                                      "' does not exist");
  }
  const core::Timestamp created = it->second.created;
  it->second = employee;
  it->second.created = created;
  return core::Ok();
}

core::Result<storage::StoredEmployee> MemoryStaffingRepository::LoadEmployee(
    const core::StoreId& store, const core::EmployeeId& id) {
  std::lock_guard lock(mutex_);
  if (unavailable_) {
    return core::Fail(Down().error());
  }
  auto it = employees_.find({store, id});
  if (it == employees_.end()) {
    return core::Fail(core::ErrorCode::kNotFound, "employee '" + id.value() + "' of store '" +
                                                      store.value() + "' does not exist");
  }
  return it->second;
}

core::Result<std::vector<storage::StoredEmployee>> MemoryStaffingRepository::ListEmployees(
    const core::StoreId& store) {
  std::lock_guard lock(mutex_);
  if (unavailable_) {
    return core::Fail(Down().error());
  }
  std::vector<storage::StoredEmployee> out;
  for (const auto& [key, employee] : employees_) {
    if (key.first == store) {
      out.push_back(employee);
    }
  }
  return out;
}

core::Status MemoryStaffingRepository::DeleteEmployee(const core::StoreId& store,
                                                      const core::EmployeeId& id) {
  std::lock_guard lock(mutex_);
  if (unavailable_) {
    return Down();
  }
  if (employees_.erase({store, id}) == 0) {
    return core::Fail(core::ErrorCode::kNotFound, "employee '" + id.value() + "' of store '" +
                                                      store.value() + "' does not exist");
  }
  return core::Ok();
}

core::Status MemoryStaffingRepository::SaveRoster(const storage::StoredRoster& roster) {
  std::lock_guard lock(mutex_);
  if (unavailable_) {
    return Down();
  }
  auto it = rosters_.find(roster.id);
  if (it != rosters_.end() && it->second.store_id != roster.store_id) {
    return core::Fail(
        core::ErrorCode::kInvalidArgument,
        "roster '" + roster.id + "' belongs to store '" + it->second.store_id.value() + "'");
  }
  rosters_[roster.id] = roster;
  return core::Ok();
}

core::Result<storage::StoredRoster> MemoryStaffingRepository::LoadRoster(const std::string& id) {
  std::lock_guard lock(mutex_);
  if (unavailable_) {
    return core::Fail(Down().error());
  }
  auto it = rosters_.find(id);
  if (it == rosters_.end()) {
    return core::Fail(core::ErrorCode::kNotFound, "roster '" + id + "' does not exist");
  }
  return it->second;
}

core::Result<std::vector<storage::RosterSummary>> MemoryStaffingRepository::ListRosters(
    const core::StoreId& store) {
  std::lock_guard lock(mutex_);
  if (unavailable_) {
    return core::Fail(Down().error());
  }
  std::vector<storage::RosterSummary> out;
  for (const auto& [id, roster] : rosters_) {
    if (roster.store_id == store) {
      out.push_back({roster.id, roster.store_id, roster.week_start, roster.status,
                     roster.score_total, roster.feasible,
                     static_cast<int64_t>(roster.assignments.size()), roster.created,
                     roster.updated});
    }
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return std::tuple(b.week_start, b.created, a.id) < std::tuple(a.week_start, a.created, b.id);
  });
  return out;
}

core::Result<std::optional<storage::StoredLabourStandards>>
MemoryStaffingRepository::LoadLabourStandards(const core::StoreId& store) {
  std::lock_guard lock(mutex_);
  if (unavailable_) {
    return core::Fail(Down().error());
  }
  auto it = standards_.find(store);
  if (it == standards_.end()) {
    return std::optional<storage::StoredLabourStandards>();
  }
  return std::optional(it->second);
}

core::Status MemoryStaffingRepository::SaveLabourStandards(
    const storage::StoredLabourStandards& standards) {
  std::lock_guard lock(mutex_);
  if (unavailable_) {
    return Down();
  }
  std::set<std::string> seen;
  for (const auto& department : standards.departments) {
    if (!seen.insert(department.department).second) {
      return core::Fail(core::ErrorCode::kInvalidArgument,
                        "department '" + department.department + "' is listed twice");
    }
  }
  standards_[standards.store_id] = standards;
  return core::Ok();
}

core::Status MemoryStaffingRepository::DeleteLabourStandards(const core::StoreId& store) {
  std::lock_guard lock(mutex_);
  if (unavailable_) {
    return Down();
  }
  if (standards_.erase(store) == 0) {
    return core::Fail(core::ErrorCode::kNotFound,
                      "store '" + store.value() + "' has no labour standards of its own");
  }
  return core::Ok();
}

void MemoryStaffingRepository::SetUnavailable(bool unavailable) {
  std::lock_guard lock(mutex_);
  unavailable_ = unavailable;
}

}  // namespace storeops::testing
