// SPDX-License-Identifier: Apache-2.0
// The discrete-event engine. Design for speed and bounded memory:
// - the store is compiled once into flat vectors indexed by small integers (zones, categories,
//   SKUs, lanes), with all-pairs walking distances and next hops (Floyd-Warshall; stores have at
//   most a few hundred zones);
// - one binary heap of (time, sequence) events; sequence numbers break ties first-in first-out,
//   which makes the run deterministic;
// - shoppers live in a pool of reused slots (an epoch guards stale events), arrivals are drawn
//   lazily one at a time, and per-day tables are rebuilt each day, so memory does not grow with
//   the simulated horizon;
// - arrivals are a Poisson process with a rate that is constant within each 15-minute slot;
//   because the exponential is memoryless, crossing a slot boundary redraws from the boundary,
//   which samples the piecewise-constant non-homogeneous process exactly.
#include "storeops/sim/simulator.hpp"

#include <algorithm>
#include <cmath>
#include <concepts>
#include <cstdio>
#include <deque>
#include <limits>
#include <queue>
#include <string>
#include <utility>
#include <vector>

#include "storeops/core/assert.hpp"

#include "rng.hpp"

namespace storeops::sim {
namespace {

using internal::Rng;
using internal::StreamSeed;

constexpr int64_t kMsPerSecond = 1000;
constexpr int64_t kMsPerMinute = 60 * kMsPerSecond;
constexpr int32_t kSlotMinutes = 15;
constexpr int kWaitBins = 7200;  // 1-second bins; the last one collects everything longer
constexpr uint64_t kArrivalStream = 1;
constexpr uint64_t kShopperStream = 2;
constexpr float kUnreachable = std::numeric_limits<float>::infinity();

// A vector indexed by the engine's small signed integers (zone, category, SKU, lane, slot): the
// indices are checked non-negative where they are made, so the conversion is done once, here.
template <class T>
class Table : public std::vector<T> {
 public:
  using std::vector<T>::vector;
  using std::vector<T>::operator[];

  template <std::integral I>
  T& operator[](I i) {
    return this->data()[static_cast<size_t>(i)];
  }

  template <std::integral I>
  const T& operator[](I i) const {
    return this->data()[static_cast<size_t>(i)];
  }
};

template <std::integral I>
[[nodiscard]] constexpr size_t U(I i) {
  return static_cast<size_t>(i);
}

enum class Kind : uint8_t {
  kDayStart,
  kOpen,
  kClose,
  kArrival,
  kEnterZone,    // a: slot, b: epoch
  kJoinQueue,    // a: slot, b: epoch
  kLeave,        // a: slot, b: epoch (no basket: walks out)
  kServiceDone,  // a: server
  kAbandon,      // a: slot, b: epoch
  kCameraTick,
  kStaffing,  // a: local minute of day
  kRestockAll,
  kRestockSku,  // a: sku
  kWeather,     // a: local hour
};

struct Event {
  int64_t t_ms;
  uint64_t seq;
  Kind kind;
  uint32_t a;
  uint32_t b;

  bool operator>(const Event& other) const {
    return t_ms != other.t_ms ? t_ms > other.t_ms : seq > other.seq;
  }
};

struct Display {
  int32_t category;
  double factor;
};

struct Lane {
  core::LaneId id;
  int32_t zone;
  core::LaneKind kind;
  int32_t stations;
  int32_t max_items;  // INT32_MAX when unlimited
};

// The store and scenario compiled to flat tables; shared by all replications.
struct Compiled {
  Compiled(core::StoreId id, core::StoreCalendar cal, Scenario sc, core::OpeningHours h)
      : store_id(std::move(id)), calendar(std::move(cal)), scenario(std::move(sc)), hours(h) {}

  core::StoreId store_id;
  core::StoreCalendar calendar;
  Scenario scenario;
  core::OpeningHours hours;

  int32_t nz = 0;
  Table<core::ZoneId> zone_ids;
  Table<double> zone_area;
  Table<float> dist;    // nz * nz metres
  Table<int16_t> next;  // nz * nz next hop on a shortest path
  Table<int32_t> entrances;
  Table<double> entrance_cdf;
  Table<int32_t> exit_entrance;  // per zone: nearest entrance
  Table<int32_t> camera_zone;    // cameras at entrances and checkout zones
  Table<core::CameraId> camera_ids;

  int32_t nc = 0;
  Table<int32_t> cat_zone;
  Table<Table<int32_t>> cat_skus;
  Table<double> support;
  Table<float> lift;  // nc * nc, clamped
  Table<int32_t> cat_department;
  Table<Table<Display>> displays;  // per zone

  Table<core::SkuId> sku_ids;
  Table<core::Money> price;
  Table<int32_t> capacity;
  Table<core::CategoryId> category_ids;
  Table<int32_t> sku_category;

  Table<Lane> lanes;
  core::DepartmentId front_department;
  Table<double> size_cdf;  // [k] = P(size <= k)

  [[nodiscard]] float Dist(int32_t a, int32_t b) const { return dist[a * nz + b]; }

