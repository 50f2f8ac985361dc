// SPDX-License-Identifier: Apache-2.0
#include "key_repository.hpp"

#include <exception>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include <fmt/format.h>

namespace storeops::storage_sqlite::internal {
namespace {

constexpr std::string_view kSelectKeys = "SELECT day, sealed FROM day_keys ORDER BY day";
constexpr std::string_view kSelectBoundary =
    "SELECT destroyed_before FROM key_ring_state WHERE id = 1";
constexpr std::string_view kInsertKey = "INSERT INTO day_keys (day, sealed) VALUES (?, ?)";
constexpr std::string_view kDeleteKeys = "DELETE FROM day_keys WHERE day < ?";
// The boundary only moves forward.
constexpr std::string_view kRaiseBoundary =
    "INSERT INTO key_ring_state (id, destroyed_before) VALUES (1, ?) ON CONFLICT (id) DO UPDATE "
    "SET destroyed_before = excluded.destroyed_before "
    "WHERE excluded.destroyed_before > key_ring_state.destroyed_before";

int64_t DayNumber(std::chrono::sys_days day) { return day.time_since_epoch().count(); }

std::chrono::sys_days DayFrom(int64_t number) {
  return std::chrono::sys_days(std::chrono::days(number));
}

std::string DayText(std::chrono::sys_days day) {
  const std::chrono::year_month_day date(day);
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(date.year()),
                     static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
}

core::Error WithContext(core::Error error, std::string_view context) {
  error.message = fmt::format("{}: {}", context, error.message);
  return error;
}

core::Error InternalFromException(std::string_view context, const char* what) {
  return core::Error{core::ErrorCode::kInternal, fmt::format("{}: {}", context, what), {}};
}

core::Result<std::optional<int64_t>> ReadBoundary(Connection& connection) {
  std::optional<int64_t> boundary;
  auto read = ForEachRow(
      connection, kSelectBoundary, [](Statement&) {},
      [&](Statement& row) -> core::Status {
        boundary = row.Int64(0);
        return core::Ok();
      });
  if (!read) {
    return core::Fail(std::move(read.error()));
  }
  return boundary;
}

}  // namespace

core::Result<storage::StoredKeyRing> SqliteKeyRepository::LoadKeys() {
  constexpr std::string_view kContext = "loading day keys";
  try {
    auto lease = readers_.Acquire();
    if (!lease) {
      return core::Fail(WithContext(std::move(lease.error()), kContext));
    }
    auto transaction = ReadTransaction::Begin(**lease);
    if (!transaction) {
      return core::Fail(WithContext(std::move(transaction.error()), kContext));
    }
    storage::StoredKeyRing ring;
    auto boundary = ReadBoundary(**lease);
    if (!boundary) {
      return core::Fail(WithContext(std::move(boundary.error()), kContext));
    }
    if (*boundary) {
      ring.destroyed_before = DayFrom(**boundary);
    }
    auto read = ForEachRow(
        **lease, kSelectKeys, [](Statement&) {},
        [&](Statement& row) -> core::Status {
          ring.keys.push_back({DayFrom(row.Int64(0)), row.Blob(1)});
          return core::Ok();
        });
    if (!read) {
      return core::Fail(WithContext(std::move(read.error()), kContext));
    }
    if (auto committed = transaction->Commit(); !committed) {
      return core::Fail(WithContext(std::move(committed.error()), kContext));
    }
    return ring;
  } catch (const std::exception& error) {
    return core::Fail(InternalFromException(kContext, error.what()));
  }
}

core::Status SqliteKeyRepository::SaveKey(const storage::StoredDayKey& key) {
  const std::string context = fmt::format("saving the day key of {}", DayText(key.day));
  if (key.sealed.empty()) {
    return core::Fail(core::ErrorCode::kInvalidArgument, context + ": the sealed key is empty",
                      {{"sealed", "must not be empty"}});
  }
  try {
    auto saved = writer_.Submit([&](WriteContext& write) -> core::Status {
      auto boundary = ReadBoundary(write.connection());
      if (!boundary) {
        return core::Fail(std::move(boundary.error()));
      }
      if (*boundary && DayNumber(key.day) < **boundary) {
        return core::Fail(
            core::ErrorCode::kFailedPrecondition,
            fmt::format("keys before {} were destroyed", DayText(DayFrom(**boundary))),
            {{"day", "before the destruction boundary"}});
      }
      auto insert = write.Prepare(kInsertKey);
      if (!insert) {
        return core::Fail(std::move(insert.error()));
      }
      return insert->Bind(1, DayNumber(key.day)).BindBlob(2, key.sealed).Run();
    });
    if (!saved) {
      return core::Fail(WithContext(std::move(saved.error()), context));
    }
    return core::Ok();
  } catch (const std::exception& error) {
    return core::Fail(InternalFromException(context, error.what()));
  }
}

core::Result<int64_t> SqliteKeyRepository::DestroyKeysBefore(std::chrono::sys_days day) {
  const std::string context = fmt::format("destroying day keys before {}", DayText(day));
  try {
    int64_t destroyed = 0;
    auto done = writer_.Submit([&](WriteContext& write) -> core::Status {
      auto remove = write.Prepare(kDeleteKeys);
      if (!remove) {
        return core::Fail(std::move(remove.error()));
      }
      if (auto ran = remove->Bind(1, DayNumber(day)).Run(); !ran) {
        return ran;
      }
      const int64_t deleted = write.Changes();
      auto raise = write.Prepare(kRaiseBoundary);
      if (!raise) {
        return core::Fail(std::move(raise.error()));
      }
      if (auto ran = raise->Bind(1, DayNumber(day)).Run(); !ran) {
        return ran;
      }
      destroyed = deleted;
      return core::Ok();
    });
    if (!done) {
      return core::Fail(WithContext(std::move(done.error()), context));
    }
    return destroyed;
  } catch (const std::exception& error) {
    return core::Fail(InternalFromException(context, error.what()));
  }
}

}  // namespace storeops::storage_sqlite::internal
