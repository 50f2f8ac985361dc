// SPDX-License-Identifier: Apache-2.0
#include "store_validator.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include <fmt/format.h>

#include "storeops/core/ids.hpp"
#include "storeops/core/store.hpp"
#include "storeops/core/time.hpp"

#include "limits.hpp"
#include "text.hpp"

namespace storeops::store_definition::internal {
namespace {

constexpr size_t kMaxIdLength = 64;
// Suggesting a near id means comparing against every id of the kind; past this many the
// suggestion is not worth the time on a hostile definition.
constexpr size_t kMaxSuggestionCandidates = 1'000;

using IdIndex = std::unordered_map<std::string_view, size_t>;

// Ids of one kind (zones, SKUs...) with where each first appears, for duplicate and reference
// checks.
struct IdTable {
  IdIndex first_index;
  std::vector<std::string_view> ids;
};

// Paths are built only when a problem is reported: formatting one per field of 100,000 SKUs
// would cost more than all the checks.
auto At(std::string_view section, size_t index, std::string_view field) {
  return [=] { return Member(Element(section, index), field); };
}

auto At(std::string_view field) {
  return [=] { return std::string(field); };
}

class Validator {
 public:
  Validator(const core::Store& store, Problems& problems) : store_(store), problems_(problems) {}

  void Run() {
    CheckId(At("id"), store_.id.value());
    CheckText(At("name"), store_.name);
    CheckTimeZone();
    CheckOpeningHours();
    CheckZones();
    CheckAdjacency();
    CheckDepartments();
    CheckCategories();
    CheckSkus();
    CheckLanes();
    CheckReachability();
  }

 private:
  template <class PathFn>
  void CheckId(const PathFn& path, std::string_view id) {
    if (core::IsValidIdText(id)) {
      return;
    }
    if (id.empty()) {
      problems_.Add(path(), "must not be empty");
    } else if (id.size() > kMaxIdLength) {
      problems_.Add(path(), fmt::format("too long: {} characters (ids have at most {})", id.size(),
                                        kMaxIdLength));
    } else {
      problems_.Add(path(), fmt::format("invalid id {}: use letters, digits, '.', '_' and '-', "
                                        "not starting with '.'",
                                        Quote(id)));
    }
  }

  // Returns whether the text is usable, so callers can skip checks that would only add noise.
  template <class PathFn>
  bool CheckText(const PathFn& path, std::string_view text) {
    if (text.empty()) {
      problems_.Add(path(), "must not be empty");
      return false;
    }
    if (!IsValidUtf8(text)) {
      problems_.Add(path(), "must be valid UTF-8 text");
      return false;
    }
    if (const size_t length = Utf8Length(text); length > kMaxTextLength) {
      problems_.Add(path(),
                    fmt::format("too long: {} characters (at most {})", length, kMaxTextLength));
      return false;
    }
    return true;
  }

  void CheckTimeZone() {
    if (CheckText(At("timezone"), store_.time_zone) &&
        !core::StoreCalendar::ForTimeZone(store_.time_zone).has_value()) {
      problems_.Add("timezone", fmt::format("unknown time zone {} (use an IANA name such as "
                                            "America/Chicago)",
                                            Quote(store_.time_zone)));
    }
  }

  void CheckOpeningHours() {
    for (size_t d = 0; d < kDayKeys.size(); ++d) {
      const auto& day = store_.opening_hours[d];
      if (!day) {
        continue;
      }
      const std::string path = Member("opening_hours", kDayKeys[d]);
      const bool open_ok = day->open_minute >= 0 && day->open_minute < kMinutesPerDay;
      const bool close_ok = day->close_minute > 0 && day->close_minute <= kMinutesPerDay;
      if (!open_ok) {
        problems_.Add(Member(path, "open"), "must be between 00:00 and 23:59");
      }
      if (!close_ok) {
        problems_.Add(Member(path, "close"), "must be between 00:01 and 24:00");
      }
      if (open_ok && close_ok && day->close_minute <= day->open_minute) {
        problems_.Add(
            Member(path, "close"),
            fmt::format("must be after open ({}), got {} (hours past midnight: close at "
                        "24:00 and open at 00:00 the next day)",
                        FormatClockTime(day->open_minute), FormatClockTime(day->close_minute)));
      }
    }
  }

  // Checks each item's id text and uniqueness and returns the table for reference checks.
  template <class Item>
  IdTable IndexIds(std::string_view section, const std::vector<Item>& items) {
    IdTable table;
    table.first_index.reserve(items.size());
    table.ids.reserve(items.size());
    for (size_t i = 0; i < items.size(); ++i) {
      const auto path = At(section, i, "id");
      const std::string& id = items[i].id.value();
      CheckId(path, id);
      auto [it, inserted] = table.first_index.emplace(id, i);
      if (inserted) {
        table.ids.push_back(id);
      } else {
        problems_.Add(path(), fmt::format("duplicate id {} (also {})", Quote(id),
                                          Element(section, it->second)));
      }
    }
    return table;
  }