  [[nodiscard]] int32_t Next(int32_t a, int32_t b) const { return next[a * nz + b]; }
};

int32_t ZoneIndex(const core::Store& store, const core::ZoneId& id) {
  for (size_t i = 0; i < store.zones.size(); ++i) {
    if (store.zones[i].id == id) {
      return static_cast<int32_t>(i);
    }
  }
  return -1;
}

core::Result<std::shared_ptr<const Compiled>> Compile(const core::Store& store,
                                                      const Scenario& scenario,
                                                      const BasketModel& model) {
  if (auto valid = ValidateScenario(scenario, store); !valid) {
    return core::Fail(valid.error());
  }
  auto calendar = core::StoreCalendar::ForTimeZone(store.time_zone);
  if (!calendar) {
    return core::Fail(calendar.error());
  }
  auto c = std::make_shared<Compiled>(store.id, *calendar, scenario, store.opening_hours);
  const int32_t nz = static_cast<int32_t>(store.zones.size());
  c->nz = nz;
  for (const auto& z : store.zones) {
    c->zone_ids.push_back(z.id);
    c->zone_area.push_back(std::max(z.area_m2, 1.0));
  }
  c->dist.assign(U(nz) * U(nz), kUnreachable);
  c->next.assign(U(nz) * U(nz), -1);
  for (int32_t i = 0; i < nz; ++i) {
    c->dist[i * nz + i] = 0;
    c->next[i * nz + i] = static_cast<int16_t>(i);
  }
  for (const auto& link : store.adjacency) {
    const int32_t a = ZoneIndex(store, link.a);
    const int32_t b = ZoneIndex(store, link.b);
    if (a < 0 || b < 0) {
      return core::Fail(core::ErrorCode::kInvalidArgument,
                        "store adjacency names an unknown zone: validate the store first");
    }
    const auto d = static_cast<float>(link.walking_distance_m);
    if (d < c->dist[a * nz + b]) {
      c->dist[a * nz + b] = c->dist[b * nz + a] = d;
      c->next[a * nz + b] = static_cast<int16_t>(b);
      c->next[b * nz + a] = static_cast<int16_t>(a);
    }
  }
  // Stockrooms are not walked through by shoppers: they only connect to themselves.
  Table<uint8_t> walkable(U(nz));
  for (int32_t i = 0; i < nz; ++i) {
    walkable[i] = store.zones[U(i)].type != core::ZoneType::kStockroom;
  }
  for (int32_t k = 0; k < nz; ++k) {
    if (!walkable[k]) {
      continue;
    }
    for (int32_t i = 0; i < nz; ++i) {
      const float dik = c->dist[i * nz + k];
      if (dik == kUnreachable) {
        continue;
      }
      for (int32_t j = 0; j < nz; ++j) {
        const float through = dik + c->dist[k * nz + j];
        if (through < c->dist[i * nz + j]) {
          c->dist[i * nz + j] = through;
          c->next[i * nz + j] = c->next[i * nz + k];
        }
      }
    }
  }
  for (int32_t i = 0; i < nz; ++i) {
    if (store.zones[U(i)].type == core::ZoneType::kEntrance) {
      c->entrances.push_back(i);
    }
  }
  if (c->entrances.empty()) {
    return core::Fail(core::ErrorCode::kInvalidArgument, "the store has no entrance zone");
  }
  {
    // Shares per entrance: as the scenario gives them, else the main entrance (nearest the
    // first lane's zone on foot: the one by the tills) takes main_entrance_share and the side
    // entrances (garden centre, pharmacy) share the rest by area.
    Table<double> weight(c->entrances.size(), 0.0);
    if (!scenario.layout.entrances.empty()) {
      for (const auto& [zone, share] : scenario.layout.entrances) {
        const auto it = std::find(c->entrances.begin(), c->entrances.end(), ZoneIndex(store, zone));
        if (it != c->entrances.end()) {
          weight[U(it - c->entrances.begin())] += share;
        }
      }
    } else if (c->entrances.size() == 1) {
      weight[0] = 1;
    } else {
      const int32_t till_zone =
          store.lanes.empty() ? -1 : ZoneIndex(store, store.lanes.front().zone);
      size_t main = 0;
      for (size_t i = 1; i < c->entrances.size() && till_zone >= 0; ++i) {
        if (c->Dist(c->entrances[i], till_zone) < c->Dist(c->entrances[main], till_zone)) {
          main = i;
        }
      }
      double side_area = 0;
      for (size_t i = 0; i < c->entrances.size(); ++i) {
        side_area += i == main ? 0.0 : c->zone_area[c->entrances[i]];
      }
      const double main_share = scenario.shoppers.main_entrance_share;
      for (size_t i = 0; i < c->entrances.size(); ++i) {
        weight[i] =
            i == main ? main_share : (1 - main_share) * c->zone_area[c->entrances[i]] / side_area;
      }
    }
    double total = 0;
    for (double w : weight) {
      total += w;
      c->entrance_cdf.push_back(total);
    }
    for (auto& v : c->entrance_cdf) {
      v /= total;
    }
  }
  c->exit_entrance.resize(U(nz));
  for (int32_t z = 0; z < nz; ++z) {
    int32_t best = c->entrances.front();
    for (int32_t e : c->entrances) {
      if (c->Dist(z, e) < c->Dist(z, best)) {
        best = e;
      }
    }
    c->exit_entrance[z] = best;
  }

  // Lanes.
  if (store.lanes.empty()) {
    return core::Fail(core::ErrorCode::kInvalidArgument, "the store has no checkout lane");
  }
  for (const auto& lane : store.lanes) {
    const int32_t zone = ZoneIndex(store, lane.zone);
    if (zone < 0) {
      return core::Fail(core::ErrorCode::kInvalidArgument,
                        "lane '" + lane.id.value() + "' is in an unknown zone");
    }
    c->lanes.push_back({lane.id, zone, lane.kind, std::max(lane.stations, 1),
                        lane.max_items.value_or(std::numeric_limits<int32_t>::max())});
  }
  for (const auto& lane : c->lanes) {
    if (c->Dist(c->entrances.front(), lane.zone) == kUnreachable) {
      return core::Fail(core::ErrorCode::kInvalidArgument,
                        "the zone of lane '" + lane.id.value() + "' cannot be reached on foot");
    }
  }
  for (const auto& d : store.departments) {
    if (std::find(d.zones.begin(), d.zones.end(), store.lanes.front().zone) != d.zones.end()) {
      c->front_department = d.id;
    }
  }
  if (c->front_department.empty() && !store.departments.empty()) {
    c->front_department = store.departments.front().id;
  }
  Table<uint8_t> is_camera(U(nz), 0);
  for (int32_t e : c->entrances) {
    is_camera[e] = true;
  }
  for (const auto& lane : c->lanes) {
    is_camera[lane.zone] = true;
  }
  for (int32_t z = 0; z < nz; ++z) {
    if (is_camera[z]) {
      c->camera_zone.push_back(z);
      c->camera_ids.emplace_back("cam-" + store.zones[U(z)].id.value());
    }
  }

  // SKUs and categories.
  const int32_t nc = static_cast<int32_t>(store.categories.size());
  c->nc = nc;
  c->cat_skus.resize(U(nc));
  c->cat_department.assign(U(nc), -1);
  for (const auto& category : store.categories) {
    c->category_ids.push_back(category.id);
  }
  for (int32_t i = 0; i < nc; ++i) {
    for (size_t d = 0; d < store.departments.size(); ++d) {
      if (store.departments[d].id == store.categories[U(i)].department) {
        c->cat_department[i] = static_cast<int32_t>(d);
      }
    }
  }
  auto category_index = [&](const core::CategoryId& id) {
    for (int32_t i = 0; i < nc; ++i) {
      if (store.categories[U(i)].id == id) {
        return i;
      }
    }
    return -1;
  };
  Table<Table<int32_t>> zone_votes(U(nc), Table<int32_t>(U(nz), 0));
  for (size_t s = 0; s < store.skus.size(); ++s) {
    const auto& sku = store.skus[s];
    const int32_t cat = category_index(sku.category);
    const int32_t zone = ZoneIndex(store, sku.home_zone);
    c->sku_ids.push_back(sku.id);
    c->price.push_back(sku.price);
    c->capacity.push_back(std::max(sku.shelf_capacity, 0));
    c->sku_category.push_back(cat);
    if (cat >= 0) {
      c->cat_skus[cat].push_back(static_cast<int32_t>(s));
      if (zone >= 0) {
        ++zone_votes[cat][zone];
      }
    }
  }
  c->cat_zone.assign(U(nc), -1);
  for (int32_t i = 0; i < nc; ++i) {
    const auto best = std::max_element(zone_votes[i].begin(), zone_votes[i].end());
    if (best != zone_votes[i].end() && *best > 0) {
      c->cat_zone[i] = static_cast<int32_t>(best - zone_votes[i].begin());
    }
  }
  for (const auto& [category, zone] : scenario.layout.category_zones) {
    c->cat_zone[category_index(category)] = ZoneIndex(store, zone);
  }
  // Base support from the model; categories it does not know get a small default.
  c->support.assign(U(nc), 0.005);
  for (const auto& m : model.categories) {
    if (const int32_t i = category_index(m.id); i >= 0) {
      c->support[i] = m.support;
    }
  }
  const int32_t entrance0 = c->entrances.front();
  for (int32_t i = 0; i < nc; ++i) {
    // A category shoppers cannot buy (no SKU, no reachable zone) is never listed.
    if (c->cat_skus[i].empty() || c->cat_zone[i] < 0 ||
        c->Dist(entrance0, c->cat_zone[i]) == kUnreachable) {
      c->support[i] = 0;
    }
  }
  c->lift.assign(U(nc) * U(nc), 1.0F);
  for (const auto& p : model.pairs) {
    const int32_t a = category_index(p.a);
    const int32_t b = category_index(p.b);
    if (a >= 0 && b >= 0) {
      const auto lift = static_cast<float>(std::clamp(p.lift, 0.25, 4.0));
      c->lift[a * nc + b] = c->lift[b * nc + a] = lift;
    }
  }
  double total = 0;
  for (double p : model.basket_size) {
    total += p;
    c->size_cdf.push_back(total);
  }
  if (total <= 0) {
    c->size_cdf = {0, 1};
    total = 1;
  }
  for (auto& v : c->size_cdf) {
    v /= total;
  }

  // Displays: each category is shown in its zone; endcaps also at the nearest aisle, front
  // displays also at every entrance.
  c->displays.resize(U(nz));
  auto has = [](const std::vector<core::CategoryId>& list, const core::CategoryId& id) {
    return std::find(list.begin(), list.end(), id) != list.end();
  };
  const auto& shoppers = scenario.shoppers;
  for (int32_t i = 0; i < nc; ++i) {
    if (c->support[i] <= 0) {
      continue;
    }
    const int32_t home = c->cat_zone[i];
    const bool endcap = has(scenario.layout.endcaps, store.categories[U(i)].id);
    c->displays[home].push_back({i, endcap ? shoppers.endcap_factor : 1.0});
    if (endcap) {
      int32_t aisle = -1;
      for (int32_t z = 0; z < nz; ++z) {
        if (z != home && store.zones[U(z)].type == core::ZoneType::kAisle &&
            (aisle < 0 || c->Dist(home, z) < c->Dist(home, aisle))) {
          aisle = z;
        }
      }
      if (aisle >= 0 && c->Dist(home, aisle) != kUnreachable) {
        c->displays[aisle].push_back({i, shoppers.endcap_factor});
      }
    }
    if (has(scenario.layout.front_displays, store.categories[U(i)].id)) {
      for (int32_t e : c->entrances) {
        c->displays[e].push_back({i, shoppers.front_display_factor});
      }
    }
  }
  return std::shared_ptr<const Compiled>(std::move(c));
}

struct Line {
  int32_t sku;
  int32_t quantity;
};

enum class State : uint8_t { kFree, kShopping, kToCheckout, kQueued, kServing };

struct Shopper {
  uint32_t epoch = 0;
  State state = State::kFree;
  Rng rng;
  uint64_t ordinal = 0;
  int64_t entry_ms = 0;
  int64_t join_ms = 0;
  double distance_m = 0;
  double speed_mps = 1;
  double patience_s = 0;
  double service_factor = 1;
  bool prefers_self = false;
  bool phone = false;
  int32_t zone = 0;
  int32_t target = 0;
  int32_t checkout_class = 0;  // 0 assisted, 1 self
  int32_t group = -1;
  int32_t units = 0;
  int64_t value_cents = 0;
  core::Tender tender = core::Tender::kCard;
  size_t stop_index = 0;
  Table<int32_t> list;  // categories
  Table<int32_t> stops;
  Table<int32_t> bought;  // categories with at least one unit bought
  Table<Line> lines;
  std::string device_id;
};

struct Server {
  int32_t lane;
  int32_t group;
  bool open = false;
  bool busy = false;
  bool clocked_in = false;
  uint32_t slot = 0;
};

struct Group {
  int32_t zone;
  int32_t checkout_class;  // 0 assisted (staffed, express), 1 self-checkout
  int32_t max_items;
  Table<int32_t> servers;
  std::deque<uint32_t> queue;
  int32_t open_servers = 0;
  int32_t busy = 0;
};

struct Slot {
  int64_t start_ms;
  int64_t end_ms;
  double rate_per_ms;
  int32_t hour;
};

std::string FormatMac(uint64_t bits) {
  char text[18];
  std::snprintf(
      text, sizeof text, "%02x:%02x:%02x:%02x:%02x:%02x",
      static_cast<unsigned>((bits >> 40) & 0xff), static_cast<unsigned>((bits >> 32) & 0xff),
      static_cast<unsigned>((bits >> 24) & 0xff), static_cast<unsigned>((bits >> 16) & 0xff),
      static_cast<unsigned>((bits >> 8) & 0xff), static_cast<unsigned>(bits & 0xff));
  return text;
}

// Organisationally unique identifiers of common phone makers: a fixed MAC looks like a real one.
constexpr uint64_t kPhoneOuis[] = {0xf0d1a9, 0x3c2eff, 0xa4c361, 0x8c8590, 0x5c0a5b, 0xdc2b2a};

}  // namespace

class SimulationImpl {
 public:
  SimulationImpl(std::shared_ptr<const Compiled> compiled, const SimulationOptions& options)
      : c_(std::move(compiled)),
        s_(c_->scenario),
        options_(options),
        arrivals_rng_(StreamSeed(options.seed, options.replication, kArrivalStream, 0)) {
    const int32_t nz = c_->nz;
    occupancy_.assign(U(nz), 0);
    since_ms_.assign(U(nz), 0);
    congested_ms_.assign(U(nz), 0);
    zone_queue_.assign(U(nz), 0);
    crossed_in_.assign(U(nz), 0);
    crossed_out_.assign(U(nz), 0);
    kpis_.zones.assign(U(nz), {});
    kpis_.department_revenue.assign(std::max<size_t>(1, DepartmentCount()), 0);
    kpis_.basket_categories.assign(33, 0);
    wait_hist_.assign(kWaitBins + 1, 0);
    on_shelf_.resize(c_->capacity.size());
    restock_pending_.assign(c_->capacity.size(), 0);
    for (size_t i = 0; i < c_->capacity.size(); ++i) {
      on_shelf_[i] = static_cast<int32_t>(std::lround(c_->capacity[i] * s_.stock.initial_fill));
    }
    day_weights_.assign(U(c_->nc), 0);
    weights_.assign(U(c_->nc), 0);
    BuildGroups();
    const auto& first = s_.start_date;
    start_ms_ = LocalMidnight(first);
    end_ms_ = LocalMidnight(first + std::chrono::days(s_.days));
    now_ms_ = start_ms_;
    Schedule(start_ms_, Kind::kDayStart, 0, 0);
  }

