// SPDX-License-Identifier: Apache-2.0
#include "event_repository.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstddef>
#include <exception>
#include <iterator>
#include <limits>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <variant>
#include <vector>

#include <fmt/format.h>

namespace storeops::storage_sqlite::internal {
namespace {

constexpr std::string_view kInsertPos =
    "INSERT INTO pos_transactions (arrival, store_id, ts_ms, basket_id, lane_id, tender, lines) "
    "VALUES (?, ?, ?, ?, ?, ?, ?)";
constexpr std::string_view kInsertPresence =
    "INSERT INTO presence (arrival, store_id, ts_ms, device_token, zone_id) VALUES (?, ?, ?, ?, ?)";
constexpr std::string_view kInsertCamera =
    "INSERT INTO camera_counts (arrival, store_id, ts_ms, camera_id, zone_id, people, queue, "
    "crossed_in, crossed_out) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr std::string_view kInsertInventory =
    "INSERT INTO inventory_snapshots (arrival, store_id, ts_ms, sku_id, on_hand, on_shelf) "
    "VALUES (?, ?, ?, ?, ?, ?)";
constexpr std::string_view kInsertWeather =
    "INSERT INTO weather_observations (arrival, store_id, ts_ms, temperature_c, "
    "precipitation_mm, condition) VALUES (?, ?, ?, ?, ?, ?)";
constexpr std::string_view kInsertStaffClock =
    "INSERT INTO staff_clock (arrival, store_id, ts_ms, employee_id, action, department_id) "
    "VALUES (?, ?, ?, ?, ?, ?)";
constexpr std::string_view kInsertDeadLetter =
    "INSERT INTO dead_letters (received_at_ms, source, event_index, field, reason, payload) "
    "VALUES (?, ?, ?, ?, ?, ?)";

constexpr std::string_view kNextArrival = "SELECT next_arrival FROM event_sequence WHERE id = 1";
constexpr std::string_view kSaveNextArrival =
    "UPDATE event_sequence SET next_arrival = ? WHERE id = 1";

// Each select takes (store_id, from_ms, to_ms) and reads a range of the table's own key.
constexpr std::string_view kSelectPos =
    "SELECT arrival, ts_ms, basket_id, lane_id, tender, lines FROM pos_transactions "
    "WHERE store_id = ? AND ts_ms >= ? AND ts_ms < ?";
constexpr std::string_view kSelectPresence =
    "SELECT arrival, ts_ms, device_token, zone_id FROM presence "
    "WHERE store_id = ? AND ts_ms >= ? AND ts_ms < ?";
constexpr std::string_view kSelectCamera =
    "SELECT arrival, ts_ms, camera_id, zone_id, people, queue, crossed_in, crossed_out "
    "FROM camera_counts WHERE store_id = ? AND ts_ms >= ? AND ts_ms < ?";
constexpr std::string_view kSelectInventory =
    "SELECT arrival, ts_ms, sku_id, on_hand, on_shelf FROM inventory_snapshots "
    "WHERE store_id = ? AND ts_ms >= ? AND ts_ms < ?";
constexpr std::string_view kSelectWeather =
    "SELECT arrival, ts_ms, temperature_c, precipitation_mm, condition FROM weather_observations "
    "WHERE store_id = ? AND ts_ms >= ? AND ts_ms < ?";
constexpr std::string_view kSelectStaffClock =
    "SELECT arrival, ts_ms, employee_id, action, department_id FROM staff_clock "
    "WHERE store_id = ? AND ts_ms >= ? AND ts_ms < ?";

// One statement, so the six counts come from one snapshot without an explicit transaction.
constexpr std::string_view kCountEvents =
    "SELECT (SELECT count(*) FROM pos_transactions), (SELECT count(*) FROM presence), "
    "(SELECT count(*) FROM camera_counts), (SELECT count(*) FROM inventory_snapshots), "
    "(SELECT count(*) FROM weather_observations), (SELECT count(*) FROM staff_clock)";

constexpr std::string_view kListDeadLetters =
    "SELECT id, received_at_ms, source, event_index, field, reason, payload FROM dead_letters "
    "WHERE id < ? ORDER BY id DESC LIMIT ?";

// The raw tables, for statements that are the same for each.
constexpr std::array<std::string_view, 6> kEventTables = {
    "pos_transactions",     "presence",   "camera_counts", "inventory_snapshots",
    "weather_observations", "staff_clock"};

// The stores that have rows in a table, by skip-scan of its key: one seek per store, however
// many rows each has.
std::string StoresOf(std::string_view table) {
  return fmt::format(
      "WITH RECURSIVE stores(id) AS (SELECT (SELECT min(store_id) FROM {0}) UNION ALL "
      "SELECT (SELECT min(store_id) FROM {0} WHERE store_id > stores.id) FROM stores "
      "WHERE stores.id IS NOT NULL) SELECT id FROM stores WHERE id IS NOT NULL",
      table);
}

// A chunk of one store's rows older than the cutoff, oldest first: (store_id, ts_ms, max rows).
// The key range gives the inner select directly; IN (SELECT ... LIMIT) is also PostgreSQL's
// spelling (there is no DELETE ... LIMIT).
std::string DeleteChunkOf(std::string_view table) {
  return fmt::format(
      "DELETE FROM {0} WHERE store_id = ?1 AND (ts_ms, arrival) IN (SELECT ts_ms, arrival FROM "
      "{0} WHERE store_id = ?1 AND ts_ms < ?2 ORDER BY ts_ms, arrival LIMIT ?3)",
      table);
}

constexpr std::string_view kDeleteDeadLetters =
    "DELETE FROM dead_letters WHERE id IN (SELECT id FROM dead_letters "
    "WHERE received_at_ms < ? ORDER BY received_at_ms LIMIT ?)";

// Per store, the earliest and latest event (a scan of each table's key).
constexpr std::string_view kEventSpans =
    "SELECT store_id, min(lo), max(hi) FROM ("
    "SELECT store_id, min(ts_ms) AS lo, max(ts_ms) AS hi FROM pos_transactions GROUP BY store_id "
    "UNION ALL SELECT store_id, min(ts_ms), max(ts_ms) FROM presence GROUP BY store_id "
    "UNION ALL SELECT store_id, min(ts_ms), max(ts_ms) FROM camera_counts GROUP BY store_id "
    "UNION ALL SELECT store_id, min(ts_ms), max(ts_ms) FROM inventory_snapshots GROUP BY store_id "
    "UNION ALL SELECT store_id, min(ts_ms), max(ts_ms) FROM weather_observations "
    "GROUP BY store_id "
    "UNION ALL SELECT store_id, min(ts_ms), max(ts_ms) FROM staff_clock GROUP BY store_id"
    ") AS spans GROUP BY store_id ORDER BY store_id";

constexpr int64_t kMinDeadLetterLimit = 1;
constexpr int64_t kMaxDeadLetterLimit = 1000;

core::Error WithContext(core::Error error, std::string_view context) {
  error.message = fmt::format("{}: {}", context, error.message);
  return error;
}

core::Error InternalFromException(std::string_view context, const char* what) {
  return core::Error{core::ErrorCode::kInternal, fmt::format("{}: {}", context, what), {}};
}

core::Error Corrupt(std::string_view what) {
  return core::Error{
      core::ErrorCode::kInternal, fmt::format("corrupt raw event row: {}", what), {}};
}

// The statements of one Append, prepared (from the cache) once per batch, never per event.
struct Inserts {
  Statement pos;
  Statement presence;
  Statement camera;
  Statement inventory;
  Statement weather;
  Statement staff_clock;
};

core::Result<Inserts> PrepareInserts(WriteContext& context) {
  auto pos = context.Prepare(kInsertPos);
  auto presence = context.Prepare(kInsertPresence);
  auto camera = context.Prepare(kInsertCamera);
  auto inventory = context.Prepare(kInsertInventory);
  auto weather = context.Prepare(kInsertWeather);
  auto staff_clock = context.Prepare(kInsertStaffClock);
  for (auto* prepared : {&pos, &presence, &camera, &inventory, &weather, &staff_clock}) {
    if (!*prepared) {
      return core::Fail(std::move(prepared->error()));
    }
  }
  return Inserts{std::move(*pos),       std::move(*presence), std::move(*camera),
                 std::move(*inventory), std::move(*weather),  std::move(*staff_clock)};
}

// A basket's lines in one column: `<bytes of sku>:<sku>,<quantity>,<unit price cents>;` each,
// the encoding migration 0008 writes. The length prefix keeps any SKU byte from splitting it.
// Runs on the writer thread for every basket, so it appends with to_chars rather than fmt's
// character-at-a-time back_inserter.
template <class Number>
void AppendNumber(std::string& out, Number value, char end) {
  char digits[24];
  const auto result = std::to_chars(std::begin(digits), std::end(digits), value);
  out.append(digits, result.ptr);
  out.push_back(end);
}

void EncodeLines(const std::vector<core::PosLine>& lines, std::string& out) {
  out.clear();
  for (const core::PosLine& line : lines) {
    const std::string& sku = line.sku.value();
    AppendNumber(out, sku.size(), ':');
    out.append(sku);
    out.push_back(',');
    AppendNumber(out, line.quantity, ',');
    AppendNumber(out, line.unit_price.cents(), ';');
  }
}

template <class Number>
bool ParseNumber(std::string_view& text, char end, Number& value) {
  const auto [next, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc{} || next == text.data() + text.size() || *next != end) {
    return false;
  }
  text.remove_prefix(static_cast<size_t>(next - text.data()) + 1);
  return true;
}

core::Result<std::vector<core::PosLine>> DecodeLines(std::string_view text) {
  std::vector<core::PosLine> lines;
  while (!text.empty()) {
    size_t sku_bytes = 0;
    int32_t quantity = 0;
    int64_t cents = 0;
    if (!ParseNumber(text, ':', sku_bytes) || sku_bytes >= text.size() || text[sku_bytes] != ',') {
      return core::Fail(Corrupt("basket lines: bad SKU length"));
    }
    core::SkuId sku{std::string(text.substr(0, sku_bytes))};
    text.remove_prefix(sku_bytes + 1);
    if (!ParseNumber(text, ',', quantity) || !ParseNumber(text, ';', cents)) {
      return core::Fail(Corrupt("basket lines: bad quantity or price"));
    }
    lines.push_back(core::PosLine{std::move(sku), quantity, core::Money::FromCents(cents)});
  }
  return lines;
}

// One overload per event type; each binds the row (and a basket's lines) and runs it.
// Every text is bound Uncopied: the event and the scratch buffer outlive each Run.
struct InsertEvent {
  Inserts& inserts;
  int64_t arrival;
  std::string& scratch;  // reused across a batch's baskets for the encoded lines

