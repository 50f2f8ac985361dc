// SPDX-License-Identifier: Apache-2.0
// Flags are read as text and parsed here rather than by CLI11's typed options, so that every bad
// value, missing flag or unknown argument exits with 2 and a message naming the flag (CLI11's own
// parse errors use other exit codes).
#include "staffing_commands.hpp"

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "storeops/staffing/queueing.hpp"

#include "roster_commands.hpp"
#include "standards_commands.hpp"
#include "tradeoff_commands.hpp"

namespace storeops::app {
namespace {

struct ErlangFlags {
  std::string calls;
  std::string interval_minutes;
  std::string aht_seconds;
  std::string target = "0.8";
  std::string within_seconds = "20";
  std::string shrinkage = "0";
  std::string patience_seconds;
  std::string format = "table";
};

// The library names fields after its structs; people typed flags.
std::string FlagFor(const std::string& field) {
  static const std::map<std::string, std::string> flag_names = {
      {"calls", "--calls"},
      {"interval_minutes", "--interval-minutes"},
      {"aht_seconds", "--aht-seconds"},
      {"service_level", "--target"},
      {"within_seconds", "--within-seconds"},
      {"shrinkage", "--shrinkage"},
      {"patience_seconds", "--patience-seconds"},
  };
  const auto it = flag_names.find(field);
  return it == flag_names.end() ? field : it->second;
}

int BadInput(const std::string& message) {
  std::fprintf(stderr, "storeops staffing erlang: %s\n", message.c_str());
  return 2;
}

// Empty on success; otherwise the message naming `flag`.
std::string ReadNumber(const char* flag, const std::string& text, double& value) {
  if (text.empty()) {
    return fmt::format("{} is required", flag);
  }
  const auto parsed = ParseFlagNumber(text);
  if (!parsed.has_value()) {
    return fmt::format("{} must be a number, not '{}'", flag, text);
  }
  value = *parsed;
  return {};
}

std::string Percent(double fraction) { return fmt::format("{:.1f}%", fraction * 100); }

std::string Seconds(double seconds) {
  return std::isfinite(seconds) ? fmt::format("{:.1f}", seconds) : std::string("inf");
}

void PrintTable(const staffing::QueueLoad& load, const staffing::ServiceTarget& target,
                const staffing::QueueMetrics& required, int rostered, double shrinkage,
                const std::vector<staffing::QueueMetrics>& rows) {
  const bool abandonment = load.patience_seconds.has_value();
  std::printf(
      "%s: %s calls per %s min, AHT %s s%s, offered load %.2f Erlangs\n",
      abandonment ? "Erlang A" : "Erlang C", fmt::format("{}", load.calls).c_str(),
      fmt::format("{}", load.interval_minutes).c_str(), fmt::format("{}", load.aht_seconds).c_str(),
      abandonment ? fmt::format(", mean patience {} s", *load.patience_seconds).c_str() : "",
      required.traffic_erlangs);
  std::printf("Target: %s answered within %s s\n", Percent(target.service_level).c_str(),
              fmt::format("{}", target.within_seconds).c_str());
  std::printf("Required: %d agents (%d rostered at %s shrinkage)\n", required.agents, rostered,
              Percent(shrinkage).c_str());
  std::printf(
      "  service level %s, waiting probability %s, average wait %s s, occupancy %s%s\n\n",
      Percent(required.service_level).c_str(), Percent(required.waiting_probability).c_str(),
      Seconds(required.average_wait_seconds).c_str(), Percent(required.occupancy).c_str(),
      abandonment ? fmt::format(", abandonment {}", Percent(required.abandonment)).c_str() : "");
  std::printf("%7s %14s %12s %13s %10s%s\n", "agents", "service level", "P(wait)", "avg wait (s)",
              "occupancy", abandonment ? "  abandonment" : "");
  for (const auto& row : rows) {
    std::printf("%7d %14s %12s %13s %10s%s%s\n", row.agents, Percent(row.service_level).c_str(),
                Percent(row.waiting_probability).c_str(), Seconds(row.average_wait_seconds).c_str(),
                Percent(row.occupancy).c_str(),
                abandonment ? fmt::format(" {:>12}", Percent(row.abandonment)).c_str() : "",
                row.agents == required.agents ? "  <- required" : "");
  }
}

int RunErlang(const ErlangFlags& flags, const std::vector<std::string>& extras) {
  if (!extras.empty()) {
    return BadInput("unknown argument '" + extras.front() + "'");
  }
  if (flags.format != "table" && flags.format != "json") {
    return BadInput("--format must be 'table' or 'json', not '" + flags.format + "'");
  }

  // Each flag in turn, so the first bad one is the one named.
  staffing::QueueLoad load;
  staffing::ServiceTarget target;
  double shrinkage = 0;
  const std::vector<std::tuple<const char*, const std::string*, double*>> numbers = {
      {"--calls", &flags.calls, &load.calls},
      {"--interval-minutes", &flags.interval_minutes, &load.interval_minutes},
      {"--aht-seconds", &flags.aht_seconds, &load.aht_seconds},
      {"--target", &flags.target, &target.service_level},
      {"--within-seconds", &flags.within_seconds, &target.within_seconds},
      {"--shrinkage", &flags.shrinkage, &shrinkage},
  };
  for (const auto& [flag, text, value] : numbers) {
    if (auto problem = ReadNumber(flag, *text, *value); !problem.empty()) {
      return BadInput(problem);
    }
  }
  if (!flags.patience_seconds.empty()) {
    double patience = 0;
    if (auto problem = ReadNumber("--patience-seconds", flags.patience_seconds, patience);
        !problem.empty()) {
      return BadInput(problem);
    }
    load.patience_seconds = patience;
  }

  auto report = [](const core::Error& error) {
    if (error.code != core::ErrorCode::kInvalidArgument) {
      std::fprintf(stderr, "storeops staffing erlang: %s\n", error.message.c_str());
      return 1;
    }
    for (const auto& detail : error.details) {
      std::fprintf(stderr, "storeops staffing erlang: %s %s\n", FlagFor(detail.field).c_str(),
                   detail.reason.c_str());
    }
    return 2;
  };
  auto required = staffing::RequiredAgents(load, target);
  if (!required) {
    return report(required.error());
  }
  auto rostered = staffing::RosteredStaff(required->agents, shrinkage);
  if (!rostered) {
    return report(rostered.error());
  }
  if (flags.format == "json") {
    std::string json = fmt::format(
        R"({{"agents":{},"rostered":{},"service_level":{},"waiting_probability":{},)"
        R"("average_wait_seconds":{},"occupancy":{})",
        required->agents, *rostered, required->service_level, required->waiting_probability,
        required->average_wait_seconds, required->occupancy);
    if (load.patience_seconds) {
      json += fmt::format(R"(,"abandonment":{})", required->abandonment);
    }
    json += "}\n";
    std::fputs(json.c_str(), stdout);
    return 0;
  }
  auto table = staffing::TradeOffTable(load, target, 3);
  if (!table) {
    return report(table.error());
  }
  PrintTable(load, target, *required, *rostered, shrinkage, *table);
  return 0;
}

}  // namespace

std::optional<double> ParseFlagNumber(const std::string& text) {
  if (text.empty()) {
    return std::nullopt;
  }
  errno = 0;
  char* end = nullptr;
  const double value = std::strtod(text.c_str(), &end);
  if (errno != 0 || end != text.c_str() + text.size() || !std::isfinite(value)) {
    return std::nullopt;
  }
  return value;
}

void AddStaffingCommands(CLI::App& cli, int& exit_code) {
  auto* staffing =
      cli.add_subcommand("staffing", "Staffing calculations (queueing, requirements, rosters)");
  staffing->require_subcommand(1);

  AddRosterCommands(*staffing, exit_code);
  AddTradeoffCommand(*staffing, exit_code);
  AddStandardsCommands(*staffing, exit_code);

  auto flags = std::make_shared<ErlangFlags>();
  auto* erlang = staffing->add_subcommand(
      "erlang", "Agents needed for a service-level target (Erlang C; Erlang A with patience)");
  erlang->allow_extras();
  erlang->add_option("--calls", flags->calls, "arrivals per interval");
  erlang->add_option("--interval-minutes", flags->interval_minutes, "interval length in minutes");
  erlang->add_option("--aht-seconds", flags->aht_seconds, "average handling time in seconds");
  erlang->add_option("--target", flags->target, "service-level target, in (0, 1)")
      ->capture_default_str();
  erlang->add_option("--within-seconds", flags->within_seconds, "answer-time threshold, seconds")
      ->capture_default_str();
  erlang->add_option("--shrinkage", flags->shrinkage, "share of paid time lost, in [0, 1)")
      ->capture_default_str();
  erlang->add_option("--patience-seconds", flags->patience_seconds,
                     "mean patience before abandoning; switches to Erlang A");
  erlang->add_option("--format", flags->format, "table or json")->capture_default_str();
  erlang->callback([erlang, flags, &exit_code] {
    try {
      exit_code = RunErlang(*flags, erlang->remaining());
    } catch (const std::exception& e) {
      std::fprintf(stderr, "storeops staffing erlang: %s\n", e.what());
      exit_code = 1;
    }
  });
}

}  // namespace storeops::app