  void Advance(int64_t duration_ms, std::vector<SimEvent>* out) {
    out_ = options_.emit_events ? out : nullptr;
    const int64_t target = std::min(end_ms_, now_ms_ + std::max<int64_t>(duration_ms, 0));
    while (!heap_.empty() && heap_.top().t_ms < target) {
      const Event e = heap_.top();
      heap_.pop();
      now_ms_ = e.t_ms;
      Dispatch(e);
    }
    now_ms_ = target;
    out_ = nullptr;
  }

  [[nodiscard]] bool Finished() const { return now_ms_ >= end_ms_; }

  [[nodiscard]] int64_t Now() const { return now_ms_; }

  [[nodiscard]] int64_t StartMs() const { return start_ms_; }

  [[nodiscard]] int64_t EndMs() const { return end_ms_; }

  [[nodiscard]] size_t Capacity() const { return shoppers_.size(); }

  [[nodiscard]] Kpis Results() const {
    Kpis k = kpis_;
    const double served = served_;
    k.avg_wait_seconds = served > 0 ? wait_sum_s_ / served : 0;
    k.p90_wait_seconds = Percentile(0.9);
    const double ended = served_ + abandoned_;
    k.abandonment_rate = ended > 0 ? abandoned_ / ended : 0;
    k.avg_shopping_minutes = finished_ > 0 ? shopping_ms_ / finished_ / kMsPerMinute : 0;
    k.avg_distance_m = finished_ > 0 ? distance_sum_ / finished_ : 0;
    k.avg_basket_units = k.transactions > 0 ? k.units / k.transactions : 0;
    for (int32_t z = 0; z < c_->nz; ++z) {
      double ms = static_cast<double>(congested_ms_[z]);
      if (Congested(z)) {
        ms += static_cast<double>(now_ms_ - since_ms_[z]);
      }
      k.zones[U(z)].congested_minutes = ms / kMsPerMinute;
    }
    return k;
  }

 private:
  [[nodiscard]] size_t DepartmentCount() const {
    int32_t n = 0;
    for (int32_t d : c_->cat_department) {
      n = std::max(n, d + 1);
    }
    return static_cast<size_t>(n);
  }

  int64_t LocalMs(std::chrono::sys_days date, int32_t minute_of_day) const {
    if (minute_of_day >= 1440) {
      return LocalMidnight(date + std::chrono::days(1));
    }
    const std::chrono::year_month_day ymd{date};
    core::LocalDateTime local;
    local.year = static_cast<int>(ymd.year());
    local.month = static_cast<int>(static_cast<unsigned>(ymd.month()));
    local.day = static_cast<int>(static_cast<unsigned>(ymd.day()));
    local.hour = minute_of_day / 60;
    local.minute = minute_of_day % 60;
    return core::ToEpochMs(c_->calendar.ToUtc(local));
  }

  int64_t LocalMidnight(std::chrono::sys_days date) const { return LocalMs(date, 0); }

  void Schedule(int64_t t_ms, Kind kind, uint32_t a, uint32_t b) {
    heap_.push(Event{t_ms, seq_++, kind, a, b});
  }

  void Emit(SimEvent event) {
    if (out_ != nullptr) {
      out_->push_back(std::move(event));
    }
  }

  [[nodiscard]] core::Timestamp Ts(int64_t ms) const { return core::FromEpochMs(ms); }

  void Dispatch(const Event& e) {
    switch (e.kind) {
      case Kind::kDayStart:
        OnDayStart();
        break;
      case Kind::kOpen:
        OnOpen();
        break;
      case Kind::kClose:
        store_open_ = false;
        CloseLanesIfEmpty();
        break;
      case Kind::kArrival:
        OnArrival();
        break;
      case Kind::kEnterZone:
        if (Live(e)) {
          OnEnterZone(e.a);
        }
        break;
      case Kind::kJoinQueue:
        if (Live(e)) {
          Join(e.a);
        }
        break;
      case Kind::kLeave:
        if (Live(e)) {
          Exit(e.a);
        }
        break;
      case Kind::kServiceDone:
        OnServiceDone(static_cast<int32_t>(e.a));
        break;
      case Kind::kAbandon:
        if (Live(e) && shoppers_[e.a].state == State::kQueued) {
          OnAbandon(e.a);
        }
        break;
      case Kind::kCameraTick:
        OnCameraTick();
        break;
      case Kind::kStaffing:
        ApplyStaffing(LevelAt(static_cast<int32_t>(e.a)));
        break;
      case Kind::kRestockAll:
        for (size_t i = 0; i < on_shelf_.size(); ++i) {
          Restock(static_cast<int32_t>(i));
        }
        break;
      case Kind::kRestockSku:
        Restock(static_cast<int32_t>(e.a));
        break;
      case Kind::kWeather:
        OnWeather(static_cast<int32_t>(e.a));
        break;
    }
  }

