// SPDX-License-Identifier: Apache-2.0
#include "retention_commands.hpp"

#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>
#include <utility>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "storeops/privacy/keys.hpp"
#include "storeops/storage_sqlite/sqlite_database.hpp"

#include "terminal.hpp"

namespace storeops::app {
namespace {

// "now", "now+49h", "now-30m", "now+2d" or an RFC 3339 instant. The relative forms exist so a test
// (or an operator rehearsing) can move the job's clock without computing timestamps.
core::Result<core::Timestamp> ParseAsOf(const std::string& text, core::Timestamp now) {
  const auto bad = [&text] {
    return core::Fail(core::ErrorCode::kInvalidArgument,
                      fmt::format("--as-of '{}' must be RFC 3339 or now[+-]N(m|h|d)", text),
                      {{"--as-of", "not a time"}});
  };
  if (!text.starts_with("now")) {
    auto parsed = core::ParseRfc3339(text);
    if (!parsed) {
      return bad();
    }
    return *parsed;
  }
  if (text == "now") {
    return now;
  }
  if (text.size() < 6 || (text[3] != '+' && text[3] != '-')) {
    return bad();
  }
  int64_t amount = 0;
  const char* begin = text.data() + 4;
  const char* unit = text.data() + text.size() - 1;
  const auto [end, ec] = std::from_chars(begin, unit, amount);
  if (ec != std::errc() || end != unit || amount < 0 || amount > 100'000) {
    return bad();
  }
  std::chrono::milliseconds offset{0};
  switch (*unit) {
    case 'm':
      offset = std::chrono::minutes(amount);
      break;
    case 'h':
      offset = std::chrono::hours(amount);
      break;
    case 'd':
      offset = std::chrono::days(amount);
      break;
    default:
      return bad();
  }
  return text[3] == '+' ? now + offset : now - offset;
}

std::string FormatDay(std::chrono::sys_days day) {
  return core::FormatRfc3339(core::Timestamp(day)).substr(0, 10);
}

std::string SummaryText(const service::RetentionSummary& summary,
                        const service::RetentionOptions& options) {
  return fmt::format(
      "retention as of {} (raw window {} h, cutoff {})\n"
      "hours rolled up:      {} ({} aggregate rows)\n"
      "raw events deleted:   {} ({} delete transactions)\n"
      "dead letters deleted: {}\n"
      "day keys destroyed:   {} (no key before {} remains)\n",
      core::FormatRfc3339(summary.as_of), options.raw_window.count(),
      core::FormatRfc3339(summary.cutoff), summary.hours_rolled_up, summary.aggregate_rows,
      summary.events_deleted, summary.delete_chunks, summary.dead_letters_deleted,
      summary.keys_destroyed, FormatDay(summary.keys_destroyed_before));
}

std::string SummaryJson(const service::RetentionSummary& summary,
                        const service::RetentionOptions& options) {
  return fmt::format(
      R"({{"as_of":"{}","raw_window_hours":{},"cutoff":"{}","hours_rolled_up":{},)"
      R"("aggregate_rows":{},"events_deleted":{},"delete_transactions":{},)"
      R"("dead_letters_deleted":{},"keys_destroyed":{},"keys_destroyed_before":"{}"}})"
      "\n",
      core::FormatRfc3339(summary.as_of), options.raw_window.count(),
      core::FormatRfc3339(summary.cutoff), summary.hours_rolled_up, summary.aggregate_rows,
      summary.events_deleted, summary.delete_chunks, summary.dead_letters_deleted,
      summary.keys_destroyed, FormatDay(summary.keys_destroyed_before));
}

struct RetentionArgs {
  ConfigFlags flags;
  std::string as_of = "now";
  std::string format = "table";
};

int RunRetention(const RetentionArgs& args) {
  auto config = args.flags.Resolve(Config{});
  if (!config) {
    PrintError(config.error());
    return 2;
  }
  const core::SystemClock clock;
  auto as_of = ParseAsOf(args.as_of, clock.Now());
  if (!as_of) {
    PrintError(as_of.error());
    return 2;
  }
  auto database = storage_sqlite::OpenDatabase({.path = config->db});
  if (!database) {
    PrintError(database.error());
    return ExitCodeFor(database.error());
  }
  // The server is expected to be stopped (or to run its own schedule): only stored keys are
  // destroyed here, so no master key is needed.
  const service::RetentionOptions options = RetentionOptionsFrom(*config);
  service::RetentionJob job(**database, options);
  auto summary = job.Run(*as_of);
  auto closed = (*database)->Close();
  if (!summary) {
    PrintError(summary.error());
    return ExitCodeFor(summary.error());
  }
  if (!closed) {
    PrintError(closed.error());
    return 1;
  }
  const std::string text =
      args.format == "json" ? SummaryJson(*summary, options) : SummaryText(*summary, options);
  std::fputs(text.c_str(), stdout);
  return 0;
}

}  // namespace

void AddMaintenanceCommands(CLI::App& cli, int& exit_code) {
  auto* maintenance = cli.add_subcommand("maintenance", "Database maintenance jobs");
  maintenance->require_subcommand(1);
  auto* retention = maintenance->add_subcommand(
      "retention",
      "Roll raw events up into hourly aggregates, then delete raw events and day keys older "
      "than retention.raw_hours (what serve runs every retention.interval_minutes)");
  auto args = std::make_shared<RetentionArgs>();
  args->flags.AddTo(*retention);
  retention
      ->add_option("--as-of", args->as_of,
                   "run as if it were this time: RFC 3339 or now[+-]N(m|h|d), e.g. now+49h")
      ->capture_default_str();
  retention->add_option("--format", args->format, "table or json")
      ->check(CLI::IsMember({"table", "json"}))
      ->capture_default_str();
  retention->callback([args, &exit_code] { exit_code = RunRetention(*args); });
}

core::Result<std::unique_ptr<service::KeyVault>> OpenKeyVault(const Config& config,
                                                              storage::Database& db) {
  core::Result<privacy::SecretBytes> master = core::Fail(core::ErrorCode::kInternal, "unset");
  if (const char* env = std::getenv("STOREOPS_MASTER_KEY"); env != nullptr && *env != '\0') {
    master = privacy::MasterKeyFromEnvironment(env);
  } else {
    std::filesystem::path path = config.master_key_file;
    if (path.empty()) {
      path = std::filesystem::path(config.db).parent_path() / "master.key";
    }
    master = privacy::LoadOrCreateMasterKey(path);
  }
  if (!master) {
    return core::Fail(std::move(master.error()));
  }
  return service::KeyVault::Open(db.keys(), *master);
}

service::RetentionOptions RetentionOptionsFrom(const Config& config) {
  service::RetentionOptions options;
  options.raw_window = std::chrono::hours(config.retention_raw_hours);
  return options;
}

RetentionScheduler::RetentionScheduler(storage::Database& db, service::RetentionOptions options,
                                       service::KeyVault* vault, const core::Clock& clock,
                                       std::chrono::minutes interval)
    : job_(db, std::move(options), vault), clock_(clock), interval_(interval) {}

RetentionScheduler::~RetentionScheduler() { Stop(); }

void RetentionScheduler::Start() {
  if (interval_.count() <= 0 || thread_.joinable()) {
    return;
  }
  thread_ = std::thread([this] { Loop(); });
}

void RetentionScheduler::Stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) {
    thread_.join();
  }
}

void RetentionScheduler::Loop() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    lock.unlock();
    // Runs off the lock so Stop() can be asked meanwhile; it then waits for this run to end.
    auto summary = job_.Run(clock_.Now());
    if (!summary) {
      spdlog::error("retention job failed: {}", summary.error().message);
    } else if (summary->hours_rolled_up + summary->events_deleted + summary->dead_letters_deleted +
                   summary->keys_destroyed >
               0) {
      spdlog::info(
          "retention: {} hours rolled up, {} raw events and {} dead letters deleted, {} day keys "
          "destroyed (cutoff {})",
          summary->hours_rolled_up, summary->events_deleted, summary->dead_letters_deleted,
          summary->keys_destroyed, core::FormatRfc3339(summary->cutoff));
    }
    lock.lock();
    wake_.wait_for(lock, interval_, [this] { return stopping_; });
  }
}

}  // namespace storeops::app