  core::Status operator()(const core::PosTransaction& event) const {
    EncodeLines(event.lines, scratch);
    return inserts.pos
        .BindAll(arrival, Uncopied{event.store_id.value()}, core::ToEpochMs(event.ts),
                 Uncopied{event.basket_id}, Uncopied{event.lane.value()},
                 Uncopied{core::TenderName(event.tender)}, Uncopied{scratch})
        .Run();
  }

  core::Status operator()(const core::Presence& event) const {
    return inserts.presence
        .BindAll(arrival, Uncopied{event.store_id.value()}, core::ToEpochMs(event.ts),
                 Uncopied{event.device_token}, Uncopied{event.zone.value()})
        .Run();
  }

  core::Status operator()(const core::CameraCount& event) const {
    return inserts.camera
        .BindAll(arrival, Uncopied{event.store_id.value()}, core::ToEpochMs(event.ts),
                 Uncopied{event.camera.value()}, Uncopied{event.zone.value()}, event.people,
                 event.queue, event.crossed_in, event.crossed_out)
        .Run();
  }

  core::Status operator()(const core::InventorySnapshot& event) const {
    return inserts.inventory
        .BindAll(arrival, Uncopied{event.store_id.value()}, core::ToEpochMs(event.ts),
                 Uncopied{event.sku.value()}, event.on_hand, event.on_shelf)
        .Run();
  }