  [[nodiscard]] bool Live(const Event& e) const {
    return shoppers_[e.a].epoch == e.b && shoppers_[e.a].state != State::kFree;
  }

  // ---- days -------------------------------------------------------------------------------

  void OnDayStart() {
    const std::chrono::sys_days date = s_.start_date + std::chrono::days(day_index_);
    day_date_ = date;
    kpis_.daily_revenue.push_back(0);
    const std::chrono::weekday wd{date};
    const int weekday = static_cast<int>(wd.iso_encoding()) - 1;  // Monday 0
    const std::chrono::year_month_day ymd{date};
    const int month = static_cast<int>(static_cast<unsigned>(ymd.month())) - 1;

    weather_ = s_.default_weather;
    for (const auto& w : s_.weather) {
      if (w.date == date) {
        weather_ = w.weather;
      }
    }
    double factor = s_.traffic.weekday_factors[U(weekday)] * s_.traffic.monthly_factors[U(month)];
    std::fill(day_weights_.begin(), day_weights_.end(), 1.0);
    auto apply_categories = [&](const CategoryFactors& factors) {
      for (const auto& [id, f] : factors) {
        for (int32_t i = 0; i < c_->nc; ++i) {
          if (c_->category_ids[i] == id) {
            day_weights_[i] *= f;
          }
        }
      }
    };
    for (const auto& effect : s_.weather_effects) {
      if (effect.condition == weather_.condition) {
        factor *= effect.traffic_factor;
        apply_categories(effect.category_factors);
      }
    }
    bool closed = false;
    for (const auto& event : s_.events) {
      if (event.date == date) {
        factor *= event.traffic_factor;
        closed = closed || event.closed;
        apply_categories(event.category_factors);
      }
    }
    day_category_factor_ = day_weights_;
    for (int32_t i = 0; i < c_->nc; ++i) {
      day_weights_[i] *= c_->support[i];
    }

    if (options_.emit_events) {
      for (int32_t h = 0; h < 24; ++h) {
        Schedule(LocalMs(date, h * 60), Kind::kWeather, static_cast<uint32_t>(h), 0);
      }
    }
    slots_.clear();
    slot_index_ = 0;
    const auto& hours = c_->hours[U(weekday)];
    if (!closed && hours.has_value() && hours->close_minute > hours->open_minute) {
      open_minute_ = hours->open_minute;
      const int32_t close = hours->close_minute;
      double weight_total = 0;
      for (int32_t m = open_minute_; m < close; m += kSlotMinutes) {
        const int32_t end = std::min(m + kSlotMinutes, close);
        const double w = s_.traffic.hourly_weights[U(m / 60)] * (end - m);
        weight_total += w;
        slots_.push_back({LocalMs(date, m), LocalMs(date, end), w, m / 60});
      }
      const double expected = s_.traffic.daily_shoppers * factor;
      for (auto& slot : slots_) {
        const double duration = static_cast<double>(slot.end_ms - slot.start_ms);
        slot.rate_per_ms = weight_total > 0 && duration > 0
                               ? expected * slot.rate_per_ms / weight_total / duration
                               : 0;
      }
      Schedule(LocalMs(date, open_minute_), Kind::kOpen, 0, 0);
      Schedule(LocalMs(date, close), Kind::kClose, 0, 0);
      for (const auto& interval : s_.staffing.intervals) {
        for (int32_t minute : {interval.from_minute, interval.to_minute}) {
          if (minute > open_minute_ && minute < close) {
            Schedule(LocalMs(date, minute), Kind::kStaffing, static_cast<uint32_t>(minute), 0);
          }
        }
      }
      ScheduleNextArrival(slots_.front().start_ms);
    }
    for (int32_t minute : s_.stock.restock_minutes) {
      Schedule(LocalMs(date, minute), Kind::kRestockAll, 0, 0);
    }
    ++day_index_;
    if (day_index_ < s_.days) {
      Schedule(LocalMidnight(date + std::chrono::days(1)), Kind::kDayStart, 0, 0);
    }
  }

  void OnOpen() {
    store_open_ = true;
    ApplyStaffing(LevelAt(open_minute_));
    if (out_ != nullptr) {
      for (size_t i = 0; i < on_shelf_.size(); ++i) {
        Snapshot(static_cast<int32_t>(i));
      }
    }
    StartCameras();
  }

  void OnWeather(int32_t hour) {
    core::WeatherObservation w;
    w.store_id = c_->store_id;
    w.ts = Ts(now_ms_);
    // A gentle daily cycle around the day's temperature: coolest at 05:00, warmest at 15:00.
    w.temperature_c =
        std::round(
            (weather_.temperature_c + 3.0 * std::sin((hour - 9) * 3.141592653589793 / 12.0)) * 10) /
        10;
    w.precipitation_mm = std::round(weather_.precipitation_mm / 24.0 * 100) / 100;
    w.condition = weather_.condition;
    Emit(std::move(w));
  }

  // ---- arrivals ---------------------------------------------------------------------------

  void ScheduleNextArrival(int64_t from_ms) {
    while (slot_index_ < slots_.size()) {
      const Slot& slot = slots_[slot_index_];
      const int64_t start = std::max(from_ms, slot.start_ms);
      if (slot.rate_per_ms > 0) {
        const double gap = arrivals_rng_.Exponential() / slot.rate_per_ms;
        const double t = static_cast<double>(start) + gap;
        if (t < static_cast<double>(slot.end_ms)) {
          Schedule(static_cast<int64_t>(t), Kind::kArrival, 0, 0);
          return;
        }
      }
      ++slot_index_;
      from_ms = slot.end_ms;
    }
  }

  uint32_t Allocate() {
    if (!free_.empty()) {
      const uint32_t slot = free_.back();
      free_.pop_back();
      return slot;
    }
    shoppers_.emplace_back();
    return static_cast<uint32_t>(shoppers_.size() - 1);
  }

