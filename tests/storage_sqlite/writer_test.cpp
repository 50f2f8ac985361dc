// SPDX-License-Identifier: Apache-2.0
// The group-commit writer on its own, against a scratch table.
#include "writer.hpp"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <future>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "storeops/testing/temp_dir.hpp"

#include "database_contract.hpp"

namespace storeops::storage_sqlite::internal {
namespace {

using core::ErrorCode;
using storage::contract::Succeeded;

WriteUnit InsertItem(int64_t id, std::string name = "item") {
  return [id, name = std::move(name)](WriteContext& context) -> core::Status {
    auto insert = context.Prepare("INSERT INTO items (id, name) VALUES (?, ?)");
    if (!insert) {
      return core::Fail(insert.error());
    }
    return insert->BindAll(id, std::string_view(name)).Run();
  };
}

class WriterTest : public ::testing::Test {
 protected:
  void Start(size_t max_group_size = 1024) {
    Start(WriterOptions{.max_group_size = max_group_size});
  }

  void Start(WriterOptions options, bool background_checkpoints = false) {
    auto connection = Connection::Open(path_, ConnectionOptions{});
    ASSERT_TRUE(Succeeded(connection));
    ASSERT_TRUE(Succeeded(connection->Exec(
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;"
        "CREATE TABLE IF NOT EXISTS items (id INTEGER PRIMARY KEY, name TEXT NOT NULL);"
        "CREATE TABLE IF NOT EXISTS parents (id INTEGER PRIMARY KEY);"
        "CREATE TABLE IF NOT EXISTS children (id INTEGER PRIMARY KEY, parent INTEGER"
        "  REFERENCES parents (id) DEFERRABLE INITIALLY DEFERRED);")));
    std::optional<Connection> checkpoint_connection;
    if (background_checkpoints) {
      auto opened = Connection::Open(path_, ConnectionOptions{});
      ASSERT_TRUE(Succeeded(opened));
      checkpoint_connection = std::move(*opened);
    }
    auto writer = Writer::Start(std::move(*connection), options, std::move(checkpoint_connection));
    ASSERT_TRUE(Succeeded(writer));
    writer_ = std::move(*writer);
  }

  [[nodiscard]] std::uintmax_t WalBytes() const {
    std::error_code error;
    const auto bytes = std::filesystem::file_size(path_ + "-wal", error);
    return error ? 0 : bytes;
  }

  // Occupies the writer thread until Open() so that everything submitted meanwhile queues up and
  // must go into the next group.
  void Block() {
    std::promise<void> started;
    auto started_future = started.get_future();
    blocker_ =
        writer_->SubmitAsync([&started, release = release_.get_future().share()](WriteContext&) {
          started.set_value();
          release.wait();
          return core::Ok();
        });
    started_future.wait();
  }

  void Open() {
    release_.set_value();
    EXPECT_TRUE(Succeeded(blocker_.get()));
  }

  std::vector<int64_t> ItemIds() {
    auto connection = Connection::Open(path_, ConnectionOptions{.read_only = true});
    EXPECT_TRUE(Succeeded(connection));
    std::vector<int64_t> ids;
    if (!connection) {
      return ids;
    }
    auto select = connection->Prepare("SELECT id FROM items ORDER BY id");
    EXPECT_TRUE(Succeeded(select));
    while (select && *select->Step()) {
      ids.push_back(select->Int64(0));
    }
    return ids;
  }

  testing::TempDir dir_;
  std::string path_ = (dir_ / "writer.db").string();
  std::unique_ptr<Writer> writer_;
  std::promise<void> release_;
  std::future<core::Status> blocker_;
};

TEST_F(WriterTest, QueuedUnitsShareOneTransaction) {
  Start();
  Block();
  std::vector<std::future<core::Status>> done;
  for (int64_t id = 1; id <= 100; ++id) {
    done.push_back(writer_->SubmitAsync(InsertItem(id)));
  }

  Open();

  for (auto& result : done) {
    EXPECT_TRUE(Succeeded(result.get()));
  }
  const WriterStats stats = writer_->Stats();
  EXPECT_EQ(stats.transactions, 2U) << "the blocker's group, then all 100 together";
  EXPECT_EQ(stats.units_committed, 101U);
  EXPECT_EQ(ItemIds().size(), 100U);
}

TEST_F(WriterTest, GroupSizeIsBounded) {
  Start(/*max_group_size=*/10);
  Block();
  std::vector<std::future<core::Status>> done;
  for (int64_t id = 1; id <= 95; ++id) {
    done.push_back(writer_->SubmitAsync(InsertItem(id)));
  }

  Open();

  for (auto& result : done) {
    EXPECT_TRUE(Succeeded(result.get()));
  }
  EXPECT_EQ(writer_->Stats().transactions, 1U + 10U);
}

TEST_F(WriterTest, ConcurrentBlockingSubmitsAreGrouped) {
  Start();
  constexpr int kThreads = 8;
  constexpr int kPerThread = 50;
  std::vector<std::thread> threads;
  threads.reserve(kThreads);
  std::atomic<int> failures{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        if (!writer_->Submit(InsertItem(int64_t{t} * 1000 + i))) {
          failures.fetch_add(1);
        }
      }
    });
  }
  for (auto& thread : threads) {
    thread.join();
  }

  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(ItemIds().size(), static_cast<size_t>(kThreads * kPerThread));
  EXPECT_EQ(writer_->Stats().units_committed, static_cast<uint64_t>(kThreads * kPerThread));
  // Each fsync is shared by whoever queued meanwhile; how many depends on timing, but with 8
  // callers it is never one transaction per call.
  EXPECT_LT(writer_->Stats().transactions, static_cast<uint64_t>(kThreads * kPerThread));
}

