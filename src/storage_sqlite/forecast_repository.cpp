// SPDX-License-Identifier: Apache-2.0
#include "forecast_repository.hpp"

#include <bit>
#include <cmath>
#include <cstring>
#include <exception>
#include <limits>
#include <set>
#include <string>
#include <utility>

#include <fmt/format.h>

namespace storeops::storage_sqlite::internal {
namespace {

using storage::ForecastModelVersion;
using storage::StoredForecastSeries;

constexpr std::string_view kVersionColumns =
    "m.id, m.store_id, m.data_from_ms, m.data_to_ms, m.model_name, m.settings_json, "
    "m.metrics_json, m.score, m.seconds, m.created_ms, m.champion, "
    "(SELECT COUNT(*) FROM forecast_series s WHERE s.model_id = m.id)";

const std::string kSelectByStore = fmt::format(
    "SELECT {} FROM forecast_models m WHERE m.store_id = ? ORDER BY m.id DESC", kVersionColumns);
const std::string kSelectChampion = fmt::format(
    "SELECT {} FROM forecast_models m WHERE m.store_id = ? AND m.champion = 1", kVersionColumns);
const std::string kSelectById =
    fmt::format("SELECT {} FROM forecast_models m WHERE m.id = ?", kVersionColumns);

constexpr std::string_view kNextId = "SELECT COALESCE(MAX(id), 0) + 1 FROM forecast_models";
constexpr std::string_view kChampionScore =
    "SELECT id, score FROM forecast_models WHERE store_id = ? AND champion = 1";
constexpr std::string_view kInsertVersion =
    "INSERT INTO forecast_models (id, store_id, data_from_ms, data_to_ms, model_name, "
    "settings_json, metrics_json, score, seconds, created_ms, champion) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)";
constexpr std::string_view kInsertSeries =
    "INSERT INTO forecast_series (model_id, department_id, metric, model_name, start_ms, step_ms, "
    "vals, params_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
constexpr std::string_view kClearChampion =
    "UPDATE forecast_models SET champion = 0 WHERE store_id = ? AND champion = 1";
constexpr std::string_view kMakeChampion =
    "UPDATE forecast_models SET champion = 1 WHERE id = ? AND store_id = ?";
// The champion and the `keep` newest survive; forecast_series rows go by ON DELETE CASCADE.
constexpr std::string_view kPruneVersions =
    "DELETE FROM forecast_models WHERE store_id = ?1 AND champion = 0 AND id NOT IN "
    "(SELECT id FROM forecast_models WHERE store_id = ?1 ORDER BY id DESC LIMIT ?2)";
constexpr std::string_view kVersionOfStore =
    "SELECT 1 FROM forecast_models WHERE id = ? AND store_id = ?";
constexpr std::string_view kSelectSeries =
    "SELECT model_name, start_ms, step_ms, vals, params_json FROM forecast_series "
    "WHERE model_id = ? AND department_id = ? AND metric = ?";

core::Error WithContext(core::Error error, std::string_view context) {
  error.message = fmt::format("{}: {}", context, error.message);
  return error;
}

core::Error InternalFromException(std::string_view context, const char* what) {
  return core::Error{core::ErrorCode::kInternal, fmt::format("{}: {}", context, what), {}};
}

// Doubles as 8 little-endian bytes each, whatever the host's byte order.
std::vector<uint8_t> EncodeValues(const std::vector<double>& values) {
  std::vector<uint8_t> bytes(values.size() * 8);
  for (size_t i = 0; i < values.size(); ++i) {
    const auto bits = std::bit_cast<uint64_t>(values[i]);
    for (size_t b = 0; b < 8; ++b) {
      bytes[i * 8 + b] = static_cast<uint8_t>(bits >> (8 * b));
    }
  }
  return bytes;
}

core::Result<std::vector<double>> DecodeValues(const std::vector<uint8_t>& bytes) {
  if (bytes.size() % 8 != 0) {
    return core::Fail(
        core::ErrorCode::kInternal,
        fmt::format("stored forecast values have {} bytes, not a multiple of 8", bytes.size()));
  }
  std::vector<double> values(bytes.size() / 8);
  for (size_t i = 0; i < values.size(); ++i) {
    uint64_t bits = 0;
    for (size_t b = 0; b < 8; ++b) {
      bits |= static_cast<uint64_t>(bytes[i * 8 + b]) << (8 * b);
    }
    values[i] = std::bit_cast<double>(bits);
  }
  return values;
}

ForecastModelVersion ReadVersion(Statement& row) {
  ForecastModelVersion version;
  version.id = row.Int64(0);
  version.store_id = core::StoreId(row.Text(1));
  version.data_from = core::FromEpochMs(row.Int64(2));
  version.data_to = core::FromEpochMs(row.Int64(3));
  version.model_name = row.Text(4);
  version.settings_json = row.Text(5);
  version.metrics_json = row.Text(6);
  version.score = row.IsNull(7) ? std::numeric_limits<double>::quiet_NaN() : row.Double(7);
  version.seconds = row.Double(8);
  version.created = core::FromEpochMs(row.Int64(9));
  version.champion = row.Int64(10) != 0;
  version.series_count = row.Int64(11);
  return version;
}

core::Status ValidateSave(const ForecastModelVersion& version,
                          const std::vector<StoredForecastSeries>& series) {
  if (version.store_id.empty()) {
    return core::Fail(core::ErrorCode::kInvalidArgument, "the store id is empty",
                      {{"store_id", "must not be empty"}});
  }
  std::set<std::pair<std::string, std::string>> seen;
  for (size_t i = 0; i < series.size(); ++i) {
    const auto& one = series[i];
    const std::string field = fmt::format("series[{}]", i);
    if (one.step.count() <= 0) {
      return core::Fail(core::ErrorCode::kInvalidArgument,
                        fmt::format("series '{}/{}' has a step of {} ms", one.department,
                                    one.metric, one.step.count()),
                        {{field + ".step", "must be positive"}});
    }
    for (size_t v = 0; v < one.values.size(); ++v) {
      if (!std::isfinite(one.values[v])) {
        return core::Fail(
            core::ErrorCode::kInvalidArgument,
            fmt::format("series '{}/{}' value {} is not finite", one.department, one.metric, v),
            {{fmt::format("{}.values[{}]", field, v), "must be finite"}});
      }
    }
    if (!seen.emplace(one.department, one.metric).second) {
      return core::Fail(core::ErrorCode::kInvalidArgument,
                        fmt::format("series '{}/{}' appears twice", one.department, one.metric),
                        {{field, "duplicate (department, metric)"}});
    }
  }
  return core::Ok();
}

// Reads one version by `sql` with `bind`; nullopt when no row.
template <class Bind>
core::Result<std::optional<ForecastModelVersion>> ReadOne(Connection& connection,
                                                          std::string_view sql, Bind&& bind) {
  std::optional<ForecastModelVersion> found;
  auto read =
      ForEachRow(connection, sql, std::forward<Bind>(bind), [&](Statement& row) -> core::Status {
        found = ReadVersion(row);
        return core::Ok();
      });
  if (!read) {
    return core::Fail(std::move(read.error()));
  }
  return found;
}

}  // namespace

core::Result<ForecastModelVersion> SqliteForecastRepository::SaveVersion(
    const ForecastModelVersion& version, const std::vector<StoredForecastSeries>& series) {
  const std::string context =
      fmt::format("saving a forecast model version of store '{}'", version.store_id.value());
  if (auto valid = ValidateSave(version, series); !valid) {
    return core::Fail(WithContext(std::move(valid.error()), context));
  }
  try {
    int64_t id = 0;
    auto saved = writer_.Submit([&](WriteContext& write) -> core::Status {
      auto next = write.Prepare(kNextId);
      if (!next) {
        return core::Fail(std::move(next.error()));
      }
      auto row = next->Step();
      if (!row) {
        return core::Fail(std::move(row.error()));
      }
      id = next->Int64(0);
      next->Reset();

      std::optional<double> champion_score;
      bool has_champion = false;
      auto champion = ForEachRow(
          write.connection(), kChampionScore,
          [&](Statement& statement) { statement.Bind(1, version.store_id.value()); },
          [&](Statement& found) -> core::Status {
            has_champion = true;
            champion_score =
                found.IsNull(1) ? std::numeric_limits<double>::quiet_NaN() : found.Double(1);
            return core::Ok();
          });
      if (!champion) {
        return champion;
      }
      const bool promote =
          !has_champion || storage::IsBetterForecastScore(version.score, *champion_score);

      auto insert = write.Prepare(kInsertVersion);
      if (!insert) {
        return core::Fail(std::move(insert.error()));
      }
      insert->Bind(1, id)
          .Bind(2, version.store_id.value())
          .Bind(3, core::ToEpochMs(version.data_from))
          .Bind(4, core::ToEpochMs(version.data_to))
          .Bind(5, version.model_name)
          .Bind(6, version.settings_json)
          .Bind(7, version.metrics_json);
      if (std::isfinite(version.score)) {
        insert->Bind(8, version.score);
      } else {
        insert->BindNull(8);
      }
      insert->Bind(9, version.seconds).Bind(10, core::ToEpochMs(version.created));
      if (auto ran = insert->Run(); !ran) {
        return ran;
      }
      for (const auto& one : series) {
        auto add = write.Prepare(kInsertSeries);
        if (!add) {
          return core::Fail(std::move(add.error()));
        }
        add->Bind(1, id)
            .Bind(2, std::string_view(one.department))
            .Bind(3, std::string_view(one.metric))
            .Bind(4, std::string_view(one.model_name))
            .Bind(5, core::ToEpochMs(one.start))
            .Bind(6, static_cast<int64_t>(one.step.count()))
            .BindBlob(7, EncodeValues(one.values))
            .Bind(8, std::string_view(one.params_json));
        if (auto ran = add->Run(); !ran) {
          return ran;
        }
      }
      if (promote) {
        auto clear = write.Prepare(kClearChampion);
        if (!clear) {
          return core::Fail(std::move(clear.error()));
        }
        if (auto ran = clear->Bind(1, version.store_id.value()).Run(); !ran) {
          return ran;
        }
        auto make = write.Prepare(kMakeChampion);
        if (!make) {
          return core::Fail(std::move(make.error()));
        }
        if (auto ran = make->Bind(1, id).Bind(2, version.store_id.value()).Run(); !ran) {
          return ran;
        }
      }
      return core::Ok();
    });
    if (!saved) {
      return core::Fail(WithContext(std::move(saved.error()), context));
    }
    return LoadVersion(id);
  } catch (const std::exception& error) {
    return core::Fail(InternalFromException(context, error.what()));
  }
}

core::Result<std::vector<ForecastModelVersion>> SqliteForecastRepository::ListVersions(
    const core::StoreId& store) {
  const std::string context =
      fmt::format("listing the forecast models of store '{}'", store.value());
  try {
    auto lease = readers_.Acquire();
    if (!lease) {
      return core::Fail(WithContext(std::move(lease.error()), context));
    }
    std::vector<ForecastModelVersion> versions;
    auto read = ForEachRow(
        **lease, kSelectByStore, [&](Statement& statement) { statement.Bind(1, store.value()); },
        [&](Statement& row) -> core::Status {
          versions.push_back(ReadVersion(row));
          return core::Ok();
        });
    if (!read) {
      return core::Fail(WithContext(std::move(read.error()), context));
    }
    return versions;
  } catch (const std::exception& error) {
    return core::Fail(InternalFromException(context, error.what()));
  }
}

core::Result<std::optional<ForecastModelVersion>> SqliteForecastRepository::Champion(
    const core::StoreId& store) {
  const std::string context =
      fmt::format("loading the forecast champion of store '{}'", store.value());
  try {
    auto lease = readers_.Acquire();
    if (!lease) {
      return core::Fail(WithContext(std::move(lease.error()), context));
    }
    auto found = ReadOne(**lease, kSelectChampion,
                         [&](Statement& statement) { statement.Bind(1, store.value()); });
    if (!found) {
      return core::Fail(WithContext(std::move(found.error()), context));
    }
    return *found;
  } catch (const std::exception& error) {
    return core::Fail(InternalFromException(context, error.what()));
  }
}

core::Result<ForecastModelVersion> SqliteForecastRepository::LoadVersion(int64_t id) {
  const std::string context = fmt::format("loading forecast model version {}", id);
  try {
    auto lease = readers_.Acquire();
    if (!lease) {
      return core::Fail(WithContext(std::move(lease.error()), context));
    }
    auto found =
        ReadOne(**lease, kSelectById, [&](Statement& statement) { statement.Bind(1, id); });
    if (!found) {
      return core::Fail(WithContext(std::move(found.error()), context));
    }
    if (!*found) {
      return core::Fail(core::ErrorCode::kNotFound,
                        fmt::format("forecast model version {} does not exist", id));
    }
    return std::move(**found);
  } catch (const std::exception& error) {
    return core::Fail(InternalFromException(context, error.what()));
  }
}

core::Result<StoredForecastSeries> SqliteForecastRepository::LoadSeries(int64_t version,
                                                                        std::string_view department,
                                                                        std::string_view metric) {
  const std::string context =
      fmt::format("loading forecast series '{}/{}' of version {}", department, metric, version);
  try {
    auto lease = readers_.Acquire();
    if (!lease) {
      return core::Fail(WithContext(std::move(lease.error()), context));
    }
    std::optional<StoredForecastSeries> found;
    core::Status decoded = core::Ok();
    auto read = ForEachRow(
        **lease, kSelectSeries,
        [&](Statement& statement) {
          statement.Bind(1, version).Bind(2, department).Bind(3, metric);
        },
        [&](Statement& row) -> core::Status {
          StoredForecastSeries one;
          one.department = std::string(department);
          one.metric = std::string(metric);
          one.model_name = row.Text(0);
          one.start = core::FromEpochMs(row.Int64(1));
          one.step = std::chrono::milliseconds(row.Int64(2));
          auto values = DecodeValues(row.Blob(3));
          if (!values) {
            return core::Fail(std::move(values.error()));
          }
          one.values = std::move(*values);
          one.params_json = row.Text(4);
          found = std::move(one);
          return core::Ok();
        });
    if (!read) {
      return core::Fail(WithContext(std::move(read.error()), context));
    }
    if (!found) {
      return core::Fail(core::ErrorCode::kNotFound,
                        fmt::format("forecast model version {} has no series '{}/{}'", version,
                                    department, metric));
    }
    return std::move(*found);
  } catch (const std::exception& error) {
    return core::Fail(InternalFromException(context, error.what()));
  }
}

core::Result<ForecastModelVersion> SqliteForecastRepository::SetChampion(const core::StoreId& store,
                                                                         int64_t version) {
  const std::string context = fmt::format(
      "making forecast model version {} the champion of store '{}'", version, store.value());
  try {
    bool exists = false;
    auto done = writer_.Submit([&](WriteContext& write) -> core::Status {
      auto check = ForEachRow(
          write.connection(), kVersionOfStore,
          [&](Statement& statement) { statement.Bind(1, version).Bind(2, store.value()); },
          [&](Statement&) -> core::Status {
            exists = true;
            return core::Ok();
          });
      if (!check || !exists) {
        return check;
      }
      auto clear = write.Prepare(kClearChampion);
      if (!clear) {
        return core::Fail(std::move(clear.error()));
      }
      if (auto ran = clear->Bind(1, store.value()).Run(); !ran) {
        return ran;
      }
      auto make = write.Prepare(kMakeChampion);
      if (!make) {
        return core::Fail(std::move(make.error()));
      }
      return make->Bind(1, version).Bind(2, store.value()).Run();
    });
    if (!done) {
      return core::Fail(WithContext(std::move(done.error()), context));
    }
    if (!exists) {
      return core::Fail(
          core::ErrorCode::kNotFound,
          fmt::format("store '{}' has no forecast model version {}", store.value(), version));
    }
    return LoadVersion(version);
  } catch (const std::exception& error) {
    return core::Fail(InternalFromException(context, error.what()));
  }
}

core::Result<int64_t> SqliteForecastRepository::PruneVersions(const core::StoreId& store,
                                                              int64_t keep) {
  if (keep < 1) {
    return core::Fail(core::ErrorCode::kInvalidArgument,
                      fmt::format("keep must be at least 1, got {}", keep),
                      {{"keep", "must be at least 1"}});
  }
  const std::string context =
      fmt::format("pruning the forecast model versions of store '{}'", store.value());
  try {
    int64_t deleted = 0;
    auto done = writer_.Submit([&](WriteContext& write) -> core::Status {
      auto prune = write.Prepare(kPruneVersions);
      if (!prune) {
        return core::Fail(std::move(prune.error()));
      }
      if (auto ran = prune->Bind(1, store.value()).Bind(2, keep).Run(); !ran) {
        return ran;
      }
      deleted = write.connection().Changes();
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
