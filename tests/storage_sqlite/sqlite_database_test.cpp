// SPDX-License-Identifier: Apache-2.0
// SQLite-only behaviour: files, folders, migrations, WAL, raw tables, durability across SIGKILL.
#include "storeops/storage_sqlite/sqlite_database.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include "storeops/core/ids.hpp"
#include "storeops/testing/event_fixtures.hpp"
#include "storeops/testing/fixtures.hpp"
#include "storeops/testing/temp_dir.hpp"

#include "database_contract.hpp"
#include "migrations.hpp"

namespace storeops::storage_sqlite {
namespace {

using core::ErrorCode;
using storage::contract::Succeeded;

std::unique_ptr<storage::Database> OpenOrDie(const std::string& path) {
  auto db = OpenDatabase(SqliteOptions{.path = path});
  EXPECT_TRUE(Succeeded(db));
  return db ? std::move(*db) : nullptr;
}

// Direct access for checks the public interface does not offer, as an operator would have.
class RawDatabase {
 public:
  explicit RawDatabase(const std::string& path) {
    EXPECT_EQ(sqlite3_open(path.c_str(), &db_), SQLITE_OK);
  }

  RawDatabase(const RawDatabase&) = delete;
  RawDatabase& operator=(const RawDatabase&) = delete;

  ~RawDatabase() { sqlite3_close(db_); }

  void Exec(const std::string& sql) {
    EXPECT_EQ(sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK)
        << sqlite3_errmsg(db_);
  }

  // Every row of `sql`, columns joined with '|'.
  std::vector<std::string> Rows(const std::string& sql) {
    std::vector<std::string> rows;
    sqlite3_stmt* statement = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db_, sql.c_str(), -1, &statement, nullptr), SQLITE_OK)
        << sqlite3_errmsg(db_);
    while (sqlite3_step(statement) == SQLITE_ROW) {
      std::string row;
      for (int c = 0; c < sqlite3_column_count(statement); ++c) {
        const unsigned char* text = sqlite3_column_text(statement, c);
        row += (c > 0 ? "|" : "") +
               std::string(text == nullptr ? "NULL" : reinterpret_cast<const char*>(text));
      }
      rows.push_back(std::move(row));
    }
    sqlite3_finalize(statement);
    return rows;
  }

 private:
  sqlite3* db_ = nullptr;
};

TEST(SqliteDatabase, CreatesMissingParentFolders) {
  testing::TempDir dir;
  const auto path = dir / "a" / "b" / "storeops.db";

  auto db = OpenDatabase(SqliteOptions{.path = path.string()});

  ASSERT_TRUE(Succeeded(db));
  EXPECT_TRUE(std::filesystem::exists(path));
  EXPECT_TRUE(Succeeded((*db)->Close()));
}

TEST(SqliteDatabase, UnwritableLocationIsUnavailableAndNamesThePath) {
  const std::string path = "/proc/storeops/x.db";

  auto db = OpenDatabase(SqliteOptions{.path = path});

  ASSERT_FALSE(db.has_value());
  EXPECT_EQ(db.error().code, ErrorCode::kUnavailable);
  EXPECT_NE(db.error().message.find(path), std::string::npos) << db.error().message;
}

TEST(SqliteDatabase, FileThatIsNotADatabaseIsUnavailable) {
  testing::TempDir dir;
  const std::string path = (dir / "garbage.db").string();
  {
    std::ofstream out(path, std::ios::binary);
    for (int i = 0; i < 512; ++i) {
      out << "this is not an SQLite database. ";
    }
  }

  auto db = OpenDatabase(SqliteOptions{.path = path});

  ASSERT_FALSE(db.has_value());
  EXPECT_EQ(db.error().code, ErrorCode::kUnavailable);
  EXPECT_NE(db.error().message.find(path), std::string::npos) << db.error().message;
  EXPECT_NE(db.error().message.find("not a database"), std::string::npos) << db.error().message;
}

