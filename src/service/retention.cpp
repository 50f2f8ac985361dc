// SPDX-License-Identifier: Apache-2.0
#include "storeops/service/retention.hpp"

#include <algorithm>
#include <map>
#include <memory>
#include <span>
#include <utility>
#include <variant>
#include <vector>

#include <fmt/format.h>

#include "storeops/service/key_vault.hpp"

namespace storeops::service {
namespace {

using std::chrono::hours;

core::Timestamp TimeOf(const core::Event& event) {
  return std::visit([](const auto& e) { return e.ts; }, event);
}

void Append(storage::HourlyAggregates& into, storage::HourlyAggregates&& rows) {
  const auto move_all = [](auto& to, auto& from) {
    to.insert(to.end(), std::make_move_iterator(from.begin()), std::make_move_iterator(from.end()));
  };
  move_all(into.sales, rows.sales);
  move_all(into.footfall, rows.footfall);
  move_all(into.dwell, rows.dwell);
  move_all(into.transitions, rows.transitions);
  move_all(into.queues, rows.queues);
  move_all(into.baskets, rows.baskets);
}

core::Status CheckOptions(const RetentionOptions& options) {
  const auto needed = options.settle + hours(1) + options.rollup.lookback;
  if (options.raw_window < needed) {
    return core::Fail(
        core::ErrorCode::kInvalidArgument,
        fmt::format("the raw retention window ({} h) must cover the roll-up's settle time, one "
                    "hour and its look-back ({} min)",
                    options.raw_window.count(),
                    std::chrono::duration_cast<std::chrono::minutes>(needed).count()),
        {{"raw_window", "too short for the roll-up"}});
  }
  if (options.delete_chunk_rows < 1 || options.hours_per_batch < 1) {
    return core::Fail(core::ErrorCode::kInvalidArgument,
                      "delete_chunk_rows and hours_per_batch must be at least 1",
                      {{"delete_chunk_rows", "must be at least 1"}});
  }
  return core::Ok();
}

}  // namespace

RetentionJob::RetentionJob(storage::Database& db, RetentionOptions options, KeyVault* vault)
    : db_(db), options_(std::move(options)), vault_(vault) {}

core::Status RetentionJob::RollUp(core::Timestamp as_of, RetentionSummary& summary) {
  const core::Timestamp end = FloorHour(as_of - options_.settle);  // hours before it are complete
  auto spans = db_.events().EventSpans();
  if (!spans) {
    return core::Fail(std::move(spans.error()));
  }
  for (const storage::StoreEventSpan& span : *spans) {
    auto watermark = db_.aggregates().Watermark(span.store_id);
    if (!watermark) {
      return core::Fail(std::move(watermark.error()));
    }
    core::Timestamp hour = watermark->value_or(FloorHour(span.oldest));
    if (hour >= end) {
      continue;
    }
    // Sales go to departments through the definition as it is now; a store without one still
    // gets footfall, dwell, transitions (and sales under "unassigned").
    std::unique_ptr<core::Store> store;
    if (auto loaded = db_.stores().LoadStore(span.store_id); loaded) {
      store = std::make_unique<core::Store>(std::move(*loaded));
    } else if (loaded.error().code != core::ErrorCode::kNotFound) {
      return core::Fail(std::move(loaded.error()));
    }
    while (hour < end) {
      // Past the newest event nothing is left to roll up: move the watermark to `end` at once.
      if (hour > FloorHour(span.newest)) {
        if (auto saved = db_.aggregates().SaveRollup({}, {{span.store_id, end}}); !saved) {
          return saved;
        }
        summary.hours_rolled_up += (end - hour) / hours(1);
        break;
      }
      const core::Timestamp batch_end = std::min(end, hour + hours(options_.hours_per_batch));
      auto events = db_.events().LoadEvents(span.store_id, RollupWindowStart(hour, options_.rollup),
                                            RollupWindowEnd(batch_end - hours(1), options_.rollup));
      if (!events) {
        return core::Fail(std::move(events.error()));
      }
      storage::HourlyAggregates rows;
      for (core::Timestamp h = hour; h < batch_end; h += hours(1)) {
        // Only the events this hour's window needs (events are ordered by time).
        const auto first = std::lower_bound(
            events->begin(), events->end(), RollupWindowStart(h, options_.rollup),
            [](const core::Event& e, core::Timestamp ts) { return TimeOf(e) < ts; });
        const auto last = std::lower_bound(
            first, events->end(), RollupWindowEnd(h, options_.rollup),
            [](const core::Event& e, core::Timestamp ts) { return TimeOf(e) < ts; });
        Append(rows,
               ComputeHourlyRollup(span.store_id, store.get(),
                                   std::span<const core::Event>(first, last), h, options_.rollup));
        ++summary.hours_rolled_up;
      }
      summary.aggregate_rows += static_cast<int64_t>(rows.rows());
      if (auto saved = db_.aggregates().SaveRollup(rows, {{span.store_id, batch_end}}); !saved) {
        return saved;
      }
      hour = batch_end;
    }
  }
  return core::Ok();
}

core::Result<RetentionSummary> RetentionJob::Run(core::Timestamp as_of) {
  if (auto valid = CheckOptions(options_); !valid) {
    return core::Fail(std::move(valid.error()));
  }
  std::lock_guard lock(run_mutex_);
  RetentionSummary summary;
  summary.as_of = as_of;
  summary.cutoff = as_of - options_.raw_window;
  // A day's key goes once the whole day is older than the window: every event it tokenised has
  // then been deleted.
  summary.keys_destroyed_before = std::chrono::floor<std::chrono::days>(summary.cutoff);

  if (auto rolled = RollUp(as_of, summary); !rolled) {
    return core::Fail(std::move(rolled.error()));
  }
  while (true) {
    auto deleted = db_.events().DeleteEventsBefore(summary.cutoff, options_.delete_chunk_rows);
    if (!deleted) {
      return core::Fail(std::move(deleted.error()));
    }
    ++summary.delete_chunks;
    summary.events_deleted += deleted->events;
    summary.dead_letters_deleted += deleted->dead_letters;
    if (deleted->events < options_.delete_chunk_rows &&
        deleted->dead_letters < options_.delete_chunk_rows) {
      break;
    }
  }
  auto destroyed = vault_ != nullptr ? vault_->DestroyKeysBefore(summary.keys_destroyed_before)
                                     : db_.keys().DestroyKeysBefore(summary.keys_destroyed_before);
  if (!destroyed) {
    return core::Fail(std::move(destroyed.error()));
  }
  summary.keys_destroyed = *destroyed;
  if (summary.events_deleted + summary.dead_letters_deleted + summary.keys_destroyed > 0) {
    if (auto purged = db_.PurgeDeleted(); !purged) {
      return core::Fail(std::move(purged.error()));
    }
  }
  return summary;
}

}  // namespace storeops::service
