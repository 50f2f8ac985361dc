// SPDX-License-Identifier: Apache-2.0
#include "aggregate_repository.hpp"

#include <cstddef>
#include <exception>
#include <string>
#include <string_view>
#include <utility>

#include <fmt/format.h>

namespace storeops::storage_sqlite::internal {
namespace {

// Upserts keyed by the primary key, so a re-run of an hour replaces its rows (portable:
// PostgreSQL spells ON CONFLICT ... DO UPDATE the same way).
constexpr std::string_view kUpsertSales =
    "INSERT INTO hourly_sales (store_id, hour_ms, department_id, transactions, units, "
    "sales_cents) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (store_id, hour_ms, department_id) DO "
    "UPDATE SET transactions = excluded.transactions, units = excluded.units, "
    "sales_cents = excluded.sales_cents";
constexpr std::string_view kUpsertFootfall =
    "INSERT INTO hourly_footfall (store_id, hour_ms, zone_id, distinct_devices, camera_in, "
    "camera_out) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (store_id, hour_ms, zone_id) DO UPDATE "
    "SET distinct_devices = excluded.distinct_devices, camera_in = excluded.camera_in, "
    "camera_out = excluded.camera_out";
constexpr std::string_view kUpsertDwell =
    "INSERT INTO hourly_dwell (store_id, hour_ms, zone_id, visits, total_dwell_seconds, b0, b1, "
    "b2, b3, b4, b5) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (store_id, hour_ms, "
    "zone_id) DO UPDATE SET visits = excluded.visits, total_dwell_seconds = "
    "excluded.total_dwell_seconds, b0 = excluded.b0, b1 = excluded.b1, b2 = excluded.b2, "
    "b3 = excluded.b3, b4 = excluded.b4, b5 = excluded.b5";
constexpr std::string_view kUpsertTransition =
    "INSERT INTO hourly_transitions (store_id, hour_ms, from_zone_id, to_zone_id, transitions) "
    "VALUES (?, ?, ?, ?, ?) ON CONFLICT (store_id, hour_ms, from_zone_id, to_zone_id) DO UPDATE "
    "SET transitions = excluded.transitions";
constexpr std::string_view kUpsertQueue =
    "INSERT INTO hourly_queues (store_id, hour_ms, lane_id, samples, queue_sum, max_queue) "
    "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (store_id, hour_ms, lane_id) DO UPDATE SET "
    "samples = excluded.samples, queue_sum = excluded.queue_sum, max_queue = excluded.max_queue";
constexpr std::string_view kUpsertBaskets =
    "INSERT INTO hourly_baskets (store_id, hour_ms, baskets, self_checkout_baskets) VALUES (?, ?, "
    "?, ?) ON CONFLICT (store_id, hour_ms) DO UPDATE SET baskets = excluded.baskets, "
    "self_checkout_baskets = excluded.self_checkout_baskets";
// The watermark only moves forward.
constexpr std::string_view kUpsertWatermark =
    "INSERT INTO rollup_watermarks (store_id, rolled_up_to_ms) VALUES (?, ?) ON CONFLICT "
    "(store_id) DO UPDATE SET rolled_up_to_ms = excluded.rolled_up_to_ms "
    "WHERE excluded.rolled_up_to_ms > rollup_watermarks.rolled_up_to_ms";

constexpr std::string_view kSelectWatermark =
    "SELECT rolled_up_to_ms FROM rollup_watermarks WHERE store_id = ?";
constexpr std::string_view kSelectSales =
    "SELECT hour_ms, department_id, transactions, units, sales_cents FROM hourly_sales "
    "WHERE store_id = ? AND hour_ms >= ? AND hour_ms < ? ORDER BY hour_ms, department_id";
constexpr std::string_view kSelectFootfall =
    "SELECT hour_ms, zone_id, distinct_devices, camera_in, camera_out FROM hourly_footfall "
    "WHERE store_id = ? AND hour_ms >= ? AND hour_ms < ? ORDER BY hour_ms, zone_id";
constexpr std::string_view kSelectDwell =
    "SELECT hour_ms, zone_id, visits, total_dwell_seconds, b0, b1, b2, b3, b4, b5 "
    "FROM hourly_dwell WHERE store_id = ? AND hour_ms >= ? AND hour_ms < ? "
    "ORDER BY hour_ms, zone_id";
constexpr std::string_view kSelectTransitions =
    "SELECT hour_ms, from_zone_id, to_zone_id, transitions FROM hourly_transitions "
    "WHERE store_id = ? AND hour_ms >= ? AND hour_ms < ? "
    "ORDER BY hour_ms, from_zone_id, to_zone_id";
constexpr std::string_view kSelectQueues =
    "SELECT hour_ms, lane_id, samples, queue_sum, max_queue FROM hourly_queues "
    "WHERE store_id = ? AND hour_ms >= ? AND hour_ms < ? ORDER BY hour_ms, lane_id";
constexpr std::string_view kSelectBaskets =
    "SELECT hour_ms, baskets, self_checkout_baskets FROM hourly_baskets WHERE store_id = ? AND "
    "hour_ms >= ? AND "
    "hour_ms < ? ORDER BY hour_ms";

core::Error WithContext(core::Error error, std::string_view context) {
  error.message = fmt::format("{}: {}", context, error.message);
  return error;
}

core::Error InternalFromException(std::string_view context, const char* what) {
  return core::Error{core::ErrorCode::kInternal, fmt::format("{}: {}", context, what), {}};
}

// Prepares `sql` and runs it once per row with the binding `bind(statement, row)` makes.
template <class Rows, class BindRow>
core::Status UpsertAll(WriteContext& context, std::string_view sql, const Rows& rows,
                       BindRow&& bind) {
  if (rows.empty()) {
    return core::Ok();
  }
  auto statement = context.Prepare(sql);
  if (!statement) {
    return core::Fail(std::move(statement.error()));
  }
  for (const auto& row : rows) {
    bind(*statement, row);
    if (auto ran = statement->Run(); !ran) {
      return ran;
    }
  }
  return core::Ok();
}

core::Status WriteRollup(WriteContext& context, const storage::HourlyAggregates& rows,
                         const std::vector<storage::RollupWatermark>& watermarks) {
  if (auto done = UpsertAll(context, kUpsertSales, rows.sales,
                            [](Statement& s, const storage::HourlySales& r) {
                              s.BindAll(r.store_id.value(), core::ToEpochMs(r.hour),
                                        r.department.value(), r.transactions, r.units,
                                        r.sales_cents);
                            });
      !done) {
    return done;
  }
  if (auto done = UpsertAll(context, kUpsertFootfall, rows.footfall,
                            [](Statement& s, const storage::HourlyFootfall& r) {
                              s.BindAll(r.store_id.value(), core::ToEpochMs(r.hour), r.zone.value(),
                                        r.distinct_devices, r.camera_in, r.camera_out);
                            });
      !done) {
    return done;
  }
  if (auto done = UpsertAll(context, kUpsertDwell, rows.dwell,
                            [](Statement& s, const storage::HourlyDwell& r) {
                              s.BindAll(r.store_id.value(), core::ToEpochMs(r.hour), r.zone.value(),
                                        r.visits, r.total_dwell_seconds, r.buckets[0], r.buckets[1],
                                        r.buckets[2], r.buckets[3], r.buckets[4], r.buckets[5]);
                            });
      !done) {
    return done;
  }
  if (auto done = UpsertAll(context, kUpsertTransition, rows.transitions,
                            [](Statement& s, const storage::HourlyTransition& r) {
                              s.BindAll(r.store_id.value(), core::ToEpochMs(r.hour),
                                        r.from_zone.value(), r.to_zone.value(), r.count);
                            });
      !done) {
    return done;
  }
  if (auto done = UpsertAll(context, kUpsertQueue, rows.queues,
                            [](Statement& s, const storage::HourlyQueue& r) {
                              s.BindAll(r.store_id.value(), core::ToEpochMs(r.hour), r.lane.value(),
                                        r.samples, r.queue_sum, r.max_queue);
                            });
      !done) {
    return done;
  }
  if (auto done = UpsertAll(context, kUpsertBaskets, rows.baskets,
                            [](Statement& s, const storage::HourlyBaskets& r) {
                              s.BindAll(r.store_id.value(), core::ToEpochMs(r.hour), r.baskets,
                                        r.self_checkout_baskets);
                            });
      !done) {
    return done;
  }
  return UpsertAll(context, kUpsertWatermark, watermarks,
                   [](Statement& s, const storage::RollupWatermark& w) {
                     s.BindAll(w.store_id.value(), core::ToEpochMs(w.rolled_up_to));
                   });
}

core::Status ReadRollup(Connection& connection, const core::StoreId& store, int64_t from_ms,
                        int64_t to_ms, storage::HourlyAggregates& out) {
  const auto bind = [&](Statement& s) { s.BindAll(store.value(), from_ms, to_ms); };
  if (auto read = ForEachRow(connection, kSelectSales, bind,
                             [&](Statement& r) -> core::Status {
                               out.sales.push_back({store, core::FromEpochMs(r.Int64(0)),
                                                    core::DepartmentId{r.Text(1)}, r.Int64(2),
                                                    r.Int64(3), r.Int64(4)});
                               return core::Ok();
                             });
      !read) {
    return read;
  }
  if (auto read = ForEachRow(connection, kSelectFootfall, bind,
                             [&](Statement& r) -> core::Status {
                               out.footfall.push_back({store, core::FromEpochMs(r.Int64(0)),
                                                       core::ZoneId{r.Text(1)}, r.Int64(2),
                                                       r.Int64(3), r.Int64(4)});
                               return core::Ok();
                             });
      !read) {
    return read;
  }
  if (auto read = ForEachRow(connection, kSelectDwell, bind,
                             [&](Statement& r) -> core::Status {
                               storage::HourlyDwell row{store,
                                                        core::FromEpochMs(r.Int64(0)),
                                                        core::ZoneId{r.Text(1)},
                                                        r.Int64(2),
                                                        r.Int64(3),
                                                        {}};
                               for (size_t i = 0; i < storage::kDwellBuckets; ++i) {
                                 row.buckets[i] = r.Int64(4 + static_cast<int>(i));
                               }
                               out.dwell.push_back(std::move(row));
                               return core::Ok();
                             });
      !read) {
    return read;
  }
  if (auto read = ForEachRow(connection, kSelectTransitions, bind,
                             [&](Statement& r) -> core::Status {
                               out.transitions.push_back({store, core::FromEpochMs(r.Int64(0)),
                                                          core::ZoneId{r.Text(1)},
                                                          core::ZoneId{r.Text(2)}, r.Int64(3)});
                               return core::Ok();
                             });
      !read) {
    return read;
  }
  if (auto read = ForEachRow(connection, kSelectQueues, bind,
                             [&](Statement& r) -> core::Status {
                               out.queues.push_back({store, core::FromEpochMs(r.Int64(0)),
                                                     core::LaneId{r.Text(1)}, r.Int64(2),
                                                     r.Int64(3), r.Int64(4)});
                               return core::Ok();
                             });
      !read) {
    return read;
  }
  return ForEachRow(connection, kSelectBaskets, bind, [&](Statement& r) -> core::Status {
    out.baskets.push_back({store, core::FromEpochMs(r.Int64(0)), r.Int64(1), r.Int64(2)});
    return core::Ok();
  });
}

}  // namespace

core::Status SqliteAggregateRepository::SaveRollup(
    const storage::HourlyAggregates& rows,
    const std::vector<storage::RollupWatermark>& watermarks) {
  constexpr std::string_view kContext = "saving hourly aggregates";
  try {
    auto saved = writer_.Submit(
        [&](WriteContext& context) { return WriteRollup(context, rows, watermarks); });
    if (!saved) {
      return core::Fail(WithContext(std::move(saved.error()), kContext));
    }
    return core::Ok();
  } catch (const std::exception& error) {
    return core::Fail(InternalFromException(kContext, error.what()));
  }
}

core::Result<std::optional<core::Timestamp>> SqliteAggregateRepository::Watermark(
    const core::StoreId& store) {
  constexpr std::string_view kContext = "reading the roll-up watermark";
  try {
    auto lease = readers_.Acquire();
    if (!lease) {
      return core::Fail(WithContext(std::move(lease.error()), kContext));
    }
    std::optional<core::Timestamp> watermark;
    auto read = ForEachRow(
        **lease, kSelectWatermark, [&](Statement& s) { s.BindAll(store.value()); },
        [&](Statement& r) -> core::Status {
          watermark = core::FromEpochMs(r.Int64(0));
          return core::Ok();
        });
    if (!read) {
      return core::Fail(WithContext(std::move(read.error()), kContext));
    }
    return watermark;
  } catch (const std::exception& error) {
    return core::Fail(InternalFromException(kContext, error.what()));
  }
}

core::Result<storage::HourlyAggregates> SqliteAggregateRepository::LoadAggregates(
    const core::StoreId& store, core::Timestamp from, core::Timestamp to) {
  const std::string context = fmt::format("loading hourly aggregates of '{}'", store.value());
  try {
    auto lease = readers_.Acquire();
    if (!lease) {
      return core::Fail(WithContext(std::move(lease.error()), context));
    }
    auto transaction = ReadTransaction::Begin(**lease);
    if (!transaction) {
      return core::Fail(WithContext(std::move(transaction.error()), context));
    }
    storage::HourlyAggregates out;
    if (auto read = ReadRollup(**lease, store, core::ToEpochMs(from), core::ToEpochMs(to), out);
        !read) {
      return core::Fail(WithContext(std::move(read.error()), context));
    }
    if (auto committed = transaction->Commit(); !committed) {
      return core::Fail(WithContext(std::move(committed.error()), context));
    }
    return out;
  } catch (const std::exception& error) {
    return core::Fail(InternalFromException(context, error.what()));
  }
}

}  // namespace storeops::storage_sqlite::internal
