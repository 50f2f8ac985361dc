// SPDX-License-Identifier: Apache-2.0
// `storeops demo`: the server starts at once; beside it two threads feed simulated events
// in-process into the server's own ingest pipeline:
//  - live: simulates the current local day (from midnight, so the day's sales so far are there)
//    up to the demo clock's now, then keeps up with it (real time, or --speed N times faster);
//    accepted events reach the live state and the stream through the ingest observer;
//  - history: once the live feed has caught up, simulates the --history-days days before today
//    fast-forward through a second IngestService over the same storage and key vault (no observer,
//    so months-old events never reach the live state), running the retention job after each
//    day with as_of = the simulated end of that day: roll-ups are computed and raw events older
//    than 48 h deleted exactly as in production. The periodic retention scheduler starts after it.
// Every simulated day is its own Simulation seeded from (--seed, date), so a day's events are the
// same whichever run makes them: a restart skips days already rolled up and resumes a day after
// its newest stored event.
//
// Why not the HTTP path's rules: DecodeEvents refuses timestamps more than 5 minutes ahead of the
// system clock (a --speed demo runs ahead) and IngestDecoded takes already-typed events, so the
// demo never encodes to JSON. What does refuse old events is the key vault (presence of a day
// whose key the retention job destroyed) and the roll-up watermark (events for an hour already
// rolled up are not added to it): hence the history goes oldest day first, with retention on
// simulated time, and the wall-clock scheduler starts only after it.
#include "demo_commands.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstdio>
#include <exception>
#include <limits>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <variant>
#include <vector>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "storeops/core/time.hpp"
#include "storeops/ingest/event_codec.hpp"
#include "storeops/service/ingest_service.hpp"
#include "storeops/service/key_vault.hpp"
#include "storeops/service/retention.hpp"
#include "storeops/service/staffing_service.hpp"
#include "storeops/sim/scenario.hpp"
#include "storeops/sim/simulator.hpp"
#include "storeops/store_definition/store_json.hpp"

#include "retention_commands.hpp"
#include "standards_commands.hpp"
#include "terminal.hpp"

namespace storeops::app {
namespace {

using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::steady_clock;

constexpr core::Timestamp kDawn = core::FromEpochMs(std::numeric_limits<int64_t>::min());
constexpr milliseconds kLiveTick{200};           // real time between live steps
constexpr milliseconds kLiveChunk = minutes(5);  // simulated time per live ingest batch
constexpr milliseconds kHistoryChunk = minutes(30);

/// Simulated time: `start` at construction, then `speed` simulated seconds per real second.
class DemoClock final : public core::Clock {
 public:
  DemoClock(core::Timestamp start, double speed)
      : start_(start), speed_(speed), anchor_(steady_clock::now()) {}

  [[nodiscard]] core::Timestamp Now() const override {
    const std::chrono::duration<double, std::milli> real = steady_clock::now() - anchor_;
    return start_ + milliseconds(static_cast<int64_t>(real.count() * speed_));
  }