  // Returns whether `id` names an item of `table`; reports it (with a suggestion) when not.
  template <class PathFn>
  bool CheckReference(const PathFn& path, std::string_view kind, const IdTable& table,
                      std::string_view id) {
    if (table.first_index.contains(id)) {
      return true;
    }
    std::string reason = fmt::format("unknown {} {}", kind, Quote(id));
    if (!problems_.Full() && table.ids.size() <= kMaxSuggestionCandidates) {
      if (auto suggestion = SuggestSimilar(id, table.ids)) {
        reason += fmt::format(" (did you mean '{}'?)", *suggestion);
      }
    }
    problems_.Add(path(), std::move(reason));
    return false;
  }

  template <class PathFn>
  void CheckPositive(const PathFn& path, double value) {
    if (!std::isfinite(value)) {
      problems_.Add(path(), "must be a finite number");
    } else if (value <= 0) {
      problems_.Add(path(), fmt::format("must be positive, got {}", value));
    }
  }

  void CheckZones() {
    const auto& zones = store_.zones;
    if (zones.empty()) {
      problems_.Add("zones", "must contain at least one zone");
    }
    if (zones.size() > kMaxZones) {
      problems_.Add("zones",
                    fmt::format("too many zones: {} (at most {})", zones.size(), kMaxZones));
    }
    zones_ = IndexIds("zones", zones);
    bool has_entrance = false;
    for (size_t i = 0; i < zones.size(); ++i) {
      const core::Zone& zone = zones[i];
      has_entrance = has_entrance || zone.type == core::ZoneType::kEntrance;
      CheckText(At("zones", i, "name"), zone.name);
      if (zone.polygon.size() < 3) {
        problems_.Add(Member(Element("zones", i), "polygon"),
                      fmt::format("must have at least 3 points, got {}", zone.polygon.size()));
      }
      for (size_t p = 0; p < zone.polygon.size(); ++p) {
        if (!std::isfinite(zone.polygon[p].x_m) || !std::isfinite(zone.polygon[p].y_m)) {
          problems_.Add(Element(Member(Element("zones", i), "polygon"), p),
                        "coordinates must be finite numbers");
        }
      }
      if (!std::isfinite(zone.centre.x_m) || !std::isfinite(zone.centre.y_m)) {
        problems_.Add(Member(Element("zones", i), "centre"), "coordinates must be finite numbers");
      }
      CheckPositive(At("zones", i, "area_m2"), zone.area_m2);
    }
    if (!zones.empty() && !has_entrance) {
      problems_.Add("zones",
                    "needs at least one zone of type 'entrance' (where customers come in)");
    }
    has_entrance_ = has_entrance;
  }

  void CheckAdjacency() {
    // Both directions of a walkway share one key, so "a-b" and "b-a" count as the same link.
    std::unordered_map<uint64_t, size_t> seen_pairs;
    neighbours_.assign(store_.zones.size(), {});
    for (size_t i = 0; i < store_.adjacency.size(); ++i) {
      const core::ZoneLink& link = store_.adjacency[i];
      const bool from_ok =
          CheckReference(At("adjacency", i, "from"), "zone", zones_, link.a.value());
      const bool to_ok = CheckReference(At("adjacency", i, "to"), "zone", zones_, link.b.value());
      CheckPositive(At("adjacency", i, "distance_m"), link.walking_distance_m);
      if (!from_ok || !to_ok) {
        continue;
      }
      const size_t a = zones_.first_index.at(link.a.value());
      const size_t b = zones_.first_index.at(link.b.value());
      if (a == b) {
        problems_.Add(Member(Element("adjacency", i), "to"),
                      fmt::format("links zone {} to itself", Quote(link.a.value())));
        continue;
      }
      const uint64_t key = (uint64_t{std::min(a, b)} << 32) | uint64_t{std::max(a, b)};
      if (auto [it, inserted] = seen_pairs.emplace(key, i); !inserted) {
        problems_.Add(
            Element("adjacency", i),
            fmt::format("duplicate link between {} and {} (also {})", Quote(link.a.value()),
                        Quote(link.b.value()), Element("adjacency", it->second)));
        continue;
      }
      neighbours_[a].push_back(b);
      neighbours_[b].push_back(a);
    }
  }

  void CheckDepartments() {
    departments_ = IndexIds("departments", store_.departments);
    for (size_t i = 0; i < store_.departments.size(); ++i) {
      const core::Department& department = store_.departments[i];
      CheckText(At("departments", i, "name"), department.name);
      std::unordered_set<std::string_view> listed;
      for (size_t z = 0; z < department.zones.size(); ++z) {
        const auto zone_path = [&] {
          return Element(Member(Element("departments", i), "zones"), z);
        };
        const std::string& zone = department.zones[z].value();
        if (CheckReference(zone_path, "zone", zones_, zone) && !listed.insert(zone).second) {
          problems_.Add(zone_path(), fmt::format("zone {} is listed twice", Quote(zone)));
        }
      }
      for (size_t s = 0; s < department.skills.size(); ++s) {
        CheckText([&] { return Element(Member(Element("departments", i), "skills"), s); },
                  department.skills[s]);
      }
    }
  }

