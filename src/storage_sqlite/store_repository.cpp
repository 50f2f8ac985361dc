// SPDX-License-Identifier: Apache-2.0
#include "store_repository.hpp"

#include <cstddef>
#include <cstdint>
#include <exception>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include <fmt/format.h>

namespace storeops::storage_sqlite::internal {
namespace {

constexpr std::string_view kDeleteStore = "DELETE FROM stores WHERE id = ?";
constexpr std::string_view kInsertStore =
    "INSERT INTO stores (id, name, time_zone) VALUES (?, ?, ?)";
constexpr std::string_view kInsertHours =
    "INSERT INTO store_opening_hours (store_id, weekday, open_minute, close_minute) "
    "VALUES (?, ?, ?, ?)";
constexpr std::string_view kInsertZone =
    "INSERT INTO zones (store_id, id, position, name, type, centre_x_m, centre_y_m, area_m2) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
constexpr std::string_view kInsertPoint =
    "INSERT INTO zone_polygon_points (store_id, zone_id, position, x_m, y_m) "
    "VALUES (?, ?, ?, ?, ?)";
constexpr std::string_view kInsertLink =
    "INSERT INTO zone_links (store_id, position, zone_a, zone_b, walking_distance_m) "
    "VALUES (?, ?, ?, ?, ?)";
constexpr std::string_view kInsertDepartment =
    "INSERT INTO departments (store_id, id, position, name) VALUES (?, ?, ?, ?)";
constexpr std::string_view kInsertDepartmentZone =
    "INSERT INTO department_zones (store_id, department_id, position, zone_id) "
    "VALUES (?, ?, ?, ?)";
constexpr std::string_view kInsertDepartmentSkill =
    "INSERT INTO department_skills (store_id, department_id, position, skill) VALUES (?, ?, ?, ?)";
constexpr std::string_view kInsertCategory =
    "INSERT INTO categories (store_id, id, position, name, department_id) VALUES (?, ?, ?, ?, ?)";
constexpr std::string_view kInsertSku =
    "INSERT INTO skus (store_id, id, position, name, category_id, price_cents, unit_cost_cents, "
    "shelf_capacity, home_zone) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr std::string_view kInsertLane =
    "INSERT INTO checkout_lanes (store_id, id, position, zone_id, kind, stations, max_items) "
    "VALUES (?, ?, ?, ?, ?, ?, ?)";

constexpr std::string_view kSelectStore = "SELECT name, time_zone FROM stores WHERE id = ?";
constexpr std::string_view kSelectHours =
    "SELECT weekday, open_minute, close_minute FROM store_opening_hours WHERE store_id = ?";
constexpr std::string_view kSelectZones =
    "SELECT id, name, type, centre_x_m, centre_y_m, area_m2 FROM zones WHERE store_id = ? "
    "ORDER BY position";
// Child rows are keyed to their parent's position, which is the parent's index in the vector.
constexpr std::string_view kSelectPoints =
    "SELECT z.position, p.x_m, p.y_m FROM zone_polygon_points AS p "
    "JOIN zones AS z ON z.store_id = p.store_id AND z.id = p.zone_id "
    "WHERE p.store_id = ? ORDER BY z.position, p.position";
constexpr std::string_view kSelectLinks =
    "SELECT zone_a, zone_b, walking_distance_m FROM zone_links WHERE store_id = ? "
    "ORDER BY position";
constexpr std::string_view kSelectDepartments =
    "SELECT id, name FROM departments WHERE store_id = ? ORDER BY position";
constexpr std::string_view kSelectDepartmentZones =
    "SELECT d.position, dz.zone_id FROM department_zones AS dz "
    "JOIN departments AS d ON d.store_id = dz.store_id AND d.id = dz.department_id "
    "WHERE dz.store_id = ? ORDER BY d.position, dz.position";
constexpr std::string_view kSelectDepartmentSkills =
    "SELECT d.position, ds.skill FROM department_skills AS ds "
    "JOIN departments AS d ON d.store_id = ds.store_id AND d.id = ds.department_id "
    "WHERE ds.store_id = ? ORDER BY d.position, ds.position";
constexpr std::string_view kSelectCategories =
    "SELECT id, name, department_id FROM categories WHERE store_id = ? ORDER BY position";
constexpr std::string_view kSelectSkus =
    "SELECT id, name, category_id, price_cents, unit_cost_cents, shelf_capacity, home_zone "
    "FROM skus WHERE store_id = ? ORDER BY position";
constexpr std::string_view kSelectLanes =
    "SELECT id, zone_id, kind, stations, max_items FROM checkout_lanes WHERE store_id = ? "
    "ORDER BY position";
// A correlated count keeps the list to one statement however many stores there are.
constexpr std::string_view kListStores =
    "SELECT id, name, time_zone, "
    "(SELECT count(*) FROM zones WHERE zones.store_id = stores.id) "
    "FROM stores ORDER BY id";

core::Error WithContext(core::Error error, std::string_view context) {
  error.message = fmt::format("{}: {}", context, error.message);
  return error;
}

core::Status InternalFromException(std::string_view context, const char* what) {
  return core::Fail(core::ErrorCode::kInternal, fmt::format("{}: {}", context, what));
}

// Empty optional references (a SKU without a home zone) become NULL, which foreign keys skip.
template <class Tag>
std::optional<std::string_view> NullIfEmpty(const core::Id<Tag>& id) {
  if (id.empty()) {
    return std::nullopt;
  }
  return std::string_view(id.value());
}

int64_t Position(size_t index) { return static_cast<int64_t>(index); }

core::Error Corrupt(std::string_view what) {
  return core::Error{
      core::ErrorCode::kInternal, fmt::format("corrupt store definition row: {}", what), {}};
}

core::Status WriteStoreRows(WriteContext& context, const core::Store& store) {
  const std::string_view store_id = store.id.value();
  // ON DELETE CASCADE removes every child row, so a save is a full replacement.
  if (auto deleted = Inserter(context, kDeleteStore).Insert(store_id); !deleted) {
    return deleted;
  }
  if (auto inserted = Inserter(context, kInsertStore).Insert(store_id, store.name, store.time_zone);
      !inserted) {
    return inserted;
  }
  Inserter hours(context, kInsertHours);
  for (size_t day = 0; day < store.opening_hours.size(); ++day) {
    const auto& opening = store.opening_hours[day];
    if (!opening) {
      continue;
    }
    if (auto inserted =
            hours.Insert(store_id, Position(day), opening->open_minute, opening->close_minute);
        !inserted) {
      return inserted;
    }
  }
  Inserter zones(context, kInsertZone);
  Inserter points(context, kInsertPoint);
  for (size_t i = 0; i < store.zones.size(); ++i) {
    const core::Zone& zone = store.zones[i];
    if (auto inserted = zones.Insert(store_id, zone.id.value(), Position(i), zone.name,
                                     core::ZoneTypeName(zone.type), zone.centre.x_m,
                                     zone.centre.y_m, zone.area_m2);
        !inserted) {
      return inserted;
    }
    for (size_t j = 0; j < zone.polygon.size(); ++j) {
      const core::Point& point = zone.polygon[j];
      if (auto inserted =
              points.Insert(store_id, zone.id.value(), Position(j), point.x_m, point.y_m);
          !inserted) {
        return inserted;
      }
    }
  }
  Inserter links(context, kInsertLink);
  for (size_t i = 0; i < store.adjacency.size(); ++i) {
    const core::ZoneLink& link = store.adjacency[i];
    if (auto inserted = links.Insert(store_id, Position(i), link.a.value(), link.b.value(),
                                     link.walking_distance_m);
        !inserted) {
      return inserted;
    }
  }
  Inserter departments(context, kInsertDepartment);
  Inserter department_zones(context, kInsertDepartmentZone);
  Inserter department_skills(context, kInsertDepartmentSkill);
  for (size_t i = 0; i < store.departments.size(); ++i) {
    const core::Department& department = store.departments[i];
    const std::string_view department_id = department.id.value();
    if (auto inserted = departments.Insert(store_id, department_id, Position(i), department.name);
        !inserted) {
      return inserted;
    }
    for (size_t j = 0; j < department.zones.size(); ++j) {
      if (auto inserted = department_zones.Insert(store_id, department_id, Position(j),
                                                  department.zones[j].value());
          !inserted) {
        return inserted;
      }
    }
    for (size_t j = 0; j < department.skills.size(); ++j) {
      if (auto inserted =
              department_skills.Insert(store_id, department_id, Position(j), department.skills[j]);
          !inserted) {
        return inserted;
      }
    }
  }
  Inserter categories(context, kInsertCategory);
  for (size_t i = 0; i < store.categories.size(); ++i) {
    const core::Category& category = store.categories[i];
    if (auto inserted = categories.Insert(store_id, category.id.value(), Position(i), category.name,
                                          NullIfEmpty(category.department));
        !inserted) {
      return inserted;
    }
  }
  Inserter skus(context, kInsertSku);
  for (size_t i = 0; i < store.skus.size(); ++i) {
    const core::Sku& sku = store.skus[i];
    if (auto inserted =
            skus.Insert(store_id, sku.id.value(), Position(i), sku.name, NullIfEmpty(sku.category),
                        sku.price.cents(), sku.unit_cost.cents(), sku.shelf_capacity,
                        NullIfEmpty(sku.home_zone));
        !inserted) {
      return inserted;
    }
  }
  Inserter lanes(context, kInsertLane);
  for (size_t i = 0; i < store.lanes.size(); ++i) {
    const core::CheckoutLane& lane = store.lanes[i];
    if (auto inserted = lanes.Insert(store_id, lane.id.value(), Position(i), NullIfEmpty(lane.zone),
                                     core::LaneKindName(lane.kind), lane.stations, lane.max_items);
        !inserted) {
      return inserted;
    }
  }
  return core::Ok();
}

// Every query of a definition binds the store id as its only parameter.
auto BindStore(std::string_view store_id) {
  return [store_id](Statement& statement) { statement.Bind(1, store_id); };
}

// The vector index a child row's parent position names, or nullopt when out of range.
std::optional<size_t> IndexOf(int64_t position, size_t size) {
  if (position < 0 || static_cast<uint64_t>(position) >= size) {
    return std::nullopt;
  }
  return static_cast<size_t>(position);
}

core::Status ReadChildRows(Connection& connection, core::Store& store) {
  const std::string_view store_id = store.id.value();
  auto status =
      ForEachRow(connection, kSelectHours, BindStore(store_id), [&](const Statement& row) {
        const auto day = IndexOf(row.Int64(0), store.opening_hours.size());
        if (!day) {
          return core::Status(core::Fail(Corrupt("weekday out of range")));
        }
        store.opening_hours[*day] = core::DailyHours{row.Int32(1), row.Int32(2)};
        return core::Ok();
      });
  status = status.and_then([&] {
    return ForEachRow(connection, kSelectZones, BindStore(store_id), [&](const Statement& row) {
      const auto type = core::ParseZoneType(row.Text(2));
      if (!type) {
        return core::Status(core::Fail(Corrupt("unknown zone type " + row.Text(2))));
      }
      store.zones.push_back(core::Zone{core::ZoneId{row.Text(0)},
                                       row.Text(1),
                                       *type,
                                       {},
                                       core::Point{row.Double(3), row.Double(4)},
                                       row.Double(5)});
      return core::Ok();
    });
  });
  status = status.and_then([&] {
    return ForEachRow(connection, kSelectPoints, BindStore(store_id), [&](const Statement& row) {
      const auto zone = IndexOf(row.Int64(0), store.zones.size());
      if (!zone) {
        return core::Status(core::Fail(Corrupt("polygon point of an unknown zone")));
      }
      store.zones[*zone].polygon.push_back(core::Point{row.Double(1), row.Double(2)});
      return core::Ok();
    });
  });
  status = status.and_then([&] {
    return ForEachRow(connection, kSelectLinks, BindStore(store_id), [&](const Statement& row) {
      store.adjacency.push_back(
          core::ZoneLink{core::ZoneId{row.Text(0)}, core::ZoneId{row.Text(1)}, row.Double(2)});
      return core::Ok();
    });
  });
  status = status.and_then([&] {
    return ForEachRow(connection, kSelectDepartments, BindStore(store_id),
                      [&](const Statement& row) {
                        store.departments.push_back(
                            core::Department{core::DepartmentId{row.Text(0)}, row.Text(1), {}, {}});
                        return core::Ok();
                      });
  });
  status = status.and_then([&] {
    return ForEachRow(connection, kSelectDepartmentZones, BindStore(store_id),
                      [&](const Statement& row) {
                        const auto department = IndexOf(row.Int64(0), store.departments.size());
                        if (!department) {
                          return core::Status(core::Fail(Corrupt("zone of an unknown department")));
                        }
                        store.departments[*department].zones.emplace_back(row.Text(1));
                        return core::Ok();
                      });
  });
  status = status.and_then([&] {
    return ForEachRow(
        connection, kSelectDepartmentSkills, BindStore(store_id), [&](const Statement& row) {
          const auto department = IndexOf(row.Int64(0), store.departments.size());
          if (!department) {
            return core::Status(core::Fail(Corrupt("skill of an unknown department")));
          }
          store.departments[*department].skills.push_back(row.Text(1));
          return core::Ok();
        });
  });
  status = status.and_then([&] {
    return ForEachRow(
        connection, kSelectCategories, BindStore(store_id), [&](const Statement& row) {
          store.categories.push_back(core::Category{core::CategoryId{row.Text(0)}, row.Text(1),
                                                    core::DepartmentId{row.Text(2)}});
          return core::Ok();
        });
  });
  status = status.and_then([&] {
    return ForEachRow(connection, kSelectSkus, BindStore(store_id), [&](const Statement& row) {
      store.skus.push_back(
          core::Sku{core::SkuId{row.Text(0)}, row.Text(1), core::CategoryId{row.Text(2)},
                    core::Money::FromCents(row.Int64(3)), core::Money::FromCents(row.Int64(4)),
                    row.Int32(5), core::ZoneId{row.Text(6)}});
      return core::Ok();
    });
  });
  return status.and_then([&] {
    return ForEachRow(connection, kSelectLanes, BindStore(store_id), [&](const Statement& row) {
      const auto kind = core::ParseLaneKind(row.Text(2));
      if (!kind) {
        return core::Status(core::Fail(Corrupt("unknown lane kind " + row.Text(2))));
      }
      std::optional<int32_t> max_items;
      if (!row.IsNull(4)) {
        max_items = row.Int32(4);
      }
      store.lanes.push_back(core::CheckoutLane{core::LaneId{row.Text(0)}, core::ZoneId{row.Text(1)},
                                               *kind, row.Int32(3), max_items});
      return core::Ok();
    });
  });
}

core::Result<core::Store> ReadStore(Connection& connection, const core::StoreId& id) {
  auto transaction = ReadTransaction::Begin(connection);
  if (!transaction) {
    return core::Fail(std::move(transaction.error()));
  }
  core::Store store;
  store.id = id;
  {
    auto select = connection.Prepare(kSelectStore);
    if (!select) {
      return core::Fail(std::move(select.error()));
    }
    auto row = select->Bind(1, id.value()).Step();
    if (!row) {
      return core::Fail(std::move(row.error()));
    }
    if (!*row) {
      return core::Fail(core::ErrorCode::kNotFound,
                        fmt::format("store '{}' does not exist", id.value()));
    }
    store.name = select->Text(0);
    store.time_zone = select->Text(1);
  }
  if (auto read = ReadChildRows(connection, store); !read) {
    return core::Fail(std::move(read.error()));
  }
  if (auto committed = transaction->Commit(); !committed) {
    return core::Fail(std::move(committed.error()));
  }
  return store;
}

}  // namespace

core::Status SqliteStoreRepository::SaveStore(const core::Store& store) {
  const std::string context = fmt::format("saving store '{}'", store.id.value());
  try {
    // Submit blocks until the unit has run and committed, so capturing by reference is safe.
    auto saved =
        writer_.Submit([&store](WriteContext& write) { return WriteStoreRows(write, store); });
    if (!saved) {
      core::Error error = std::move(saved.error());
      // Within one definition a duplicate key is a bad definition, not a conflict with
      // something the caller tried to create: a save replaces, so nothing can "already exist".
      if (error.code == core::ErrorCode::kAlreadyExists) {
        error.code = core::ErrorCode::kInvalidArgument;
      }
      return core::Fail(WithContext(std::move(error), context));
    }
    return core::Ok();
  } catch (const std::exception& error) {
    return InternalFromException(context, error.what());
  }
}

core::Result<core::Store> SqliteStoreRepository::LoadStore(const core::StoreId& id) {
  const std::string context = fmt::format("loading store '{}'", id.value());
  try {
    auto lease = readers_.Acquire();
    if (!lease) {
      return core::Fail(WithContext(std::move(lease.error()), context));
    }
    auto store = ReadStore(**lease, id);
    if (!store && store.error().code != core::ErrorCode::kNotFound) {
      return core::Fail(WithContext(std::move(store.error()), context));
    }
    return store;
  } catch (const std::exception& error) {
    return core::Fail(InternalFromException(context, error.what()).error());
  }
}

core::Result<std::vector<core::StoreSummary>> SqliteStoreRepository::ListStores() {
  constexpr std::string_view kContext = "listing stores";
  try {
    auto lease = readers_.Acquire();
    if (!lease) {
      return core::Fail(WithContext(std::move(lease.error()), kContext));
    }
    auto select = (*lease)->Prepare(kListStores);
    if (!select) {
      return core::Fail(WithContext(std::move(select.error()), kContext));
    }
    std::vector<core::StoreSummary> stores;
    while (true) {
      auto row = select->Step();
      if (!row) {
        return core::Fail(WithContext(std::move(row.error()), kContext));
      }
      if (!*row) {
        return stores;
      }
      stores.push_back(core::StoreSummary{core::StoreId{select->Text(0)}, select->Text(1),
                                          select->Text(2), select->Int64(3)});
    }
  } catch (const std::exception& error) {
    return core::Fail(InternalFromException(kContext, error.what()).error());
  }
}

}  // namespace storeops::storage_sqlite::internal