  void OnArrival() {
    const int32_t hour = slots_[slot_index_].hour;
    kpis_.shoppers += 1;
    kpis_.arrivals_by_hour[U(hour)] += 1;
    const uint32_t id = Allocate();
    Shopper& p = shoppers_[id];
    p.state = State::kShopping;
    p.ordinal = ordinal_++;
    p.rng = Rng(StreamSeed(options_.seed, options_.replication, kShopperStream, p.ordinal));
    Rng& rng = p.rng;
    const auto& sm = s_.shoppers;
    const auto& cm = s_.checkout;
    // Fixed-order draws first, so common random numbers line up across scenarios.
    p.entry_ms = now_ms_;
    p.distance_m = 0;
    p.speed_mps = sm.walking_speed_mps * (0.75 + 0.5 * rng.Uniform());
    p.patience_s = cm.mean_patience_seconds ? *cm.mean_patience_seconds * rng.Exponential()
                                            : std::numeric_limits<double>::infinity();
    if (cm.exponential_service) {
      p.service_factor = rng.Exponential();
    } else {
      const double sigma2 = std::log1p(cm.service_cv * cm.service_cv);
      p.service_factor = std::exp(std::sqrt(sigma2) * rng.Normal() - sigma2 / 2);
    }
    const double u_self = rng.Uniform();
    p.phone = rng.Uniform() < sm.phone_share;
    const bool randomised = rng.Uniform() < sm.randomised_mac_share;
    const uint64_t mac_bits = rng.Next();
    const uint32_t regular = rng.Below(static_cast<uint32_t>(sm.regular_customers));
    const double u_tender = rng.Uniform();
    const double u_entrance = rng.Uniform();
    const double u_size = rng.Uniform();

    p.tender = u_tender < 0.68   ? core::Tender::kCard
               : u_tender < 0.84 ? core::Tender::kCash
               : u_tender < 0.97 ? core::Tender::kMobile
                                 : core::Tender::kGiftCard;
    if (p.phone && out_ != nullptr) {
      if (randomised) {
        // Locally administered, unicast: second hex digit 2, 6, a or e.
        p.device_id =
            FormatMac(((mac_bits & 0xfcffffffffffULL) | 0x020000000000ULL) & 0xffffffffffffULL);
      } else {
        Rng fixed(StreamSeed(options_.seed, 0, 3, regular));
        const uint64_t oui = kPhoneOuis[fixed.Below(std::size(kPhoneOuis))];
        p.device_id = FormatMac((oui << 24) | (fixed.Next() & 0xffffff));
      }
    }
    int32_t entrance = c_->entrances.back();
    for (size_t i = 0; i < c_->entrances.size(); ++i) {
      if (u_entrance < c_->entrance_cdf[i]) {
        entrance = c_->entrances[i];
        break;
      }
    }
    int32_t size = 1;
    while (size + 1 < static_cast<int32_t>(c_->size_cdf.size()) && u_size >= c_->size_cdf[size]) {
      ++size;
    }
    SampleList(p, size);
    // Mission: a quick trip (1-2 categories) walks faster and prefers self-checkout; a stock-up
    // (8 or more) browses longer.
    const bool quick = p.list.size() <= 2;
    if (quick) {
      p.speed_mps *= 1.15;
    }
    p.prefers_self = u_self < cm.self_checkout_share * (quick ? 1.5 : 1.0);
    PlanStops(p, entrance);

    p.zone = entrance;
    p.units = 0;
    p.value_cents = 0;
    p.lines.clear();
    p.bought.clear();
    p.stop_index = 0;
    p.group = -1;
    ++active_;
    ++crossed_in_[entrance];
    Arrive(id, entrance);
    ScheduleMove(id, now_ms_ + 5 * kMsPerSecond);
    ScheduleNextArrival(now_ms_);
  }

  void SampleList(Shopper& p, int32_t size) {
    p.list.clear();
    weights_ = day_weights_;
    const int32_t nc = c_->nc;
    for (int32_t k = 0; k < size; ++k) {
      double total = 0;
      for (int32_t i = 0; i < nc; ++i) {
        total += weights_[i];
      }
      if (total <= 0) {
        break;
      }
      double u = p.rng.Uniform() * total;
      int32_t pick = nc - 1;
      for (int32_t i = 0; i < nc; ++i) {
        u -= weights_[i];
        if (u < 0 && weights_[i] > 0) {
          pick = i;
          break;
        }
      }
      if (weights_[pick] <= 0) {
        break;
      }
      p.list.push_back(pick);
      weights_[pick] = 0;
      const float* lift = &c_->lift[U(pick) * U(nc)];
      for (int32_t i = 0; i < nc; ++i) {
        weights_[i] *= lift[i];
      }
    }
  }

  // Nearest neighbour over walking distance from the entrance.
  void PlanStops(Shopper& p, int32_t entrance) {
    p.stops.clear();
    for (int32_t cat : p.list) {
      const int32_t z = c_->cat_zone[cat];
      if (std::find(p.stops.begin(), p.stops.end(), z) == p.stops.end()) {
        p.stops.push_back(z);
      }
    }
    int32_t at = entrance;
    for (size_t i = 0; i < p.stops.size(); ++i) {
      size_t best = i;
      for (size_t j = i + 1; j < p.stops.size(); ++j) {
        if (c_->Dist(at, p.stops[j]) < c_->Dist(at, p.stops[best])) {
          best = j;
        }
      }
      std::swap(p.stops[i], p.stops[best]);
      at = p.stops[i];
    }
  }

  // ---- walking ----------------------------------------------------------------------------

  void Arrive(uint32_t id, int32_t zone) {
    Shopper& p = shoppers_[id];
    ChangeOccupancy(zone, +1);
    kpis_.zones[U(zone)].footfall += 1;
    if (p.phone && out_ != nullptr) {
      SimPresence presence;
      presence.store_id = c_->store_id;
      presence.ts = Ts(now_ms_);
      presence.device_id = p.device_id;
      presence.zone = c_->zone_ids[zone];
      // From a hash, not the shopper's stream: emitting events must not change what the
      // shopper does, so a KPI-only run and an event run of one seed agree.
      uint64_t h = p.ordinal * 0x9e3779b97f4a7c15ULL ^ static_cast<uint64_t>(now_ms_);
      presence.rssi = -40 - static_cast<int32_t>(internal::SplitMix64(h) % 46);
      Emit(std::move(presence));
    }
  }

  void ChangeOccupancy(int32_t zone, int32_t delta) {
    if (Congested(zone)) {
      congested_ms_[zone] += now_ms_ - since_ms_[zone];
    }
    since_ms_[zone] = now_ms_;
    occupancy_[zone] += delta;
    auto& peak = kpis_.zones[U(zone)].peak_occupancy;
    peak = std::max(peak, static_cast<double>(occupancy_[zone]));
  }

  [[nodiscard]] bool Congested(int32_t zone) const {
    return occupancy_[zone] * 100.0 / c_->zone_area[zone] > s_.shoppers.congestion_people_per_100m2;
  }

  // Walks one hop towards the current target, leaving at `ready_ms`.
  void ScheduleMove(uint32_t id, int64_t ready_ms) {
    Shopper& p = shoppers_[id];
    const int32_t target = p.stop_index < p.stops.size() ? p.stops[p.stop_index] : p.target;
    if (p.zone == target) {
      Schedule(ready_ms, p.state == State::kToCheckout ? Kind::kJoinQueue : Kind::kEnterZone, id,
               p.epoch);
      return;
    }
    const int32_t hop = c_->Next(p.zone, target);
    const double seconds = c_->Dist(p.zone, hop) / p.speed_mps;
    Schedule(ready_ms + static_cast<int64_t>(seconds * kMsPerSecond), Kind::kEnterZone, id,
             p.epoch);
  }

  void OnEnterZone(uint32_t id) {
    Shopper& p = shoppers_[id];
    const int32_t target = p.stop_index < p.stops.size() ? p.stops[p.stop_index] : p.target;
    const int32_t hop = p.zone == target ? target : c_->Next(p.zone, target);
    if (hop != p.zone) {
      ChangeOccupancy(p.zone, -1);
      p.distance_m += c_->Dist(p.zone, hop);
      p.zone = hop;
      Arrive(id, hop);
    }
    double dwell_s = 0;
    if (p.state == State::kShopping && p.stop_index < p.stops.size() &&
        p.zone == p.stops[p.stop_index]) {
      for (int32_t cat : p.list) {
        if (c_->cat_zone[cat] == p.zone) {
          const int32_t units = Buy(p, cat, /*impulse=*/false);
          dwell_s += s_.shoppers.seconds_per_category * (0.5 + p.rng.Uniform()) +
                     s_.shoppers.seconds_per_unit * units;
        }
      }
      ++p.stop_index;
    }
    if (p.state == State::kShopping) {
      dwell_s += Impulse(p);
    }
    if (p.state == State::kToCheckout && p.zone == p.target) {
      Join(id);
      return;
    }
    const int64_t ready = now_ms_ + static_cast<int64_t>(dwell_s * kMsPerSecond);
    if (p.state == State::kShopping && p.stop_index >= p.stops.size()) {
      if (p.units == 0) {
        Schedule(ready, Kind::kLeave, id, p.epoch);
        return;
      }
      ChooseCheckout(p);
    }
    ScheduleMove(id, ready);
  }