  void CheckCategories() {
    categories_ = IndexIds("categories", store_.categories);
    for (size_t i = 0; i < store_.categories.size(); ++i) {
      const core::Category& category = store_.categories[i];
      CheckText(At("categories", i, "name"), category.name);
      CheckReference(At("categories", i, "department"), "department", departments_,
                     category.department.value());
    }
  }

  template <class PathFn>
  void CheckMoney(const PathFn& path, core::Money amount) {
    if (amount.cents() < 0) {
      problems_.Add(path(),
                    fmt::format("must not be negative, got {}", FormatCents(amount.cents())));
    } else if (amount.cents() > kMaxPriceCents) {
      problems_.Add(path(), fmt::format("too large: {} (at most {})", FormatCents(amount.cents()),
                                        FormatCents(kMaxPriceCents)));
    }
  }

  void CheckSkus() {
    const auto& skus = store_.skus;
    if (skus.size() > kMaxSkus) {
      problems_.Add("skus", fmt::format("too many SKUs: {} (at most {})", skus.size(), kMaxSkus));
    }
    IndexIds("skus", skus);
    for (size_t i = 0; i < skus.size(); ++i) {
      const core::Sku& sku = skus[i];
      CheckText(At("skus", i, "name"), sku.name);
      CheckReference(At("skus", i, "category"), "category", categories_, sku.category.value());
      // unit_cost above price is allowed on purpose: loss leaders are sold below cost.
      CheckMoney(At("skus", i, "price"), sku.price);
      CheckMoney(At("skus", i, "unit_cost"), sku.unit_cost);
      if (sku.shelf_capacity < 0) {
        problems_.Add(Member(Element("skus", i), "shelf_capacity"),
                      fmt::format("must not be negative, got {}", sku.shelf_capacity));
      }
      CheckReference(At("skus", i, "home_zone"), "zone", zones_, sku.home_zone.value());
    }
  }

  void CheckLanes() {
    IndexIds("lanes", store_.lanes);
    for (size_t i = 0; i < store_.lanes.size(); ++i) {
      const core::CheckoutLane& lane = store_.lanes[i];
      if (CheckReference(At("lanes", i, "zone"), "zone", zones_, lane.zone.value())) {
        const core::Zone& zone = store_.zones[zones_.first_index.at(lane.zone.value())];
        if (zone.type != core::ZoneType::kCheckout) {
          problems_.Add(Member(Element("lanes", i), "zone"),
                        fmt::format("zone {} is of type '{}'; lanes must be in a 'checkout' zone",
                                    Quote(zone.id.value()), core::ZoneTypeName(zone.type)));
        }
      }
      if (lane.stations < 1) {
        problems_.Add(Member(Element("lanes", i), "stations"),
                      fmt::format("must be at least 1, got {}", lane.stations));
      }
      if (lane.max_items && *lane.max_items < 1) {
        problems_.Add(Member(Element("lanes", i), "max_items"),
                      fmt::format("must be at least 1 when set, got {}", *lane.max_items));
      }
    }
  }

  // Every zone must be walkable from some entrance, or simulated shoppers could never get there.
  void CheckReachability() {
    if (!has_entrance_) {
      return;  // already reported; every zone would be listed as unreachable
    }
    const auto& zones = store_.zones;
    std::vector<bool> reached(zones.size(), false);
    std::deque<size_t> queue;
    for (size_t i = 0; i < zones.size(); ++i) {
      if (zones[i].type == core::ZoneType::kEntrance && IsFirstWithId(i)) {
        reached[i] = true;
        queue.push_back(i);
      }
    }
    while (!queue.empty()) {
      const size_t current = queue.front();
      queue.pop_front();
      for (size_t next : neighbours_[current]) {
        if (!reached[next]) {
          reached[next] = true;
          queue.push_back(next);
        }
      }
    }
    for (size_t i = 0; i < zones.size(); ++i) {
      // A duplicate id is already reported; which copy the links meant is unknowable.
      if (!reached[i] && IsFirstWithId(i)) {
        problems_.Add(Element("zones", i),
                      fmt::format("zone {} cannot be reached from an entrance (add an adjacency "
                                  "link to it)",
                                  Quote(zones[i].id.value())));
      }
    }
  }

  bool IsFirstWithId(size_t zone_index) const {
    auto it = zones_.first_index.find(store_.zones[zone_index].id.value());
    return it != zones_.first_index.end() && it->second == zone_index;
  }

  const core::Store& store_;
  Problems& problems_;
  IdTable zones_;
  IdTable departments_;
  IdTable categories_;
  std::vector<std::vector<size_t>> neighbours_;
  bool has_entrance_ = false;
};

}  // namespace

void ValidateInto(const core::Store& store, Problems& problems) {
  Validator(store, problems).Run();
}

}  // namespace storeops::store_definition::internal