TEST_F(WriterTest, FailingUnitFailsAloneWhileGroupMatesCommit) {
  Start();
  Block();
  auto first = writer_->SubmitAsync(InsertItem(1));
  auto duplicate = writer_->SubmitAsync(InsertItem(1, "again"));
  auto null_name = writer_->SubmitAsync([](WriteContext& context) {
    return context.Exec("INSERT INTO items (id, name) VALUES (7, NULL)");
  });
  auto gives_up = writer_->SubmitAsync([](WriteContext& context) -> core::Status {
    if (auto inserted = InsertItem(8)(context); !inserted) {
      return inserted;
    }
    return core::Fail(ErrorCode::kFailedPrecondition, "changed my mind");
  });
  auto throws = writer_->SubmitAsync([](WriteContext& context) -> core::Status {
    static_cast<void>(InsertItem(9)(context));
    throw std::runtime_error("boom");
  });
  auto second = writer_->SubmitAsync(InsertItem(2));

  Open();

  EXPECT_TRUE(Succeeded(first.get()));
  auto duplicate_result = duplicate.get();
  ASSERT_FALSE(duplicate_result.has_value());
  EXPECT_EQ(duplicate_result.error().code, ErrorCode::kAlreadyExists);
  auto null_result = null_name.get();
  ASSERT_FALSE(null_result.has_value());
  EXPECT_EQ(null_result.error().code, ErrorCode::kInvalidArgument);
  auto gave_up = gives_up.get();
  ASSERT_FALSE(gave_up.has_value());
  EXPECT_EQ(gave_up.error().code, ErrorCode::kFailedPrecondition);
  auto thrown = throws.get();
  ASSERT_FALSE(thrown.has_value());
  EXPECT_EQ(thrown.error().code, ErrorCode::kInternal);
  EXPECT_NE(thrown.error().message.find("boom"), std::string::npos);
  EXPECT_TRUE(Succeeded(second.get()));
  EXPECT_EQ(writer_->Stats().transactions, 2U) << "all six units ran in one transaction";
  EXPECT_EQ(writer_->Stats().groups_rerun, 1U) << "first whole, then unit by unit";
  EXPECT_EQ(ItemIds(), (std::vector<int64_t>{1, 2}));
}

TEST_F(WriterTest, GroupsThatSucceedRunOnce) {
  Start();
  Block();
  std::atomic<int> runs{0};
  std::vector<std::future<core::Status>> done;
  for (int64_t id = 1; id <= 20; ++id) {
    done.push_back(writer_->SubmitAsync([&runs, id](WriteContext& context) {
      runs.fetch_add(1);
      return InsertItem(id)(context);
    }));
  }

  Open();

  for (auto& result : done) {
    EXPECT_TRUE(Succeeded(result.get()));
  }
  EXPECT_EQ(runs.load(), 20);
  EXPECT_EQ(writer_->Stats().groups_rerun, 0U);
  EXPECT_EQ(ItemIds().size(), 20U);
}