  // Units taken off the shelf for one category (1-2 SKUs, 1 or more units each).
  int32_t Buy(Shopper& p, int32_t cat, bool impulse) {
    const auto& skus = c_->cat_skus[cat];
    const int32_t sku_lines = impulse ? 1 : (p.rng.Uniform() < 0.25 ? 2 : 1);
    int32_t taken_total = 0;
    for (int32_t l = 0; l < sku_lines; ++l) {
      const int32_t sku = skus[p.rng.Below(static_cast<uint32_t>(skus.size()))];
      int32_t want = 1;
      while (want < 6 && p.rng.Uniform() < 0.3) {
        ++want;
      }
      const int32_t taken = std::min(want, on_shelf_[sku]);
      const int32_t lost = want - taken;
      if (lost > 0) {
        kpis_.lost_units += lost;
        kpis_.lost_sales += c_->price[sku].ToDouble() * lost;
      }
      if (taken == 0) {
        continue;
      }
      on_shelf_[sku] -= taken;
      if (s_.stock.threshold_restock && restock_pending_[sku] == 0 &&
          on_shelf_[sku] <= s_.stock.threshold * c_->capacity[sku]) {
        restock_pending_[sku] = 1;
        Schedule(now_ms_ + s_.stock.restock_delay_minutes * kMsPerMinute, Kind::kRestockSku,
                 static_cast<uint32_t>(sku), 0);
      }
      auto line = std::find_if(p.lines.begin(), p.lines.end(),
                               [sku](const Line& x) { return x.sku == sku; });
      if (line == p.lines.end()) {
        p.lines.push_back({sku, taken});
      } else {
        line->quantity += taken;
      }
      p.units += taken;
      p.value_cents += c_->price[sku].cents() * taken;
      taken_total += taken;
    }
    if (taken_total > 0 && std::find(p.bought.begin(), p.bought.end(), cat) == p.bought.end()) {
      p.bought.push_back(cat);
    }
    return taken_total;
  }

  // Impulse buys among the categories displayed in the zone; returns the extra seconds spent.
  double Impulse(Shopper& p) {
    double seconds = 0;
    const int32_t nc = c_->nc;
    for (const Display& d : c_->displays[p.zone]) {
      const int32_t cat = d.category;
      if (std::find(p.list.begin(), p.list.end(), cat) != p.list.end() ||
          std::find(p.bought.begin(), p.bought.end(), cat) != p.bought.end()) {
        continue;
      }
      // Affinity: the strongest lift between the category and the basket so far.
      float affinity = 0.5F;
      for (int32_t listed : p.list) {
        affinity = std::max(affinity, c_->lift[U(listed) * U(nc) + U(cat)]);
      }
      const double prob = std::min(
          0.5, s_.shoppers.impulse_probability * d.factor * affinity * day_category_factor_[cat]);
      if (p.rng.Uniform() < prob) {
        const int32_t units = Buy(p, cat, /*impulse=*/true);
        seconds += units > 0 ? 15 : 5;
      }
    }
    return seconds;
  }

  // ---- checkout ---------------------------------------------------------------------------

  void BuildGroups() {
    const auto& cm = s_.checkout;
    for (size_t l = 0; l < c_->lanes.size(); ++l) {
      const Lane& lane = c_->lanes[l];
      const int32_t cls = lane.kind == core::LaneKind::kSelfCheckout ? 1 : 0;
      int32_t group = -1;
      if (cm.single_line && lane.kind == core::LaneKind::kStaffed) {
        for (size_t g = 0; g < groups_.size(); ++g) {
          if (groups_[g].zone == lane.zone && groups_[g].checkout_class == 0 &&
              groups_[g].max_items == std::numeric_limits<int32_t>::max() &&
              c_->lanes[servers_[groups_[g].servers.front()].lane].kind ==
                  core::LaneKind::kStaffed) {
            group = static_cast<int32_t>(g);
          }
        }
      }
      if (group < 0) {
        groups_.push_back({lane.zone, cls, lane.max_items, {}, {}, 0, 0});
        group = static_cast<int32_t>(groups_.size() - 1);
      }
      for (int32_t s = 0; s < lane.stations; ++s) {
        servers_.push_back({static_cast<int32_t>(l), group});
        groups_[group].servers.push_back(static_cast<int32_t>(servers_.size() - 1));
      }
    }
  }

  [[nodiscard]] StaffingLevel LevelAt(int32_t minute) const {
    StaffingLevel level = s_.staffing.base;
    for (const auto& interval : s_.staffing.intervals) {
      if (minute >= interval.from_minute && minute < interval.to_minute) {
        level = interval.level;
      }
    }
    return level;
  }

  void ApplyStaffing(const StaffingLevel& level) {
    int32_t staffed = level.staffed_lanes;
    int32_t express = level.express_lanes;
    int32_t stations = level.self_checkout_stations;
    for (size_t i = 0; i < servers_.size(); ++i) {
      const Lane& lane = c_->lanes[servers_[i].lane];
      int32_t* budget = lane.kind == core::LaneKind::kStaffed   ? &staffed
                        : lane.kind == core::LaneKind::kExpress ? &express
                                                                : &stations;
      const bool open = *budget > 0;
      if (open) {
        --*budget;
      }
      SetServerOpen(static_cast<int32_t>(i), open);
    }
    for (size_t g = 0; g < groups_.size(); ++g) {
      TryStart(static_cast<int32_t>(g));
    }
  }

  void SetServerOpen(int32_t index, bool open) {
    Server& server = servers_[index];
    if (server.open == open) {
      return;
    }
    server.open = open;
    groups_[server.group].open_servers += open ? 1 : -1;
    if (open && !server.clocked_in) {
      Clock(index, core::ClockAction::kIn);
    }
    MaybeClockOut(index);
  }

  void MaybeClockOut(int32_t index) {
    Server& server = servers_[index];
    const Group& group = groups_[server.group];
    if (!server.open && !server.busy && server.clocked_in &&
        (group.queue.empty() || group.open_servers > 0)) {
      Clock(index, core::ClockAction::kOut);
    }
  }

  void Clock(int32_t index, core::ClockAction action) {
    Server& server = servers_[index];
    server.clocked_in = action == core::ClockAction::kIn;
    const Lane& lane = c_->lanes[server.lane];
    if (out_ == nullptr || lane.kind == core::LaneKind::kSelfCheckout) {
      return;
    }
    core::StaffClock clock;
    clock.store_id = c_->store_id;
    clock.ts = Ts(now_ms_);
    clock.employee_id = core::EmployeeId{"cashier-" + lane.id.value()};
    clock.action = action;
    clock.department = c_->front_department;
    Emit(std::move(clock));
  }

  void CloseLanesIfEmpty() {
    if (!store_open_ && active_ == 0) {
      ApplyStaffing(StaffingLevel{0, 0, 0});
    }
  }

  void ChooseCheckout(Shopper& p) {
    int32_t open[2] = {0, 0};
    for (const auto& g : groups_) {
      open[g.checkout_class] += g.open_servers;
    }
    int32_t cls = p.prefers_self && p.units <= s_.checkout.self_checkout_max_units ? 1 : 0;
    if (open[cls] == 0 && open[1 - cls] > 0) {
      cls = 1 - cls;
    }
    bool any = false;
    for (const auto& g : groups_) {
      any = any || g.checkout_class == cls;
    }
    if (!any) {
      cls = 1 - cls;
    }
    // Walk to the zone of the best open group of the class (the shortest queue is chosen again
    // on arrival).
    int32_t target = -1;
    for (const auto& g : groups_) {
      if (g.checkout_class == cls && (target < 0 || g.open_servers > 0)) {
        target = g.zone;
        if (g.open_servers > 0) {
          break;
        }
      }
    }
    p.checkout_class = cls;
    p.target = target;
    p.state = State::kToCheckout;
  }

  void Join(uint32_t id) {
    Shopper& p = shoppers_[id];
    int32_t best = -1;
    double best_score = 0;
    for (int pass = 0; pass < 3 && best < 0; ++pass) {
      for (size_t g = 0; g < groups_.size(); ++g) {
        const Group& group = groups_[g];
        if (group.checkout_class != p.checkout_class) {
          continue;
        }
        if (pass < 2 && group.open_servers == 0) {
          continue;
        }
        if (pass == 0 && p.units > group.max_items) {
          continue;
        }
        const double score = (static_cast<double>(group.queue.size()) + group.busy) /
                             std::max(1, group.open_servers);
        if (best < 0 || score < best_score) {
          best = static_cast<int32_t>(g);
          best_score = score;
        }
      }
    }
    STOREOPS_ASSERT(best >= 0, "every checkout class chosen has at least one group");
    Group& group = groups_[best];
    p.state = State::kQueued;
    p.group = best;
    p.join_ms = now_ms_;
    group.queue.push_back(id);
    ++zone_queue_[group.zone];
    if (std::isfinite(p.patience_s)) {
      Schedule(now_ms_ + static_cast<int64_t>(p.patience_s * kMsPerSecond), Kind::kAbandon, id,
               p.epoch);
    }
    TryStart(best);
  }