 private:
  core::Timestamp start_;
  double speed_;
  steady_clock::time_point anchor_;
};

struct DemoSetup {
  core::Store store;
  sim::Scenario scenario;
  sim::BasketModel model;
  core::StoreCalendar calendar;
  DemoArgs args;
  double checkout_aht_seconds = 0;  ///< See MeanAssistedServiceSeconds.
};

// splitmix64 of (seed, day): every date gets its own stream, the same in every run.
uint64_t DaySeed(uint64_t seed, std::chrono::sys_days day) {
  uint64_t z = seed + 0x9E3779B97F4A7C15ULL *
                          (static_cast<uint64_t>(day.time_since_epoch().count()) + 0x632BE59BULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

std::chrono::sys_days LocalDay(const core::StoreCalendar& calendar, core::Timestamp ts) {
  const core::LocalDateTime local = calendar.ToLocal(ts);
  return std::chrono::sys_days{std::chrono::year{local.year} /
                               std::chrono::month{static_cast<unsigned>(local.month)} /
                               std::chrono::day{static_cast<unsigned>(local.day)}};
}

std::string LocalTime(const core::StoreCalendar& calendar, core::Timestamp ts) {
  const core::LocalDateTime l = calendar.ToLocal(ts);
  return fmt::format("{:04}-{:02}-{:02} {:02}:{:02}", l.year, l.month, l.day, l.hour, l.minute);
}

std::string DayName(std::chrono::sys_days day) {
  const std::chrono::year_month_day ymd{day};
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(ymd.year()),
                     static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
}

core::Result<sim::Simulation> DaySimulation(const DemoSetup& setup, std::chrono::sys_days day) {
  sim::Scenario scenario = setup.scenario;
  scenario.start_date = day;
  scenario.days = 1;
  return sim::Simulation::Create(setup.store, scenario, setup.model,
                                 {DaySeed(setup.args.seed, day), 0, true});
}

core::Timestamp TimeOf(const sim::SimEvent& event) {
  return std::visit([](const auto& e) { return e.ts; }, event);
}

// Simulated events as the decoder would have produced them from the wire (presence still raw:
// IngestDecoded tokenises it).
struct ToRaw {
  ingest::RawEvent operator()(sim::SimPresence&& p) const {
    return ingest::RawPresence{std::move(p.store_id), p.ts, std::move(p.device_id),
                               std::move(p.zone), p.rssi};
  }

  template <class T>
  ingest::RawEvent operator()(T&& event) const {
    return ingest::RawEvent(std::forward<T>(event));
  }
};

struct IngestCount {
  int64_t accepted = 0;
  int64_t rejected = 0;
};

// Ingests the events after `after`; a failure is logged (the demo goes on without that batch).
IngestCount IngestEvents(service::IngestService& ingest, std::vector<sim::SimEvent>& events,
                         core::Timestamp after, std::string_view source) {
  ingest::DecodedBatch batch;
  batch.events.reserve(events.size());
  for (auto& event : events) {
    if (TimeOf(event) <= after) {
      continue;
    }
    batch.events.push_back({batch.events.size(), std::visit(ToRaw{}, std::move(event))});
  }
  if (batch.events.empty()) {
    return {};
  }
  auto reply = ingest.IngestDecoded(std::move(batch), source);
  if (!reply) {
    spdlog::warn("demo: ingest failed ({}); events skipped", reply.error().message);
    return {};
  }
  if (!reply->rejected.empty()) {
    const auto& first = reply->rejected.front();
    spdlog::warn("demo: {} simulated events rejected, first: {} {}", reply->rejected.size(),
                 first.field, first.reason);
  }
  return {reply->accepted, static_cast<int64_t>(reply->rejected.size())};
}

// The newest stored raw event of the store in [from, to), if any.
core::Result<std::optional<core::Timestamp>> NewestStored(storage::EventRepository& events,
                                                          const core::StoreId& store,
                                                          core::Timestamp from,
                                                          core::Timestamp to) {
  auto loaded = events.LoadEvents(store, from, to);
  if (!loaded) {
    return core::Fail(loaded.error());
  }
  std::optional<core::Timestamp> newest;
  for (const auto& event : *loaded) {
    const core::Timestamp ts = std::visit([](const auto& e) { return e.ts; }, event);
    newest = newest ? std::max(*newest, ts) : ts;
  }
  return newest;
}

// The tills' handling time in the simulated store, for its checkout labour standard: the mean
// time the simulator takes to serve a basket at a staffed or express lane (CheckoutModel:
// staffed_base_seconds + staffed_per_unit_seconds x units, times a factor of mean 1) over the
// baskets of one simulated day that no self-checkout took. Measured rather than computed,
// because which baskets reach a cashier (self-checkout share and item limit) and how many units
// they hold come from the scenario and the basket model: about 68 s with the defaults (7.6
// units), where the 150 s default standard, a real supermarket's, staffs the demo's tills
// about twice over.
core::Result<double> MeanAssistedServiceSeconds(const DemoSetup& setup) {
  auto simulation = DaySimulation(setup, setup.scenario.start_date);
  if (!simulation) {
    return core::Fail(simulation.error());
  }
  const auto assisted = [&setup](const core::LaneId& lane) {
    return std::ranges::none_of(setup.store.lanes, [&lane](const core::CheckoutLane& known) {
      return known.id == lane && known.kind == core::LaneKind::kSelfCheckout;
    });
  };
  double baskets = 0;
  double units = 0;
  std::vector<sim::SimEvent> events;
  while (!simulation->Finished()) {
    events.clear();
    simulation->Advance(kHistoryChunk, &events);
    for (const auto& event : events) {
      const auto* basket = std::get_if<core::PosTransaction>(&event);
      if (basket == nullptr || !assisted(basket->lane)) {
        continue;
      }
      baskets += 1;
      for (const auto& line : basket->lines) {
        units += line.quantity;
      }
    }
  }
  if (baskets == 0) {
    return core::Fail(core::ErrorCode::kFailedPrecondition,
                      "the simulated day has no basket served at a staffed lane");
  }
  const sim::CheckoutModel& tills = setup.scenario.checkout;
  return tills.staffed_base_seconds + tills.staffed_per_unit_seconds * units / baskets;
}

// Gives the simulated store's tills their measured handling time, unless the store has labour
// standards of its own (set in an earlier run, or by hand: a restart keeps them).
void SetCheckoutStandard(IngestPipeline& pipeline, const DemoSetup& setup) {
  LocalStaffing staffing(*pipeline.database, *pipeline.catalog);
  auto current = staffing.service().GetLabourStandards(setup.store.id);
  if (current && current->from_store) {
    return;
  }
  service::LabourStandardsInput input;
  input.store_id = setup.store.id;
  service::DepartmentStandardInput tills;
  tills.department = std::string(service::kCheckoutDepartment);
  tills.aht_seconds = std::round(setup.checkout_aht_seconds);
  input.departments.push_back(std::move(tills));
  if (auto set = staffing.service().SetLabourStandards(input); !set) {
    spdlog::warn("demo: checkout labour standard not set: {}", set.error().message);
    return;
  }
  spdlog::info("demo: checkout labour standard {:.0f} s per basket (the simulated tills' mean)",
               std::round(setup.checkout_aht_seconds));
}

class DemoDriver final : public BackgroundTask {
 public:
  DemoDriver(IngestPipeline& pipeline, const Config& config, const DemoSetup& setup,
             const DemoClock& clock)
      : pipeline_(pipeline), config_(config), setup_(setup), clock_(clock) {
    live_thread_ = std::thread([this] { LiveLoop(); });
    history_thread_ = std::thread([this] { HistoryLoop(); });
  }

  ~DemoDriver() override {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_all();
    live_thread_.join();
    history_thread_.join();
    if (scheduler_) {
      scheduler_->Stop();
    }
  }

  DemoDriver(const DemoDriver&) = delete;
  DemoDriver& operator=(const DemoDriver&) = delete;

 private:
  bool Stopping() {
    std::lock_guard lock(mutex_);
    return stopping_;
  }

  // Sleeps up to `timeout` (less when stopping); false when stopping.
  bool Sleep(milliseconds timeout) {
    std::unique_lock lock(mutex_);
    wake_.wait_for(lock, timeout, [this] { return stopping_; });
    return !stopping_;
  }

  void LiveLoop();
  void HistoryLoop();
  void StartScheduler();

  IngestPipeline& pipeline_;
  const Config& config_;
  const DemoSetup& setup_;
  const DemoClock& clock_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  bool caught_up_ = false;
  std::chrono::sys_days today_{};
  std::unique_ptr<RetentionScheduler> scheduler_;
  std::thread live_thread_;
  std::thread history_thread_;
};

void DemoDriver::LiveLoop() {
  const auto started = steady_clock::now();
  const core::StoreId& store_id = setup_.store.id;
  std::optional<sim::Simulation> simulation;
  core::Timestamp skip_until = kDawn;
  std::optional<core::Timestamp> last_presence;
  std::vector<sim::SimEvent> events;
  int64_t accepted = 0;
  bool caught_up = false;
  while (!Stopping()) {
    const core::Timestamp target = clock_.Now();
    while (!Stopping()) {
      if (!simulation || simulation->Finished()) {
        const auto day = LocalDay(setup_.calendar, simulation ? simulation->End() : target);
        auto created = DaySimulation(setup_, day);
        if (!created) {
          spdlog::error("demo: cannot simulate {}: {}", DayName(day), created.error().message);
          return;
        }
        simulation.emplace(std::move(*created));
        auto newest = NewestStored(pipeline_.database->events(), store_id, simulation->Start(),
                                   simulation->End());
        if (!newest) {
          spdlog::error("demo: cannot read stored events: {}", newest.error().message);
          return;
        }
        skip_until = newest->value_or(kDawn);
        if (*newest) {
          spdlog::info("demo: {} already has events up to {}; resuming after them", DayName(day),
                       LocalTime(setup_.calendar, **newest));
        }
      }
      if (simulation->Now() >= target) {
        break;
      }
      events.clear();
      simulation->Advance(std::min<milliseconds>(target - simulation->Now(), kLiveChunk), &events);
      for (const auto& event : events) {
        if (std::holds_alternative<sim::SimPresence>(event)) {
          last_presence = std::max(last_presence.value_or(kDawn), TimeOf(event));
        }
      }
      accepted += IngestEvents(*pipeline_.ingest, events, skip_until, "demo").accepted;
    }
    if (!caught_up) {
      caught_up = true;
      const double seconds = std::chrono::duration<double>(steady_clock::now() - started).count();
      spdlog::info(
          "demo: live store running at {} local ({} events since local midnight in "
          "{:.1f} s, speed x{})",
          LocalTime(setup_.calendar, target), accepted, seconds, setup_.args.speed);
      if (!last_presence || target - *last_presence > minutes(10)) {
        spdlog::info(
            "demo: nobody is in the store at this hour; try --start-at 11:00 or --speed 60");
      }
      {
        std::lock_guard lock(mutex_);
        caught_up_ = true;
        today_ = LocalDay(setup_.calendar, target);
      }
      wake_.notify_all();
    }
    if (!Sleep(kLiveTick)) {
      return;
    }
  }
}

void DemoDriver::StartScheduler() {
  if (config_.retention_interval_minutes <= 0) {
    return;
  }
  // Scaled to the simulated clock, so a fast demo still rolls up and deletes as it goes.
  const auto interval = std::max<int64_t>(
      1, std::llround(static_cast<double>(config_.retention_interval_minutes) / setup_.args.speed));
  scheduler_ =
      std::make_unique<RetentionScheduler>(*pipeline_.database, RetentionOptionsFrom(config_),
                                           pipeline_.key_vault.get(), clock_, minutes(interval));
  scheduler_->Start();
}

void DemoDriver::HistoryLoop() {
  std::chrono::sys_days today;
  {
    std::unique_lock lock(mutex_);
    wake_.wait(lock, [this] { return stopping_ || caught_up_; });
    if (stopping_) {
      return;
    }
    today = today_;
  }
  const int days = setup_.args.history_days;
  if (days > 0) {
    storage::Database& db = *pipeline_.database;
    const core::StoreId& store_id = setup_.store.id;
    // A second way in over the same storage, catalog and key vault, with its own clock (dead
    // letters are dated in simulated time, so retention ages them with the rest) and no observer.
    core::ManualClock history_clock(clock_.Now());
    service::IngestService ingest(db.events(), *pipeline_.catalog,
                                  service::TokenisingPresenceFilter(*pipeline_.key_vault),
                                  history_clock);
    service::RetentionJob retention(db, RetentionOptionsFrom(config_), pipeline_.key_vault.get());
    spdlog::info("demo history: simulating {} days ({} .. {}) in the background", days,
                 DayName(today - std::chrono::days{days}), DayName(today - std::chrono::days{1}));
    const auto started = steady_clock::now();
    int64_t total_events = 0;
    int skipped = 0;
    std::vector<sim::SimEvent> events;
    for (int i = days; i >= 1; --i) {
      const std::chrono::sys_days day = today - std::chrono::days{i};
      auto simulation = DaySimulation(setup_, day);
      if (!simulation) {
        spdlog::error("demo history: cannot simulate {}: {}", DayName(day),
                      simulation.error().message);
        return;
      }
      // Raw events of the day (within 48 h, or an interrupted run): resume after the newest.
      // None but roll-ups: the day is done and its raw events are gone.
      auto newest = NewestStored(db.events(), store_id, simulation->Start(), simulation->End());
      if (!newest) {
        spdlog::error("demo history: cannot read stored events: {}", newest.error().message);
        return;
      }
      if (!*newest) {
        auto rolled =
            db.aggregates().LoadAggregates(store_id, simulation->Start(), simulation->End());
        if (!rolled) {
          spdlog::error("demo history: cannot read aggregates: {}", rolled.error().message);
          return;
        }
        if (!rolled->empty()) {
          ++skipped;
          continue;
        }
      }
      const core::Timestamp skip_until = newest->value_or(kDawn);
      const auto day_started = steady_clock::now();
      IngestCount count;
      while (!simulation->Finished()) {
        if (Stopping()) {
          return;
        }
        events.clear();
        simulation->Advance(kHistoryChunk, &events);
        history_clock.Set(simulation->Now());
        const IngestCount chunk = IngestEvents(ingest, events, skip_until, "demo:history");
        count.accepted += chunk.accepted;
        count.rejected += chunk.rejected;
      }
      auto summary = retention.Run(simulation->End());
      if (!summary) {
        spdlog::error("demo history: retention as of {} failed: {}",
                      DayName(day + std::chrono::days{1}), summary.error().message);
        return;
      }
      total_events += count.accepted;
      const double seconds =
          std::chrono::duration<double>(steady_clock::now() - day_started).count();
      spdlog::info(
          "demo history: {} ({}/{}): {} events in {:.1f} s ({:.0f}/s); retention rolled up {} "
          "store-hours, deleted {} raw events, destroyed {} day keys",
          DayName(day), days - i + 1, days, count.accepted, seconds,
          seconds > 0 ? static_cast<double>(count.accepted) / seconds : 0.0,
          summary->hours_rolled_up, summary->events_deleted, summary->keys_destroyed);
    }
    const double seconds = std::chrono::duration<double>(steady_clock::now() - started).count();
    spdlog::info(
        "demo history: done, {} days ({} already present), {} events in {:.1f} s ({:.0f} "
        "events/s)",
        days, skipped, total_events, seconds,
        seconds > 0 ? static_cast<double>(total_events) / seconds : 0.0);
  }
  StartScheduler();
}

core::Result<DemoSetup> LoadSetup(const DemoArgs& args) {
  auto store = store_definition::ReadStoreFile(args.store);
  if (!store) {
    core::Error error = store.error();
    if (error.code != core::ErrorCode::kNotFound) {
      error.message = fmt::format("{}: {}", args.store, error.message);
    }
    return core::Fail(std::move(error));
  }
  sim::Scenario scenario = sim::DefaultScenario();
  if (!args.scenario.empty()) {
    auto text = ReadTextFile(args.scenario);
    if (!text) {
      return core::Fail(core::ErrorCode::kNotFound, "cannot read scenario file " + args.scenario);
    }
    auto parsed = sim::ParseScenarioJson(*text);
    if (!parsed) {
      core::Error error = parsed.error();
      error.message = fmt::format("{}: {}", args.scenario, error.message);
      return core::Fail(std::move(error));
    }
    scenario = std::move(*parsed);
  }
  if (auto valid = sim::ValidateScenario(scenario, *store); !valid) {
    return core::Fail(valid.error());
  }
  auto model_text = ReadTextFile(args.basket_model);
  if (!model_text) {
    return core::Fail(core::ErrorCode::kNotFound,
                      "cannot read basket model " + args.basket_model +
                          " (run from the repository root or give --basket-model)");
  }
  auto model = sim::ParseBasketModelJson(*model_text);
  if (!model) {
    return core::Fail(model.error());
  }
  auto calendar = core::StoreCalendar::ForTimeZone(store->time_zone);
  if (!calendar) {
    return core::Fail(calendar.error());
  }
  DemoSetup setup{std::move(*store), std::move(scenario), std::move(*model), *calendar, args};
  auto aht = MeanAssistedServiceSeconds(setup);
  if (!aht) {
    return core::Fail(aht.error());
  }
  setup.checkout_aht_seconds = *aht;
  return setup;
}

// A store with shoppers in it: from an hour after opening to half an hour before closing.
bool IsBusy(const core::Store& store, const core::LocalDateTime& local) {
  const auto& hours = store.opening_hours[static_cast<size_t>(local.weekday)];
  return hours && local.MinuteOfDay() >= hours->open_minute + 60 &&
         local.MinuteOfDay() < hours->close_minute - 30;
}

// "now"; "auto": now while the store is busy, else 11:00 local today (a newcomer running
// `make demo` at night should still see a living store); or a local "HH:MM" of today.
core::Result<core::Timestamp> StartTime(std::string text, const core::Store& store,
                                        const core::StoreCalendar& calendar, core::Timestamp now) {
  if (text == "auto") {
    if (IsBusy(store, calendar.ToLocal(now))) {
      return now;
    }
    spdlog::info(
        "demo: the store is closed or quiet at this hour; the simulated clock starts at "
        "11:00 local (--start-at now to follow the real clock)");
    text = "11:00";
  }
  if (text == "now") {
    return now;
  }
  int hour = -1;
  int minute = -1;
  char tail = 0;
  if (text.size() != 5 || std::sscanf(text.c_str(), "%2d:%2d%c", &hour, &minute, &tail) != 2 ||
      hour < 0 || hour > 23 || minute < 0 || minute > 59) {
    return core::Fail(
        core::ErrorCode::kInvalidArgument,
        "--start-at must be \"auto\", \"now\" or a local time \"HH:MM\", got '" + text + "'",
        {{"start_at", "must be auto, now or HH:MM"}});
  }
  core::LocalDateTime local = calendar.ToLocal(now);
  local.hour = hour;
  local.minute = minute;
  local.second = 0;
  return calendar.ToUtc(local);
}

}  // namespace

void AddDemoFlags(CLI::App& demo, DemoArgs& args) {
  demo.add_option("--store", args.store, "store definition to load and simulate")
      ->capture_default_str();
  demo.add_option("--scenario", args.scenario,
                  "scenario JSON for the simulation (docs/SIMULATION.md); default scenario");
  demo.add_option("--basket-model", args.basket_model, "fitted basket model JSON")
      ->capture_default_str();
  demo.add_option("--speed", args.speed,
                  "simulated seconds per real second (60: a minute per second)")
      ->check(CLI::Range(0.01, 100000.0))
      ->capture_default_str();
  demo.add_option("--history-days", args.history_days,
                  "days of simulated history to backfill before today (0: none)")
      ->check(CLI::Range(0, 3650))
      ->capture_default_str();
  demo.add_option("--seed", args.seed, "random seed of the simulation")->capture_default_str();
  demo.add_option(
          "--start-at", args.start_at,
          "simulated clock start: auto (now while the store is busy, else 11:00), now, or a "
          "local time HH:MM of today")
      ->capture_default_str();
}

int RunDemo(const Config& config, ServeExtras extras, const DemoArgs& args) {
  auto setup = LoadSetup(args);
  if (!setup) {
    return ReportError(setup.error());
  }
  core::SystemClock wall;
  auto start = StartTime(args.start_at, setup->store, setup->calendar, wall.Now());
  if (!start) {
    return ReportError(start.error());
  }
  const DemoClock clock(*start, args.speed);
  extras.import_stores.push_back(args.store);
  extras.live_clock = &clock;
  extras.retention_scheduler = false;
  const DemoSetup& demo = *setup;
  extras.background = [&demo, &clock](IngestPipeline& pipeline,
                                      const Config& settings) -> std::unique_ptr<BackgroundTask> {
    SetCheckoutStandard(pipeline, demo);
    return std::make_unique<DemoDriver>(pipeline, settings, demo, clock);
  };
  return RunServe(config, extras);
}

}  // namespace storeops::app