TEST_F(WriterTest, AUnitAloneInItsGroupFailsWithoutARerun) {
  Start();
  std::atomic<int> runs{0};
  auto failed = writer_->Submit([&runs](WriteContext& context) -> core::Status {
    runs.fetch_add(1);
    static_cast<void>(InsertItem(5)(context));
    return core::Fail(ErrorCode::kFailedPrecondition, "no");
  });

  ASSERT_FALSE(failed.has_value());
  EXPECT_EQ(failed.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(runs.load(), 1);
  EXPECT_EQ(writer_->Stats().groups_rerun, 0U);
  EXPECT_TRUE(ItemIds().empty()) << "its insert was rolled back";
  EXPECT_TRUE(Succeeded(writer_->Submit(InsertItem(6))));
  EXPECT_EQ(ItemIds(), std::vector<int64_t>{6});
}

TEST_F(WriterTest, BackgroundThreadCheckpointsTheWal) {
  constexpr int kWalFramesLimit = 64;
  Start(WriterOptions{.checkpoint_frames = 4, .wal_frames_limit = kWalFramesLimit},
        /*background_checkpoints=*/true);
  const std::string payload(3000, 'x');  // most of a 4 KiB page per row
  for (int64_t id = 1; id <= 400; ++id) {
    ASSERT_TRUE(Succeeded(writer_->Submit(InsertItem(id, payload))));
  }

  EXPECT_GT(writer_->Stats().background_checkpoints, 0U);
  EXPECT_GT(writer_->Stats().wal_restarts, 0U);
  // Without checkpoints the 400 rows (1.2 MB) would sit in the WAL; with them they are in the
  // database file, and the WAL never grows much past its limit (4 KiB pages + 24-byte headers;
  // one commit's frames of slack).
  std::error_code error;
  EXPECT_GT(std::filesystem::file_size(path_, error), 1'000'000U);
  EXPECT_LT(WalBytes(), (kWalFramesLimit + 8) * (4096U + 24U));
  EXPECT_EQ(ItemIds().size(), 400U);
  ASSERT_TRUE(Succeeded(writer_->Close()));
  EXPECT_EQ(WalBytes(), 0U) << "closing truncates the WAL";
  EXPECT_EQ(ItemIds().size(), 400U);
}

TEST_F(WriterTest, WriterCheckpointsItselfAtTheWalLimit) {
  Start(WriterOptions{.checkpoint_frames = 1, .wal_frames_limit = 1},
        /*background_checkpoints=*/true);
  for (int64_t id = 1; id <= 20; ++id) {
    ASSERT_TRUE(Succeeded(writer_->Submit(InsertItem(id))));
  }

  EXPECT_GT(writer_->Stats().wal_restarts, 0U);
  EXPECT_EQ(ItemIds().size(), 20U);
}

TEST_F(WriterTest, CommitFailureFailsTheWholeGroupAndTheWriterRecovers) {
  Start();
  Block();
  auto item = writer_->SubmitAsync(InsertItem(1));
  // A deferred foreign key passes its savepoint and fails only at COMMIT.
  auto orphan = writer_->SubmitAsync([](WriteContext& context) {
    return context.Exec("INSERT INTO children (id, parent) VALUES (1, 42)");
  });

  Open();

  auto item_result = item.get();
  auto orphan_result = orphan.get();
  ASSERT_FALSE(item_result.has_value());
  EXPECT_EQ(item_result.error().code, ErrorCode::kUnavailable);
  ASSERT_FALSE(orphan_result.has_value());
  EXPECT_EQ(orphan_result.error().code, ErrorCode::kUnavailable);
  EXPECT_TRUE(ItemIds().empty());
  EXPECT_TRUE(Succeeded(writer_->Submit(InsertItem(3))));
  EXPECT_EQ(ItemIds(), std::vector<int64_t>{3});
}

TEST_F(WriterTest, CloseCommitsEverythingAlreadyQueued) {
  Start();
  Block();
  std::vector<std::future<core::Status>> done;
  for (int64_t id = 1; id <= 50; ++id) {
    done.push_back(writer_->SubmitAsync(InsertItem(id)));
  }

  std::thread closer([this] { EXPECT_TRUE(Succeeded(writer_->Close())); });
  Open();
  closer.join();

  for (auto& result : done) {
    EXPECT_TRUE(Succeeded(result.get()));
  }
  EXPECT_EQ(ItemIds().size(), 50U);
}

TEST_F(WriterTest, SubmitAfterCloseIsUnavailable) {
  Start();
  ASSERT_TRUE(Succeeded(writer_->Submit(InsertItem(1))));
  ASSERT_TRUE(Succeeded(writer_->Close()));

  auto late = writer_->Submit(InsertItem(2));
  auto late_async = writer_->SubmitAsync(InsertItem(3)).get();

  ASSERT_FALSE(late.has_value());
  EXPECT_EQ(late.error().code, ErrorCode::kUnavailable);
  ASSERT_FALSE(late_async.has_value());
  EXPECT_EQ(late_async.error().code, ErrorCode::kUnavailable);
  EXPECT_TRUE(Succeeded(writer_->Close())) << "Close is idempotent";
  EXPECT_EQ(ItemIds(), std::vector<int64_t>{1});
}

TEST_F(WriterTest, RejectsEmptyGroups) {
  auto connection = Connection::Open(path_, ConnectionOptions{});
  ASSERT_TRUE(Succeeded(connection));

  auto writer = Writer::Start(std::move(*connection), WriterOptions{0});

  ASSERT_FALSE(writer.has_value());
  EXPECT_EQ(writer.error().code, ErrorCode::kInvalidArgument);
}

TEST_F(WriterTest, RejectsAWalLimitBelowTheCheckpointThreshold) {
  auto connection = Connection::Open(path_, ConnectionOptions{});
  ASSERT_TRUE(Succeeded(connection));

  auto writer = Writer::Start(std::move(*connection),
                              WriterOptions{.checkpoint_frames = 100, .wal_frames_limit = 10});

  ASSERT_FALSE(writer.has_value());
  EXPECT_EQ(writer.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(writer.error().message.find("wal_frames_limit"), std::string::npos);
}

}  // namespace
}  // namespace storeops::storage_sqlite::internal