  void TryStart(int32_t g) {
    Group& group = groups_[g];
    for (int32_t index : group.servers) {
      if (group.queue.empty()) {
        return;
      }
      Server& server = servers_[index];
      if (server.busy || !(server.open || (group.open_servers == 0 && server.clocked_in))) {
        continue;
      }
      const uint32_t id = group.queue.front();
      group.queue.pop_front();
      --zone_queue_[group.zone];
      Shopper& p = shoppers_[id];
      const double wait_s = static_cast<double>(now_ms_ - p.join_ms) / kMsPerSecond;
      wait_sum_s_ += wait_s;
      ++wait_hist_[std::min<size_t>(static_cast<size_t>(wait_s), kWaitBins)];
      p.state = State::kServing;
      server.busy = true;
      server.slot = id;
      ++group.busy;
      const Lane& lane = c_->lanes[server.lane];
      const auto& cm = s_.checkout;
      const double mean = lane.kind == core::LaneKind::kSelfCheckout
                              ? cm.self_base_seconds + cm.self_per_unit_seconds * p.units
                              : cm.staffed_base_seconds + cm.staffed_per_unit_seconds * p.units;
      const double seconds = mean * p.service_factor;
      Schedule(now_ms_ + std::max<int64_t>(1, static_cast<int64_t>(seconds * kMsPerSecond)),
               Kind::kServiceDone, static_cast<uint32_t>(index), 0);
    }
  }

  void OnServiceDone(int32_t index) {
    Server& server = servers_[index];
    const uint32_t id = server.slot;
    Shopper& p = shoppers_[id];
    Group& group = groups_[server.group];
    server.busy = false;
    --group.busy;
    ++served_;
    const double value = static_cast<double>(p.value_cents) / 100.0;
    kpis_.transactions += 1;
    kpis_.revenue += value;
    kpis_.units += p.units;
    kpis_.daily_revenue.back() += value;
    kpis_.basket_categories[std::min<size_t>(p.bought.size(), 32)] += 1;
    for (const Line& line : p.lines) {
      const int32_t dept = c_->cat_department[c_->sku_category[line.sku]];
      if (dept >= 0) {
        kpis_.department_revenue[U(dept)] += c_->price[line.sku].ToDouble() * line.quantity;
      }
    }
    if (out_ != nullptr) {
      core::PosTransaction tx;
      tx.store_id = c_->store_id;
      tx.ts = Ts(now_ms_);
      tx.basket_id =
          "sim-" + std::to_string(options_.replication) + "-" + std::to_string(p.ordinal);
      tx.lane = c_->lanes[server.lane].id;
      tx.tender = p.tender;
      tx.lines.reserve(p.lines.size());
      for (const Line& line : p.lines) {
        tx.lines.push_back({c_->sku_ids[line.sku], line.quantity, c_->price[line.sku]});
      }
      Emit(std::move(tx));
    }
    Exit(id);
    TryStart(server.group);
    MaybeClockOut(index);
  }

  void OnAbandon(uint32_t id) {
    Shopper& p = shoppers_[id];
    Group& group = groups_[p.group];
    const auto it = std::find(group.queue.begin(), group.queue.end(), id);
    STOREOPS_ASSERT(it != group.queue.end(), "a queued shopper is in its group's queue");
    group.queue.erase(it);
    --zone_queue_[group.zone];
    ++abandoned_;
    kpis_.abandoned_revenue += static_cast<double>(p.value_cents) / 100.0;
    // The abandoned basket goes back to the shelves.
    for (const Line& line : p.lines) {
      on_shelf_[line.sku] = std::min(c_->capacity[line.sku], on_shelf_[line.sku] + line.quantity);
    }
    Exit(id);
    for (int32_t index : group.servers) {
      MaybeClockOut(index);
    }
  }

  void Exit(uint32_t id) {
    Shopper& p = shoppers_[id];
    ChangeOccupancy(p.zone, -1);
    ++crossed_out_[c_->exit_entrance[p.zone]];
    p.distance_m += c_->Dist(p.zone, c_->exit_entrance[p.zone]);
    shopping_ms_ += static_cast<double>(now_ms_ - p.entry_ms);
    distance_sum_ += p.distance_m;
    ++finished_;
    p.state = State::kFree;
    ++p.epoch;
    free_.push_back(id);
    --active_;
    CloseLanesIfEmpty();
  }

  // ---- stock and sensors ------------------------------------------------------------------

  void Restock(int32_t sku) {
    restock_pending_[sku] = 0;
    if (on_shelf_[sku] == c_->capacity[sku]) {
      return;
    }
    on_shelf_[sku] = c_->capacity[sku];
    Snapshot(sku);
  }

  void Snapshot(int32_t sku) {
    if (out_ == nullptr) {
      return;
    }
    core::InventorySnapshot snap;
    snap.store_id = c_->store_id;
    snap.ts = Ts(now_ms_);
    snap.sku = c_->sku_ids[sku];
    snap.on_shelf = on_shelf_[sku];
    // The stockroom is not modelled: it holds two more shelf-fulls and never runs dry.
    snap.on_hand = on_shelf_[sku] + 2 * c_->capacity[sku];
    Emit(std::move(snap));
  }

  void StartCameras() {
    if (camera_running_ || !options_.emit_events) {
      return;
    }
    camera_running_ = true;
    Schedule(now_ms_ + s_.camera_interval_seconds * kMsPerSecond, Kind::kCameraTick, 0, 0);
  }

  void OnCameraTick() {
    for (size_t i = 0; i < c_->camera_zone.size(); ++i) {
      const int32_t z = c_->camera_zone[i];
      core::CameraCount count;
      count.store_id = c_->store_id;
      count.ts = Ts(now_ms_);
      count.camera = c_->camera_ids[i];
      count.zone = c_->zone_ids[z];
      count.people = occupancy_[z];
      count.queue = zone_queue_[z];
      count.crossed_in = crossed_in_[z];
      count.crossed_out = crossed_out_[z];
      crossed_in_[z] = 0;
      crossed_out_[z] = 0;
      Emit(std::move(count));
    }
    if (store_open_ || active_ > 0) {
      Schedule(now_ms_ + s_.camera_interval_seconds * kMsPerSecond, Kind::kCameraTick, 0, 0);
    } else {
      camera_running_ = false;
    }
  }

  [[nodiscard]] double Percentile(double q) const {
    if (served_ == 0) {
      return 0;
    }
    const double rank = q * served_;
    double cumulative = 0;
    for (size_t i = 0; i < wait_hist_.size(); ++i) {
      const double next = cumulative + wait_hist_[i];
      if (next >= rank) {
        const double within = wait_hist_[i] > 0 ? (rank - cumulative) / wait_hist_[i] : 0;
        return static_cast<double>(i) + within;
      }
      cumulative = next;
    }
    return kWaitBins;
  }

  std::shared_ptr<const Compiled> c_;
  const Scenario& s_;
  SimulationOptions options_;
  Rng arrivals_rng_;
  std::vector<SimEvent>* out_ = nullptr;

  std::priority_queue<Event, std::vector<Event>, std::greater<>> heap_;
  uint64_t seq_ = 0;
  int64_t start_ms_ = 0;
  int64_t end_ms_ = 0;
  int64_t now_ms_ = 0;

  int32_t day_index_ = 0;
  std::chrono::sys_days day_date_{};
  int32_t open_minute_ = 0;
  bool store_open_ = false;
  bool camera_running_ = false;
  Weather weather_;
  Table<Slot> slots_;
  size_t slot_index_ = 0;
  Table<double> day_weights_;
  Table<double> day_category_factor_;
  Table<double> weights_;

  Table<Shopper> shoppers_;
  Table<uint32_t> free_;
  uint64_t ordinal_ = 0;
  int64_t active_ = 0;

  Table<Server> servers_;
  Table<Group> groups_;
  Table<int32_t> on_shelf_;
  Table<uint8_t> restock_pending_;

  Table<int32_t> occupancy_;
  Table<int64_t> since_ms_;
  Table<int64_t> congested_ms_;
  Table<int32_t> zone_queue_;
  Table<int32_t> crossed_in_;
  Table<int32_t> crossed_out_;