TEST(SqliteDatabase, RejectsUnusableOptions) {
  testing::TempDir dir;
  const std::string path = (dir / "x.db").string();
  const std::vector<std::pair<std::string, std::function<void(SqliteOptions&)>>> cases = {
      {"empty path", [](SqliteOptions& o) { o.path.clear(); }},
      {"in-memory", [](SqliteOptions& o) { o.path = ":memory:"; }},
      {"URI", [&](SqliteOptions& o) { o.path = "file:" + path; }},
      {"no readers", [](SqliteOptions& o) { o.read_connections = 0; }},
      {"negative readers", [](SqliteOptions& o) { o.read_connections = -2; }},
      {"empty groups", [](SqliteOptions& o) { o.max_group_size = 0; }},
  };
  for (const auto& [name, spoil] : cases) {
    SqliteOptions options{.path = path};
    spoil(options);

    auto db = OpenDatabase(options);

    ASSERT_FALSE(db.has_value()) << name;
    EXPECT_EQ(db.error().code, ErrorCode::kInvalidArgument) << name;
  }
}

TEST(SqliteDatabase, SchemaNewerThanTheBinaryIsFailedPrecondition) {
  testing::TempDir dir;
  const std::string path = (dir / "future.db").string();
  ASSERT_TRUE(Succeeded(OpenOrDie(path)->Close()));
  RawDatabase(path).Exec("INSERT INTO schema_migrations VALUES (9999, 0)");

  auto db = OpenDatabase(SqliteOptions{.path = path});

  ASSERT_FALSE(db.has_value());
  EXPECT_EQ(db.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_NE(db.error().message.find("9999"), std::string::npos) << db.error().message;
  EXPECT_NE(db.error().message.find(path), std::string::npos) << db.error().message;
}

TEST(SqliteDatabase, MigrationsAreAppliedOnceAcrossReopens) {
  testing::TempDir dir;
  const std::string path = (dir / "m.db").string();
  const auto known = internal::Migrations();
  ASSERT_FALSE(known.empty());
  {
    auto db = OpenOrDie(path);
    EXPECT_EQ(db->SchemaVersion(), known.back().version);
    ASSERT_TRUE(Succeeded(db->Close()));
  }
  const auto applied = RawDatabase(path).Rows("SELECT * FROM schema_migrations ORDER BY version");

  auto reopened = OpenOrDie(path);
  EXPECT_EQ(reopened->SchemaVersion(), known.back().version);
  ASSERT_TRUE(Succeeded(reopened->Close()));

  EXPECT_EQ(applied.size(), known.size());
  EXPECT_EQ(RawDatabase(path).Rows("SELECT * FROM schema_migrations ORDER BY version"), applied);
}

TEST(SqliteDatabase, DatabaseOfSchema5KeepsItsRollupsAndGainsBasketsAndStandards) {
  testing::TempDir dir;
  const std::string path = (dir / "v5.db").string();
  const auto known = internal::Migrations();
  ASSERT_GE(known.size(), 7U);
  {
    // A database as storeops with schema 5 left it, with one hour of sales rolled up.
    RawDatabase raw(path);
    raw.Exec(
        "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at_ms INTEGER "
        "NOT NULL) STRICT");
    for (const auto& migration : known.first(5)) {
      raw.Exec(std::string(migration.sql));
      raw.Exec("INSERT INTO schema_migrations VALUES (" + std::to_string(migration.version) +
               ", 0)");
    }
    raw.Exec("INSERT INTO hourly_sales VALUES ('s1', 3600000, 'produce', 7, 9, 1000)");
  }
  auto db = OpenOrDie(path);
  ASSERT_NE(db, nullptr);
  EXPECT_EQ(db->SchemaVersion(), known.back().version);

  const core::StoreId store{"s1"};
  const auto hour = core::FromEpochMs(3'600'000);
  auto old_rows = db->aggregates().LoadAggregates(store, hour, hour + std::chrono::hours(2));
  ASSERT_TRUE(Succeeded(old_rows));
  ASSERT_EQ(old_rows->sales.size(), 1U);
  EXPECT_EQ(old_rows->sales[0].transactions, 7);
  EXPECT_TRUE(old_rows->baskets.empty());  // not backfilled: readers fall back for that hour

  storage::HourlyAggregates next;
  next.baskets.push_back({store, hour + std::chrono::hours(1), 5, 2});
  ASSERT_TRUE(Succeeded(db->aggregates().SaveRollup(next, {})));
  auto both = db->aggregates().LoadAggregates(store, hour, hour + std::chrono::hours(2));
  ASSERT_TRUE(Succeeded(both));
  EXPECT_EQ(both->baskets, next.baskets);
  auto standards = db->staffing().LoadLabourStandards(store);
  ASSERT_TRUE(Succeeded(standards));
  EXPECT_FALSE(standards->has_value());
  ASSERT_TRUE(Succeeded(db->Close()));
}

TEST(SqliteDatabase, EmbeddedMigrationsAreNumberedWithoutGaps) {
  const auto known = internal::Migrations();
  for (size_t i = 0; i < known.size(); ++i) {
    EXPECT_EQ(known[i].version, static_cast<int64_t>(i + 1));
    EXPECT_FALSE(known[i].name.empty());
    EXPECT_NE(known[i].sql.find("CREATE"), std::string_view::npos);
  }
}

TEST(SqliteDatabase, UsesWalAndLeavesNoWalAfterClose) {
  testing::TempDir dir;
  const std::string path = (dir / "wal.db").string();
  auto db = OpenOrDie(path);
  ASSERT_TRUE(Succeeded(db->stores().SaveStore(testing::SmallStore())));

  ASSERT_TRUE(Succeeded(db->Close()));

  const std::string wal = path + "-wal";
  EXPECT_TRUE(!std::filesystem::exists(wal) || std::filesystem::file_size(wal) == 0);
  EXPECT_EQ(RawDatabase(path).Rows("PRAGMA journal_mode"), std::vector<std::string>{"wal"});
}

TEST(SqliteDatabase, RejectedSaveKeepsThePreviousDefinition) {
  testing::TempDir dir;
  auto db = OpenOrDie((dir / "s.db").string());
  const core::Store original = testing::SmallStore("keep");
  ASSERT_TRUE(Succeeded(db->stores().SaveStore(original)));
  core::Store dangling = original;
  dangling.zones.pop_back();  // the stockroom, still named by a zone link

  auto saved = db->stores().SaveStore(dangling);

  ASSERT_FALSE(saved.has_value());
  EXPECT_EQ(saved.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(saved.error().message.find("keep"), std::string::npos) << saved.error().message;
  auto loaded = db->stores().LoadStore(original.id);
  ASSERT_TRUE(Succeeded(loaded));
  EXPECT_EQ(*loaded, original);
}

TEST(SqliteDatabase, DuplicateZoneIdIsInvalidArgument) {
  testing::TempDir dir;
  auto db = OpenOrDie((dir / "d.db").string());
  core::Store store = testing::SmallStore("dup");
  store.zones.push_back(store.zones.front());

  auto saved = db->stores().SaveStore(store);

  ASSERT_FALSE(saved.has_value());
  EXPECT_EQ(saved.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(saved.error().message.find("UNIQUE"), std::string::npos) << saved.error().message;
}

TEST(SqliteDatabase, StoresRowsInNormalisedTables) {
  testing::TempDir dir;
  const std::string path = (dir / "n.db").string();
  auto db = OpenOrDie(path);
  ASSERT_TRUE(Succeeded(db->stores().SaveStore(testing::SmallStore("n"))));
  ASSERT_TRUE(Succeeded(db->Close()));
  RawDatabase raw(path);

  EXPECT_EQ(raw.Rows("SELECT count(*) FROM zones"), std::vector<std::string>{"5"});
  EXPECT_EQ(raw.Rows("SELECT count(*) FROM zone_polygon_points"), std::vector<std::string>{"20"});
  EXPECT_EQ(raw.Rows("SELECT price_cents FROM skus WHERE id = '0000001'"),
            std::vector<std::string>{"129"});
  EXPECT_EQ(raw.Rows("PRAGMA foreign_key_check"), std::vector<std::string>{});
}

TEST(SqliteDurability, AcknowledgedSaveSurvivesSigkill) {
  testing::TempDir dir;
  const std::string path = (dir / "durable.db").string();
  const core::Store store = storage::contract::BigStore("durable", 20, 100);
  std::fflush(nullptr);

  const pid_t child = ::fork();
  ASSERT_NE(child, -1);
  if (child == 0) {
    // No Close, no destructors, no checkpoint: only what COMMIT made durable may survive.
    auto db = OpenDatabase(SqliteOptions{.path = path});
    if (!db) {
      ::_exit(2);
    }
    if (!(*db)->stores().SaveStore(store)) {
      ::_exit(3);
    }
    ::raise(SIGKILL);
    ::_exit(4);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFSIGNALED(status)) << "child exited with " << WEXITSTATUS(status);
  EXPECT_EQ(WTERMSIG(status), SIGKILL);

  auto db = OpenOrDie(path);
  auto loaded = db->stores().LoadStore(store.id);

  ASSERT_TRUE(Succeeded(loaded));
  EXPECT_EQ(*loaded, store);
}

TEST(SqliteDatabase, StoresEventsInOneTablePerType) {
  testing::TempDir dir;
  const std::string path = (dir / "e.db").string();
  auto db = OpenOrDie(path);
  // 12 events: two of each type; the second basket (i = 6) has one line, the first none.
  ASSERT_TRUE(Succeeded(db->events().Append(
      storage::EventBatch{testing::MixedEvents("e", 12, core::FromEpochMs(1000)), {}})));
  ASSERT_TRUE(Succeeded(db->Close()));
  RawDatabase raw(path);

  EXPECT_EQ(raw.Rows("SELECT arrival, ts_ms, tender, lines FROM pos_transactions ORDER BY arrival"),
            (std::vector<std::string>{"1|1000|cash|", "7|1006|card|7:9000000,1,222;"}));
  EXPECT_EQ(raw.Rows("SELECT next_arrival FROM event_sequence"), std::vector<std::string>{"13"});
  EXPECT_EQ(raw.Rows("SELECT action FROM staff_clock ORDER BY arrival"),
            (std::vector<std::string>{"in", "out"}));
  EXPECT_EQ(raw.Rows("SELECT count(*) FROM presence"), std::vector<std::string>{"2"});
  EXPECT_EQ(raw.Rows("PRAGMA foreign_key_check"), std::vector<std::string>{});
}

// A database written before raw events were clustered (migration raw_events_clustered) keeps
// every event, a basket's lines in order, and hands out arrivals after the stored ones.
TEST(SqliteDatabase, ClusteringMigrationKeepsEarlierRawEvents) {
  testing::TempDir dir;
  const std::string path = (dir / "old.db").string();
  const auto known = internal::Migrations();
  const auto clustered = std::find_if(known.begin(), known.end(), [](const auto& migration) {
    return migration.name == "raw_events_clustered";
  });
  ASSERT_NE(clustered, known.end());
  {
    auto connection = internal::Connection::Open(path, internal::ConnectionOptions{});
    ASSERT_TRUE(Succeeded(connection));
    ASSERT_TRUE(Succeeded(internal::ApplyMigrations(
        *connection, known.first(static_cast<size_t>(clustered - known.begin())))));
  }
  RawDatabase(path).Exec(
      "INSERT INTO pos_transactions VALUES (5, 'old', 2000, 'b-1', 'L1', 'card');"
      "INSERT INTO pos_lines VALUES (5, 1, 'sku,;:2', -1, 250), (5, 0, 'sku-1', 3, 199);"
      "INSERT INTO pos_transactions VALUES (6, 'old', 2000, 'b-2', 'L1', 'cash');"
      "INSERT INTO presence VALUES (9, 'old', 1000, 'token', 'entrance');");

  auto db = OpenOrDie(path);
  ASSERT_TRUE(Succeeded(db->events().Append(storage::EventBatch{
      {core::Presence{core::StoreId{"old"}, core::FromEpochMs(2000), "t2", core::ZoneId{"z"}}},
      {}})));
  auto events = db->events().LoadEvents(core::StoreId{"old"}, core::FromEpochMs(0),
                                        core::FromEpochMs(10'000));

  ASSERT_TRUE(Succeeded(events));
  ASSERT_EQ(events->size(), 4U);
  EXPECT_EQ(std::get<core::Presence>((*events)[0]).device_token, "token");
  const auto& basket = std::get<core::PosTransaction>((*events)[1]);
  EXPECT_EQ(basket.basket_id, "b-1");
  ASSERT_EQ(basket.lines.size(), 2U);
  EXPECT_EQ(basket.lines[0].sku.value(), "sku-1");
  EXPECT_EQ(basket.lines[0].quantity, 3);
  EXPECT_EQ(basket.lines[1].sku.value(), "sku,;:2");
  EXPECT_EQ(basket.lines[1].unit_price.cents(), 250);
  EXPECT_TRUE(std::get<core::PosTransaction>((*events)[2]).lines.empty());
  // Arrival 10 comes after the stored 9, so the new event sorts after the baskets at 2000 ms.
  EXPECT_EQ(std::get<core::Presence>((*events)[3]).device_token, "t2");
}

TEST(SqliteDatabase, InvalidEventRollsBackItsWholeBatch) {
  testing::TempDir dir;
  auto db = OpenOrDie((dir / "r.db").string());
  auto batch = testing::MixedEvents("r", 30, core::FromEpochMs(0));
  std::get<core::StaffClock>(batch[29]).action = static_cast<core::ClockAction>(42);

  auto appended = db->events().Append(storage::EventBatch{batch, {storage::DeadLetter{}}});

  ASSERT_FALSE(appended.has_value());
  EXPECT_EQ(appended.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(appended.error().message.find("appending 30 events"), std::string::npos)
      << appended.error().message;
  auto counts = db->events().CountEvents();
  ASSERT_TRUE(Succeeded(counts));
  EXPECT_EQ(counts->total(), 0);
  auto letters = db->events().ListDeadLetters(10, std::nullopt);
  ASSERT_TRUE(Succeeded(letters));
  EXPECT_TRUE(letters->empty());
}

TEST(SqliteDurability, AcknowledgedEventsSurviveSigkill) {
  testing::TempDir dir;
  const std::string path = (dir / "durable_events.db").string();
  constexpr int kBatches = 20;
  constexpr int kEventsPerBatch = 500;
  auto batch_of = [](int i) {
    return testing::MixedEvents("durable", kEventsPerBatch,
                                core::FromEpochMs(int64_t{i} * kEventsPerBatch));
  };
  std::fflush(nullptr);

  const pid_t child = ::fork();
  ASSERT_NE(child, -1);
  if (child == 0) {
    // No Close, no destructors, no checkpoint: only what COMMIT made durable may survive.
    auto db = OpenDatabase(SqliteOptions{.path = path});
    if (!db) {
      ::_exit(2);
    }
    for (int i = 0; i < kBatches; ++i) {
      if (!(*db)->events().Append(storage::EventBatch{batch_of(i), {storage::DeadLetter{}}})) {
        ::_exit(3);
      }
    }
    ::raise(SIGKILL);
    ::_exit(4);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFSIGNALED(status)) << "child exited with " << WEXITSTATUS(status);
  EXPECT_EQ(WTERMSIG(status), SIGKILL);

  auto db = OpenOrDie(path);
  auto loaded = db->events().LoadEvents(core::StoreId{"durable"}, core::FromEpochMs(0),
                                        core::FromEpochMs(int64_t{kBatches} * kEventsPerBatch));
  auto letters = db->events().ListDeadLetters(1000, std::nullopt);

  ASSERT_TRUE(Succeeded(loaded));
  std::vector<core::Event> expected;
  for (int i = 0; i < kBatches; ++i) {
    auto batch = batch_of(i);
    expected.insert(expected.end(), batch.begin(), batch.end());
  }
  EXPECT_EQ(testing::EventsDifference(expected, *loaded), "");
  ASSERT_TRUE(Succeeded(letters));
  EXPECT_EQ(letters->size(), static_cast<size_t>(kBatches));
}

}  // namespace
}  // namespace storeops::storage_sqlite

namespace storeops::storage_sqlite {
namespace {

std::string FilesOf(const std::string& path) {
  std::string bytes;
  for (const char* suffix : {"", "-wal", "-shm"}) {
    if (std::filesystem::exists(path + suffix)) {
      bytes += testing::ReadFileText(path + suffix);
    }
  }
  return bytes;
}

// Retention must not leave deleted device tokens or destroyed key blobs in free pages or WAL
// frames: secure_delete zeroes them in place and PurgeDeleted empties the WAL. Checked while the
// database is still open, as in a running server.
TEST(SqliteRetention, DeletedEventsAndKeysLeaveNoBytesInTheFiles) {
  testing::TempDir dir;
  const std::string path = (dir / "secure.db").string();
  auto db = OpenOrDie(path);
  ASSERT_NE(db, nullptr);
  const core::Timestamp start = core::FromEpochMs(1'795'442'400'000);
  auto token = [](int i) {
    const std::string digits = std::to_string(i);
    return "5ec2e7" + std::string(26 - digits.size(), '0') + digits;
  };
  storage::EventBatch old_batch;
  for (int i = 0; i < 300; ++i) {
    old_batch.events.emplace_back(core::Presence{
        core::StoreId{"s"}, start + std::chrono::seconds(i), token(i), core::ZoneId{"produce"}});
  }
  ASSERT_TRUE(Succeeded(db->events().Append(old_batch)));
  const std::string kept = "c0ffee00c0ffee00c0ffee00c0ffee00";
  ASSERT_TRUE(Succeeded(db->events().Append(
      storage::EventBatch{{core::Presence{core::StoreId{"s"}, start + std::chrono::hours(5), kept,
                                          core::ZoneId{"produce"}}},
                          {}})));
  const std::string blob_text = "sealed-day-key-0123456789abcdef-sealed-day-key-0123456789";
  const std::vector<uint8_t> blob(blob_text.begin(), blob_text.end());
  const auto day = std::chrono::floor<std::chrono::days>(start);
  ASSERT_TRUE(Succeeded(db->keys().SaveKey({day, blob})));
  ASSERT_NE(FilesOf(path).find(token(7)), std::string::npos) << "the scan must see live rows";

  int64_t deleted = 0;
  for (int chunk = 0; chunk < 100; ++chunk) {
    auto rows = db->events().DeleteEventsBefore(start + std::chrono::hours(1), 64);
    ASSERT_TRUE(Succeeded(rows));
    deleted += rows->events;
    if (rows->events == 0) {
      break;
    }
  }
  ASSERT_EQ(deleted, 300);
  ASSERT_TRUE(Succeeded(db->keys().DestroyKeysBefore(day + std::chrono::days(1))));
  ASSERT_TRUE(Succeeded(db->PurgeDeleted()));

  const std::string bytes = FilesOf(path);
  for (int i = 0; i < 300; ++i) {
    ASSERT_EQ(bytes.find(token(i)), std::string::npos) << "deleted token " << i << " lingers";
  }
  EXPECT_EQ(bytes.find(blob_text), std::string::npos) << "destroyed key blob lingers";
  EXPECT_NE(bytes.find(kept), std::string::npos) << "a row inside the window must stay";
  EXPECT_TRUE(Succeeded(db->Close()));
}

TEST(SqliteRetention, PurgeDeletedAfterCloseIsUnavailable) {
  testing::TempDir dir;
  auto db = OpenOrDie((dir / "closed.db").string());
  ASSERT_NE(db, nullptr);
  ASSERT_TRUE(Succeeded(db->Close()));

  auto purged = db->PurgeDeleted();

  ASSERT_FALSE(purged.has_value());
  EXPECT_EQ(purged.error().code, ErrorCode::kUnavailable);
}

}  // namespace
}  // namespace storeops::storage_sqlite