  core::Status operator()(const core::WeatherObservation& event) const {
    return inserts.weather
        .BindAll(arrival, Uncopied{event.store_id.value()}, core::ToEpochMs(event.ts),
                 event.temperature_c, event.precipitation_mm, Uncopied{event.condition})
        .Run();
  }

  core::Status operator()(const core::StaffClock& event) const {
    return inserts.staff_clock
        .BindAll(arrival, Uncopied{event.store_id.value()}, core::ToEpochMs(event.ts),
                 Uncopied{event.employee_id.value()}, Uncopied{core::ClockActionName(event.action)},
                 Uncopied{event.department.value()})
        .Run();
  }
};

// An event with the keys LoadEvents orders by.
struct LoadedEvent {
  int64_t ts_ms;
  int64_t arrival;
  core::Event event;
};

core::Result<std::vector<core::Event>> ReadEvents(Connection& connection,
                                                  const core::StoreId& store, int64_t from_ms,
                                                  int64_t to_ms) {
  auto transaction = ReadTransaction::Begin(connection);
  if (!transaction) {
    return core::Fail(std::move(transaction.error()));
  }
  const std::string_view store_id = store.value();
  auto bind = [&](Statement& statement) { statement.BindAll(store_id, from_ms, to_ms); };
  std::vector<LoadedEvent> loaded;

  auto status = ForEachRow(connection, kSelectPos, bind, [&](const Statement& row) {
    const auto tender = core::ParseTender(row.Text(4));
    if (!tender) {
      return core::Status(core::Fail(Corrupt("unknown tender " + row.Text(4))));
    }
    auto lines = DecodeLines(row.Text(5));
    if (!lines) {
      return core::Status(core::Fail(std::move(lines.error())));
    }
    loaded.push_back(
        LoadedEvent{row.Int64(1), row.Int64(0),
                    core::PosTransaction{store, core::FromEpochMs(row.Int64(1)), row.Text(2),
                                         core::LaneId{row.Text(3)}, *tender, std::move(*lines)}});
    return core::Ok();
  });
  status = status.and_then([&] {
    return ForEachRow(connection, kSelectPresence, bind, [&](const Statement& row) {
      loaded.push_back(LoadedEvent{row.Int64(1), row.Int64(0),
                                   core::Presence{store, core::FromEpochMs(row.Int64(1)),
                                                  row.Text(2), core::ZoneId{row.Text(3)}}});
      return core::Ok();
    });
  });
  status = status.and_then([&] {
    return ForEachRow(connection, kSelectCamera, bind, [&](const Statement& row) {
      loaded.push_back(
          LoadedEvent{row.Int64(1), row.Int64(0),
                      core::CameraCount{store, core::FromEpochMs(row.Int64(1)),
                                        core::CameraId{row.Text(2)}, core::ZoneId{row.Text(3)},
                                        row.Int32(4), row.Int32(5), row.Int32(6), row.Int32(7)}});
      return core::Ok();
    });
  });
  status = status.and_then([&] {
    return ForEachRow(connection, kSelectInventory, bind, [&](const Statement& row) {
      loaded.push_back(LoadedEvent{
          row.Int64(1), row.Int64(0),
          core::InventorySnapshot{store, core::FromEpochMs(row.Int64(1)), core::SkuId{row.Text(2)},
                                  row.Int32(3), row.Int32(4)}});
      return core::Ok();
    });
  });
  status = status.and_then([&] {
    return ForEachRow(connection, kSelectWeather, bind, [&](const Statement& row) {
      loaded.push_back(
          LoadedEvent{row.Int64(1), row.Int64(0),
                      core::WeatherObservation{store, core::FromEpochMs(row.Int64(1)),
                                               row.Double(2), row.Double(3), row.Text(4)}});
      return core::Ok();
    });
  });
  status = status.and_then([&] {
    return ForEachRow(connection, kSelectStaffClock, bind, [&](const Statement& row) {
      const auto action = core::ParseClockAction(row.Text(3));
      if (!action) {
        return core::Status(core::Fail(Corrupt("unknown clock action " + row.Text(3))));
      }
      loaded.push_back(LoadedEvent{
          row.Int64(1), row.Int64(0),
          core::StaffClock{store, core::FromEpochMs(row.Int64(1)), core::EmployeeId{row.Text(2)},
                           *action, core::DepartmentId{row.Text(4)}}});
      return core::Ok();
    });
  });
  if (!status) {
    return core::Fail(std::move(status.error()));
  }
  if (auto committed = transaction->Commit(); !committed) {
    return core::Fail(std::move(committed.error()));
  }

  // Six sorted runs merged by one sort: arrival is unique, so the order is total and stable.
  std::sort(loaded.begin(), loaded.end(), [](const LoadedEvent& a, const LoadedEvent& b) {
    return a.ts_ms != b.ts_ms ? a.ts_ms < b.ts_ms : a.arrival < b.arrival;
  });
  std::vector<core::Event> events;
  events.reserve(loaded.size());
  for (auto& entry : loaded) {
    events.push_back(std::move(entry.event));
  }
  return events;
}

}  // namespace

core::Status SqliteEventRepository::WriteBatch(WriteContext& context,
                                               const storage::EventBatch& batch) {
  if (next_arrival_ == 0) {
    auto next = context.Prepare(kNextArrival);
    if (!next) {
      return core::Fail(std::move(next.error()));
    }
    auto row = next->Step();
    if (!row) {
      return core::Fail(std::move(row.error()));
    }
    if (!*row) {
      return core::Fail(Corrupt("event_sequence has no row"));
    }
    next_arrival_ = next->Int64(0);
  }
  if (!batch.events.empty()) {
    auto inserts = PrepareInserts(context);
    if (!inserts) {
      return core::Fail(std::move(inserts.error()));
    }
    std::string scratch;
    for (const core::Event& event : batch.events) {
      if (auto inserted = std::visit(InsertEvent{*inserts, next_arrival_++, scratch}, event);
          !inserted) {
        return inserted;
      }
    }
    // In the same transaction as the rows, so a restart never hands out a stored arrival again.
    auto save = context.Prepare(kSaveNextArrival);
    if (!save) {
      return core::Fail(std::move(save.error()));
    }
    if (auto saved = save->BindAll(next_arrival_).Run(); !saved) {
      return saved;
    }
  }
  if (!batch.dead_letters.empty()) {
    auto insert = context.Prepare(kInsertDeadLetter);
    if (!insert) {
      return core::Fail(std::move(insert.error()));
    }
    for (const storage::DeadLetter& letter : batch.dead_letters) {
      if (auto inserted = insert
                              ->BindAll(core::ToEpochMs(letter.received_at), letter.source,
                                        letter.index, letter.field, letter.reason, letter.payload)
                              .Run();
          !inserted) {
        return inserted;
      }
    }
  }
  return core::Ok();
}

core::Status SqliteEventRepository::Append(const storage::EventBatch& batch) {
  try {
    // Submit blocks until the unit has run and committed, so capturing by reference is safe.
    auto appended =
        writer_.Submit([this, &batch](WriteContext& write) { return WriteBatch(write, batch); });
    if (!appended) {
      return core::Fail(WithContext(std::move(appended.error()),
                                    fmt::format("appending {} events and {} dead letters",
                                                batch.events.size(), batch.dead_letters.size())));
    }
    return core::Ok();
  } catch (const std::exception& error) {
    return core::Fail(InternalFromException("appending events", error.what()));
  }
}

core::Result<std::vector<core::Event>> SqliteEventRepository::LoadEvents(const core::StoreId& store,
                                                                         core::Timestamp from,
                                                                         core::Timestamp to) {
  try {
    const std::string context = fmt::format("loading events of store '{}'", store.value());
    auto lease = readers_.Acquire();
    if (!lease) {
      return core::Fail(WithContext(std::move(lease.error()), context));
    }
    auto events = ReadEvents(**lease, store, core::ToEpochMs(from), core::ToEpochMs(to));
    if (!events) {
      return core::Fail(WithContext(std::move(events.error()), context));
    }
    return events;
  } catch (const std::exception& error) {
    return core::Fail(InternalFromException("loading events", error.what()));
  }
}

core::Result<storage::EventCounts> SqliteEventRepository::CountEvents() {
  constexpr std::string_view kContext = "counting events";
  try {
    auto lease = readers_.Acquire();
    if (!lease) {
      return core::Fail(WithContext(std::move(lease.error()), kContext));
    }
    auto select = (*lease)->Prepare(kCountEvents);
    if (!select) {
      return core::Fail(WithContext(std::move(select.error()), kContext));
    }
    auto row = select->Step();
    if (!row) {
      return core::Fail(WithContext(std::move(row.error()), kContext));
    }
    return storage::EventCounts{select->Int64(0), select->Int64(1), select->Int64(2),
                                select->Int64(3), select->Int64(4), select->Int64(5)};
  } catch (const std::exception& error) {
    return core::Fail(InternalFromException(kContext, error.what()));
  }
}

core::Result<std::vector<storage::DeadLetter>> SqliteEventRepository::ListDeadLetters(
    int64_t limit, std::optional<int64_t> before_id) {
  constexpr std::string_view kContext = "listing dead letters";
  if (limit < kMinDeadLetterLimit || limit > kMaxDeadLetterLimit) {
    return core::Fail(core::ErrorCode::kInvalidArgument,
                      fmt::format("limit must be between {} and {}, not {}", kMinDeadLetterLimit,
                                  kMaxDeadLetterLimit, limit));
  }
  try {
    auto lease = readers_.Acquire();
    if (!lease) {
      return core::Fail(WithContext(std::move(lease.error()), kContext));
    }
    std::vector<storage::DeadLetter> letters;
    auto listed = ForEachRow(
        **lease, kListDeadLetters,
        [&](Statement& statement) {
          statement.BindAll(before_id.value_or(std::numeric_limits<int64_t>::max()), limit);
        },
        [&](const Statement& row) {
          letters.push_back(storage::DeadLetter{row.Int64(0), core::FromEpochMs(row.Int64(1)),
                                                row.Text(2), row.Int64(3), row.Text(4), row.Text(5),
                                                row.Text(6)});
          return core::Ok();
        });
    if (!listed) {
      return core::Fail(WithContext(std::move(listed.error()), kContext));
    }
    return letters;
  } catch (const std::exception& error) {
    return core::Fail(InternalFromException(kContext, error.what()));
  }
}

core::Result<std::vector<storage::StoreEventSpan>> SqliteEventRepository::EventSpans() {
  constexpr std::string_view kContext = "listing event spans";
  try {
    auto lease = readers_.Acquire();
    if (!lease) {
      return core::Fail(WithContext(std::move(lease.error()), kContext));
    }
    std::vector<storage::StoreEventSpan> spans;
    auto listed = ForEachRow(
        **lease, kEventSpans, [](Statement&) {},
        [&](Statement& row) -> core::Status {
          spans.push_back({core::StoreId{row.Text(0)}, core::FromEpochMs(row.Int64(1)),
                           core::FromEpochMs(row.Int64(2))});
          return core::Ok();
        });
    if (!listed) {
      return core::Fail(WithContext(std::move(listed.error()), kContext));
    }
    return spans;
  } catch (const std::exception& error) {
    return core::Fail(InternalFromException(kContext, error.what()));
  }
}

core::Result<storage::DeletedRows> SqliteEventRepository::DeleteEventsBefore(core::Timestamp cutoff,
                                                                             int64_t max_rows) {
  const std::string context = fmt::format("deleting events before {} ms", core::ToEpochMs(cutoff));
  if (max_rows < 1) {
    return core::Fail(core::ErrorCode::kInvalidArgument,
                      fmt::format("{}: max_rows must be at least 1, not {}", context, max_rows),
                      {{"max_rows", "must be at least 1"}});
  }
  try {
    const int64_t cutoff_ms = core::ToEpochMs(cutoff);
    storage::DeletedRows deleted;
    auto done = writer_.Submit([&](WriteContext& write) -> core::Status {
      storage::DeletedRows here;  // the unit may be rolled back: count only what it committed
      for (const std::string_view table : kEventTables) {
        if (here.events >= max_rows) {
          break;
        }
        std::vector<std::string> stores;
        auto listed = ForEachRow(
            write.connection(), StoresOf(table), [](Statement&) {},
            [&](const Statement& row) {
              stores.push_back(row.Text(0));
              return core::Ok();
            });
        if (!listed) {
          return listed;
        }
        auto statement = write.Prepare(DeleteChunkOf(table));
        if (!statement) {
          return core::Fail(std::move(statement.error()));
        }
        for (const std::string& store : stores) {
          if (here.events >= max_rows) {
            break;
          }
          if (auto ran = statement->BindAll(store, cutoff_ms, max_rows - here.events).Run(); !ran) {
            return ran;
          }
          here.events += write.Changes();
        }
      }
      auto letters = write.Prepare(kDeleteDeadLetters);
      if (!letters) {
        return core::Fail(std::move(letters.error()));
      }
      if (auto ran = letters->BindAll(cutoff_ms, max_rows).Run(); !ran) {
        return ran;
      }
      here.dead_letters = write.Changes();
      deleted = here;
      return core::Ok();
    });
    if (!done) {
      return core::Fail(WithContext(std::move(done.error()), context));
    }
    return deleted;
  } catch (const std::exception& error) {
    return core::Fail(InternalFromException(context, error.what()));
  }
}

}  // namespace storeops::storage_sqlite::internal