  Kpis kpis_;
  double served_ = 0;
  double abandoned_ = 0;
  double finished_ = 0;
  double wait_sum_s_ = 0;
  double shopping_ms_ = 0;
  double distance_sum_ = 0;
  Table<double> wait_hist_;
};

// ---- front doors -----------------------------------------------------------------------------

Simulation::Simulation(std::unique_ptr<SimulationImpl> impl) : impl_(std::move(impl)) {}

Simulation::Simulation(Simulation&&) noexcept = default;

Simulation& Simulation::operator=(Simulation&&) noexcept = default;

Simulation::~Simulation() = default;

core::Result<Simulation> Simulation::Create(const core::Store& store, const Scenario& scenario,
                                            const BasketModel& model,
                                            const SimulationOptions& options) {
  auto compiled = Compile(store, scenario, model);
  if (!compiled) {
    return core::Fail(compiled.error());
  }
  return Simulation(std::make_unique<SimulationImpl>(*compiled, options));
}

void Simulation::Advance(std::chrono::milliseconds duration, std::vector<SimEvent>* events) {
  impl_->Advance(duration.count(), events);
}

void Simulation::RunToEnd(std::vector<SimEvent>* events) {
  impl_->Advance(impl_->EndMs() - impl_->Now(), events);
}

bool Simulation::Finished() const { return impl_->Finished(); }

core::Timestamp Simulation::Now() const { return core::FromEpochMs(impl_->Now()); }

core::Timestamp Simulation::Start() const { return core::FromEpochMs(impl_->StartMs()); }

core::Timestamp Simulation::End() const { return core::FromEpochMs(impl_->EndMs()); }

Kpis Simulation::Results() const { return impl_->Results(); }

size_t Simulation::ShopperCapacity() const { return impl_->Capacity(); }

std::vector<std::pair<std::string_view, double>> KpiValues(const Kpis& k) {
  return {{"shoppers", k.shoppers},
          {"transactions", k.transactions},
          {"revenue", k.revenue},
          {"units", k.units},
          {"avg_basket_units", k.avg_basket_units},
          {"lost_sales", k.lost_sales},
          {"lost_units", k.lost_units},
          {"avg_wait_seconds", k.avg_wait_seconds},
          {"p90_wait_seconds", k.p90_wait_seconds},
          {"abandonment_rate", k.abandonment_rate},
          {"abandoned_revenue", k.abandoned_revenue},
          {"avg_shopping_minutes", k.avg_shopping_minutes},
          {"avg_distance_m", k.avg_distance_m}};
}

Estimate Summarise(const std::vector<double>& values) {
  // Two-sided 97.5 % quantiles of Student's t for 1..30 degrees of freedom.
  static constexpr double kT[] = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306,
                                  2.262,  2.228, 2.201, 2.179, 2.160, 2.145, 2.131, 2.120,
                                  2.110,  2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064,
                                  2.060,  2.056, 2.052, 2.048, 2.045, 2.042};
  Estimate e;
  const size_t n = values.size();
  if (n == 0) {
    return e;
  }
  double sum = 0;
  for (double v : values) {
    sum += v;
  }
  e.mean = sum / static_cast<double>(n);
  if (n < 2) {
    return e;
  }
  double ss = 0;
  for (double v : values) {
    ss += (v - e.mean) * (v - e.mean);
  }
  const double sd = std::sqrt(ss / static_cast<double>(n - 1));
  const double t = n - 1 <= 30 ? kT[n - 2] : 1.96;
  e.half_width = t * sd / std::sqrt(static_cast<double>(n));
  return e;
}

namespace {

core::Result<std::vector<Kpis>> RunReplications(const std::shared_ptr<const Compiled>& compiled,
                                                const RunOptions& options, int64_t progress_base,
                                                int64_t progress_total) {
  std::vector<Kpis> runs;
  runs.reserve(static_cast<size_t>(options.replications));
  const int32_t days = compiled->scenario.days;
  for (int32_t r = 0; r < options.replications; ++r) {
    SimulationImpl impl(compiled, {options.seed, static_cast<uint32_t>(r), /*emit_events=*/false});
    for (int32_t d = 0; d < days; ++d) {
      // Day by day (in UTC days; DST shifts only move where the step lands).
      impl.Advance(d + 1 == days ? impl.EndMs() - impl.Now() : 86'400'000, nullptr);
      if (options.progress) {
        options.progress(progress_base + static_cast<int64_t>(r) * days + d + 1, progress_total);
      }
      if (options.cancelled && options.cancelled()) {
        return core::Fail(core::ErrorCode::kCancelled, "the simulation was cancelled");
      }
    }
    runs.push_back(impl.Results());
  }
  return runs;
}

ScenarioReport Report(const core::Store& store, const Scenario& scenario, std::vector<Kpis> runs) {
  ScenarioReport report;
  report.scenario = scenario.name;
  report.days = scenario.days;
  report.replications = static_cast<int32_t>(runs.size());
  const auto names = KpiValues(runs.front());
  for (size_t m = 0; m < names.size(); ++m) {
    std::vector<double> values;
    for (const auto& run : runs) {
      values.push_back(KpiValues(run)[m].second);
    }
    report.kpis.emplace_back(std::string(names[m].first), Summarise(values));
  }
  for (size_t z = 0; z < store.zones.size(); ++z) {
    std::vector<double> footfall;
    std::vector<double> peak;
    std::vector<double> congested;
    for (const auto& run : runs) {
      footfall.push_back(run.zones[z].footfall);
      peak.push_back(run.zones[z].peak_occupancy);
      congested.push_back(run.zones[z].congested_minutes);
    }
    report.zones.push_back(
        {store.zones[z].id, Summarise(footfall), Summarise(peak), Summarise(congested)});
  }
  for (size_t d = 0; d < store.departments.size(); ++d) {
    std::vector<double> revenue;
    for (const auto& run : runs) {
      revenue.push_back(d < run.department_revenue.size() ? run.department_revenue[d] : 0);
    }
    report.department_revenue.emplace_back(store.departments[d].id, Summarise(revenue));
  }
  report.runs = std::move(runs);
  return report;
}

core::Status CheckReplications(const RunOptions& options) {
  if (options.replications < 1 || options.replications > 1000) {
    return core::Fail(core::ErrorCode::kInvalidArgument, "replications must be between 1 and 1000",
                      {{"replications", "must be between 1 and 1000"}});
  }
  return core::Ok();
}

}  // namespace

core::Result<ScenarioReport> RunScenario(const core::Store& store, const Scenario& scenario,
                                         const BasketModel& model, const RunOptions& options) {
  if (auto ok = CheckReplications(options); !ok) {
    return core::Fail(ok.error());
  }
  auto compiled = Compile(store, scenario, model);
  if (!compiled) {
    return core::Fail(compiled.error());
  }
  const int64_t total = static_cast<int64_t>(options.replications) * scenario.days;
  auto runs = RunReplications(*compiled, options, 0, total);
  if (!runs) {
    return core::Fail(runs.error());
  }
  return Report(store, scenario, std::move(*runs));
}

core::Result<Comparison> CompareScenarios(const core::Store& store, const Scenario& a,
                                          const Scenario& b, const BasketModel& model,
                                          const RunOptions& options) {
  if (auto ok = CheckReplications(options); !ok) {
    return core::Fail(ok.error());
  }
  auto compiled_a = Compile(store, a, model);
  if (!compiled_a) {
    return core::Fail(compiled_a.error());
  }
  auto compiled_b = Compile(store, b, model);
  if (!compiled_b) {
    return core::Fail(compiled_b.error());
  }
  const int64_t total = static_cast<int64_t>(options.replications) * (a.days + b.days);
  auto runs_a = RunReplications(*compiled_a, options, 0, total);
  if (!runs_a) {
    return core::Fail(runs_a.error());
  }
  auto runs_b = RunReplications(*compiled_b, options,
                                static_cast<int64_t>(options.replications) * a.days, total);
  if (!runs_b) {
    return core::Fail(runs_b.error());
  }
  Comparison comparison;
  const auto names = KpiValues(runs_a->front());
  for (size_t m = 0; m < names.size(); ++m) {
    std::vector<double> diff;
    for (size_t r = 0; r < runs_a->size(); ++r) {
      diff.push_back(KpiValues((*runs_b)[r])[m].second - KpiValues((*runs_a)[r])[m].second);
    }
    comparison.difference.emplace_back(std::string(names[m].first), Summarise(diff));
  }
  comparison.a = Report(store, a, std::move(*runs_a));
  comparison.b = Report(store, b, std::move(*runs_b));
  return comparison;
}

}  // namespace storeops::sim
