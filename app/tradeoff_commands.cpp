// SPDX-License-Identifier: Apache-2.0
// Flags are read as text and parsed here, so every bad value exits with 2 naming the flag.
#include "tradeoff_commands.hpp"

#include <cmath>
#include <cstdio>
#include <exception>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include "storeops/staffing/cost_wait.hpp"

#include "staffing_commands.hpp"

namespace storeops::app {
namespace {

constexpr const char* kName = "storeops staffing tradeoff";

struct TradeoffFlags {
  std::string arrivals_per_hour;
  std::string interval_minutes = "15";
  std::string aht_seconds = "150";
  std::string wage = "15";
  std::string shrinkage = "0.3";
  std::string min_lanes = "1";
  std::string max_lanes = "12";
  std::string target = "0.8";
  std::string within_seconds = "120";
  std::string format = "table";
};

int BadInput(const std::string& message) {
  std::fprintf(stderr, "%s: %s\n", kName, message.c_str());
  return 2;
}

// The engine names fields after its structs ("intervals[3].arrivals"); people typed flags.
std::string FlagFor(std::string_view field) {
  const size_t dot = field.rfind('.');
  const std::string_view leaf = dot == std::string_view::npos ? field : field.substr(dot + 1);
  const std::string where =
      field.starts_with("intervals[")
          ? fmt::format(" (interval {})", field.substr(10, field.find(']') - 10))
          : "";
  if (leaf == "arrivals") {
    return "--arrivals-per-hour" + where;
  }
  if (leaf == "wage_per_hour") {
    return "--wage";
  }
  if (leaf == "service_level") {
    return "--target";
  }
  std::string flag = "--" + std::string(leaf);
  for (char& c : flag) {
    c = c == '_' ? '-' : c;
  }
  return flag + where;
}

int Run(const TradeoffFlags& flags, const std::vector<std::string>& extras) {
  if (!extras.empty()) {
    return BadInput(fmt::format("unexpected argument '{}'", extras.front()));
  }
  if (flags.format != "table" && flags.format != "json") {
    return BadInput(fmt::format("--format must be table or json, not '{}'", flags.format));
  }

  struct Number {
    const char* flag;
    const std::string* text;
    double value = 0;
  };

  std::vector<Number> numbers = {{"--interval-minutes", &flags.interval_minutes},
                                 {"--aht-seconds", &flags.aht_seconds},
                                 {"--wage", &flags.wage},
                                 {"--shrinkage", &flags.shrinkage},
                                 {"--min-lanes", &flags.min_lanes},
                                 {"--max-lanes", &flags.max_lanes},
                                 {"--target", &flags.target},
                                 {"--within-seconds", &flags.within_seconds}};
  for (auto& number : numbers) {
    const auto parsed = ParseFlagNumber(*number.text);
    if (!parsed) {
      return BadInput(fmt::format("{} must be a number, not '{}'", number.flag, *number.text));
    }
    number.value = *parsed;
  }
  for (size_t i : {4U, 5U}) {
    if (numbers[i].value != std::floor(numbers[i].value) || std::abs(numbers[i].value) > 1e6) {
      return BadInput(fmt::format("{} must be a whole number", numbers[i].flag));
    }
  }
  if (flags.arrivals_per_hour.empty()) {
    return BadInput("--arrivals-per-hour is required (comma-separated rates, one per interval)");
  }
  staffing::CostWaitInput input;
  input.target.service_level = numbers[6].value;
  input.target.within_seconds = numbers[7].value;
  std::string_view rest = flags.arrivals_per_hour;
  while (true) {
    const size_t comma = rest.find(',');
    const std::string part(rest.substr(0, comma));
    const auto rate = ParseFlagNumber(part);
    if (!rate) {
      return BadInput(
          fmt::format("--arrivals-per-hour must be comma-separated numbers, not '{}'", part));
    }
    staffing::CostWaitInterval interval;
    interval.interval_minutes = numbers[0].value;
    interval.arrivals = *rate * numbers[0].value / 60.0;
    interval.aht_seconds = numbers[1].value;
    interval.wage_per_hour = numbers[2].value;
    interval.shrinkage = numbers[3].value;
    interval.min_lanes = static_cast<int>(numbers[4].value);
    interval.max_lanes = static_cast<int>(numbers[5].value);
    input.intervals.push_back(interval);
    if (comma == std::string_view::npos) {
      break;
    }
    rest.remove_prefix(comma + 1);
  }
  auto front = staffing::CostWaitFront(input);
  if (!front) {
    for (const auto& detail : front.error().details) {
      std::fprintf(stderr, "%s: %s %s\n", kName, FlagFor(detail.field).c_str(),
                   detail.reason.c_str());
    }
    if (front.error().details.empty()) {
      std::fprintf(stderr, "%s: %s\n", kName, front.error().message.c_str());
    }
    return front.error().code == core::ErrorCode::kFailedPrecondition ? 3 : 2;
  }
  if (flags.format == "json") {
    nlohmann::ordered_json points = nlohmann::ordered_json::array();
    for (const auto& point : front->points) {
      points.push_back({{"labour_hours", point.labour_hours},
                        {"labour_cost", point.labour_cost},
                        {"average_wait_seconds", point.average_wait_seconds},
                        {"worst_wait_seconds", point.worst_wait_seconds},
                        {"service_level", point.service_level},
                        {"meets_target", point.meets_target},
                        {"lanes", point.lanes}});
    }
    const nlohmann::ordered_json body = {
        {"points", std::move(points)},
        {"recommended_index", front->recommended ? nlohmann::ordered_json(*front->recommended)
                                                 : nlohmann::ordered_json(nullptr)},
        {"traced_points", front->traced_points}};
    std::printf("%s\n", body.dump().c_str());
    return 0;
  }
  std::printf("%-3s %12s %12s %10s %10s %8s  %s\n", "", "paid hours", "labour cost", "mean wait",
              "worst wait", "SL", "lanes per interval");
  for (size_t k = 0; k < front->points.size(); ++k) {
    const auto& point = front->points[k];
    std::printf("%-3s %12.2f %12.2f %9.1fs %9.1fs %7.1f%%  %s\n",
                front->recommended == k ? "*" : "", point.labour_hours, point.labour_cost,
                point.average_wait_seconds, point.worst_wait_seconds, point.service_level * 100,
                fmt::format("{}", fmt::join(point.lanes, " ")).c_str());
  }
  std::printf("%zu Pareto points (of %zu traced); * = cheapest meeting %.0f%% within %s s\n",
              front->points.size(), front->traced_points, input.target.service_level * 100,
              fmt::format("{}", input.target.within_seconds).c_str());
  return 0;
}

}  // namespace

void AddTradeoffCommand(CLI::App& staffing, int& exit_code) {
  auto flags = std::make_shared<TradeoffFlags>();
  auto* command = staffing.add_subcommand(
      "tradeoff", "Pareto front of labour cost against expected queue wait (Erlang C)");
  command->allow_extras();
  command->add_option("--arrivals-per-hour", flags->arrivals_per_hour,
                      "comma-separated arrival rates, one per interval");
  command->add_option("--interval-minutes", flags->interval_minutes, "interval length")
      ->capture_default_str();
  command->add_option("--aht-seconds", flags->aht_seconds, "average handling time")
      ->capture_default_str();
  command->add_option("--wage", flags->wage, "cost of one paid staff-hour")->capture_default_str();
  command->add_option("--shrinkage", flags->shrinkage, "share of paid time off the floor")
      ->capture_default_str();
  command->add_option("--min-lanes", flags->min_lanes, "lanes open whatever the demand")
      ->capture_default_str();
  command->add_option("--max-lanes", flags->max_lanes, "lanes that can be open")
      ->capture_default_str();
  command->add_option("--target", flags->target, "service-level target, in (0, 1)")
      ->capture_default_str();
  command->add_option("--within-seconds", flags->within_seconds, "answer-time threshold")
      ->capture_default_str();
  command->add_option("--format", flags->format, "table or json")->capture_default_str();
  command->callback([command, flags, &exit_code] {
    try {
      exit_code = Run(*flags, command->remaining());
    } catch (const std::exception& e) {
      std::fprintf(stderr, "%s: %s\n", kName, e.what());
      exit_code = 1;
    }
  });
}

}  // namespace storeops::app
