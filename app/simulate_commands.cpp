// SPDX-License-Identifier: Apache-2.0
// `storeops simulate --store FILE [--scenario FILE] [--compare FILE] [--days N] [--seed S]
// [--replications N] [--format table|json] [--basket-model FILE] [--events-out FILE.ndjson]`.
// The engine is pure; this file reads the files, prints KPIs and encodes simulated events to the
// NDJSON wire format of docs/EVENTS.md (presence with the raw device_id, as a controller sends).
#include "simulate_commands.hpp"

#include <cmath>
#include <cstdio>
#include <exception>
#include <fstream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <variant>
#include <vector>

#include <fmt/format.h>

#include "storeops/core/time.hpp"
#include "storeops/sim/report_json.hpp"
#include "storeops/sim/scenario.hpp"
#include "storeops/sim/simulator.hpp"
#include "storeops/store_definition/store_json.hpp"

#include "terminal.hpp"

namespace storeops::app {
namespace {

struct SimulateArgs {
  std::string store;
  std::string scenario;
  std::string compare;
  std::string basket_model = "data/sim/basket_model.json";
  std::optional<int> days;
  uint64_t seed = 1;
  int replications = 5;
  std::string format = "table";
  std::string events_out;
};

constexpr const char* kPrefix = "storeops simulate";

int ShowError(const core::Error& error, const std::string& file) {
  std::fprintf(stderr, "%s: %s%s\n", kPrefix, file.empty() ? "" : (file + ": ").c_str(),
               error.message.c_str());
  for (size_t i = 1; i < error.details.size() && i < 20; ++i) {
    std::fprintf(stderr, "%s:   %s %s\n", kPrefix, error.details[i].field.c_str(),
                 error.details[i].reason.c_str());
  }
  return ExitCodeFor(error);
}

core::Result<sim::Scenario> LoadScenario(const std::string& path) {
  if (path.empty()) {
    return sim::DefaultScenario();
  }
  auto text = ReadTextFile(path);
  if (!text) {
    return core::Fail(core::ErrorCode::kNotFound, "cannot read scenario file " + path);
  }
  return sim::ParseScenarioJson(*text);
}

std::string Num(double v) { return std::isfinite(v) ? fmt::format("{:.6g}", v) : "null"; }

std::string Interval(const sim::Estimate& e, int replications) {
  if (replications < 2) {
    return fmt::format("{:>14.2f}", e.mean);
  }
  return fmt::format("{:>14.2f} ± {:<12.2f}", e.mean, e.half_width);
}

std::string ReportTable(const sim::ScenarioReport& r) {
  std::string out =
      fmt::format("scenario '{}': {} day(s), {} replication(s){}\n\n", r.scenario, r.days,
                  r.replications, r.replications < 2 ? " (one run: no interval)" : ", 95% CI");
  out += fmt::format("{:<24}{:>14}\n", "KPI", "mean");
  for (const auto& [name, e] : r.kpis) {
    out += fmt::format("{:<24}{}\n", name, Interval(e, r.replications));
  }
  out += fmt::format("\n{:<22}{:>12}{:>10}{:>14}\n", "zone", "footfall", "peak", "congested min");
  for (const auto& z : r.zones) {
    if (z.footfall.mean <= 0) {
      continue;
    }
    out += fmt::format("{:<22}{:>12.0f}{:>10.1f}{:>14.1f}\n", z.zone.value(), z.footfall.mean,
                       z.peak_occupancy.mean, z.congested_minutes.mean);
  }
  double total = 0;
  for (const auto& d : r.department_revenue) {
    total += d.second.mean;
  }
  out += fmt::format("\n{:<22}{:>14}{:>8}\n", "department", "revenue", "share");
  for (const auto& [id, e] : r.department_revenue) {
    if (e.mean <= 0) {
      continue;
    }
    out += fmt::format("{:<22}{:>14.2f}{:>7.1f}%\n", id.value(), e.mean,
                       total > 0 ? 100 * e.mean / total : 0.0);
  }
  return out;
}

std::string ComparisonTable(const sim::Comparison& c) {
  std::string out =
      fmt::format("A = '{}', B = '{}': {} day(s), {} replication(s), common random numbers\n\n",
                  c.a.scenario, c.b.scenario, c.a.days, c.a.replications);
  out += fmt::format("{:<24}{:>14}{:>14}{:>30}{:>9}\n", "KPI", "A", "B", "B - A (95% CI)", "B/A");
  for (size_t i = 0; i < c.difference.size(); ++i) {
    const double a = c.a.kpis[i].second.mean;
    const double b = c.b.kpis[i].second.mean;
    const auto& d = c.difference[i].second;
    out += fmt::format("{:<24}{:>14.2f}{:>14.2f}{:>30}{:>8.1f}%\n", c.difference[i].first, a, b,
                       fmt::format("{:.2f} ± {:.2f}", d.mean, d.half_width),
                       a != 0 ? 100 * (b - a) / a : 0.0);
  }
  return out;
}

// ---- NDJSON encoding of simulated events (docs/EVENTS.md) ----------------------------------

std::string Escape(const std::string& text) {
  std::string out;
  for (char ch : text) {
    if (ch == '"' || ch == '\\') {
      out += '\\';
      out += ch;
    } else if (static_cast<unsigned char>(ch) < 0x20) {
      out += fmt::format("\\u{:04x}", static_cast<unsigned>(ch));
    } else {
      out += ch;
    }
  }
  return out;
}

std::string Head(const char* type, const core::StoreId& store, core::Timestamp ts) {
  return fmt::format(R"({{"type":"{}","store_id":"{}","ts":"{}")", type, Escape(store.value()),
                     core::FormatRfc3339(ts));
}

struct Encoder {
  std::string operator()(const core::PosTransaction& e) const {
    std::string out =
        Head("pos.transaction", e.store_id, e.ts) +
        fmt::format(R"(,"basket_id":"{}","lane":"{}","tender":"{}","lines":[)", Escape(e.basket_id),
                    Escape(e.lane.value()), core::TenderName(e.tender));
    for (size_t i = 0; i < e.lines.size(); ++i) {
      const auto& l = e.lines[i];
      out += fmt::format(R"({}{{"sku":"{}","qty":{},"unit_price":{:.2f}}})", i == 0 ? "" : ",",
                         Escape(l.sku.value()), l.quantity, l.unit_price.ToDouble());
    }
    return out + "]}";
  }

  std::string operator()(const sim::SimPresence& e) const {
    return Head("presence", e.store_id, e.ts) +
           fmt::format(R"(,"device_id":"{}","zone":"{}","rssi":{}}})", Escape(e.device_id),
                       Escape(e.zone.value()), e.rssi);
  }

  std::string operator()(const core::CameraCount& e) const {
    return Head("camera.count", e.store_id, e.ts) +
           fmt::format(R"(,"camera":"{}","zone":"{}","people":{},"queue":{},"in":{},"out":{}}})",
                       Escape(e.camera.value()), Escape(e.zone.value()), e.people, e.queue,
                       e.crossed_in, e.crossed_out);
  }

  std::string operator()(const core::InventorySnapshot& e) const {
    return Head("inventory.snapshot", e.store_id, e.ts) +
           fmt::format(R"(,"sku":"{}","on_hand":{},"on_shelf":{}}})", Escape(e.sku.value()),
                       e.on_hand, e.on_shelf);
  }

  std::string operator()(const core::WeatherObservation& e) const {
    return Head("weather", e.store_id, e.ts) +
           fmt::format(R"(,"temp_c":{},"precip_mm":{},"condition":"{}"}})", Num(e.temperature_c),
                       Num(e.precipitation_mm), Escape(e.condition));
  }

  std::string operator()(const core::StaffClock& e) const {
    return Head("staff.clock", e.store_id, e.ts) +
           fmt::format(R"(,"employee_id":"{}","action":"{}","department":"{}"}})",
                       Escape(e.employee_id.value()), core::ClockActionName(e.action),
                       Escape(e.department.value()));
  }
};

// Replication 0 of the scenario, an hour at a time, so memory stays flat however long it runs.
int WriteEvents(const core::Store& store, const sim::Scenario& scenario,
                const sim::BasketModel& model, const SimulateArgs& args) {
  auto simulation = sim::Simulation::Create(store, scenario, model, {args.seed, 0, true});
  if (!simulation) {
    return ShowError(simulation.error(), "");
  }
  std::FILE* file = std::fopen(args.events_out.c_str(), "wb");
  if (file == nullptr) {
    std::fprintf(stderr, "%s: cannot write %s\n", kPrefix, args.events_out.c_str());
    return 1;
  }
  std::vector<sim::SimEvent> events;
  size_t written = 0;
  std::string line;
  while (!simulation->Finished()) {
    events.clear();
    simulation->Advance(std::chrono::hours(1), &events);
    for (const auto& event : events) {
      line = std::visit(Encoder{}, event);
      line += '\n';
      std::fwrite(line.data(), 1, line.size(), file);
    }
    written += events.size();
  }
  const bool ok = std::fclose(file) == 0;
  if (!ok) {
    std::fprintf(stderr, "%s: cannot write %s\n", kPrefix, args.events_out.c_str());
    return 1;
  }
  std::fprintf(stderr, "%s: wrote %zu events to %s\n", kPrefix, written, args.events_out.c_str());
  return 0;
}

int RunSimulate(const SimulateArgs& args) {
  auto store = store_definition::ReadStoreFile(args.store);
  if (!store) {
    return ShowError(store.error(), args.store);
  }
  auto scenario = LoadScenario(args.scenario);
  if (!scenario) {
    return ShowError(scenario.error(), args.scenario);
  }
  const auto model_text = ReadTextFile(args.basket_model);
  if (!model_text) {
    std::fprintf(stderr,
                 "%s: cannot read basket model %s (run from the repository root or give "
                 "--basket-model)\n",
                 kPrefix, args.basket_model.c_str());
    return 2;
  }
  auto model = sim::ParseBasketModelJson(*model_text);
  if (!model) {
    return ShowError(model.error(), args.basket_model);
  }
  if (args.days) {
    scenario->days = *args.days;
  }
  if (auto valid = sim::ValidateScenario(*scenario, *store); !valid) {
    return ShowError(valid.error(), args.scenario);
  }
  if (!args.events_out.empty()) {
    if (int code = WriteEvents(*store, *scenario, *model, args); code != 0) {
      return code;
    }
  }
  ProgressBar bar("simulated days");
  sim::RunOptions options;
  options.seed = args.seed;
  options.replications = args.replications;
  options.progress = [&bar](int64_t done, int64_t total) {
    bar.Update(static_cast<size_t>(done), static_cast<size_t>(total));
  };
  std::string text;
  if (!args.compare.empty()) {
    auto b = LoadScenario(args.compare);
    if (!b) {
      return ShowError(b.error(), args.compare);
    }
    if (args.days) {
      b->days = *args.days;
    }
    if (b->days != scenario->days) {
      std::fprintf(stderr, "%s: the two scenarios simulate different numbers of days (%d, %d)\n",
                   kPrefix, scenario->days, b->days);
      return 2;
    }
    auto comparison = sim::CompareScenarios(*store, *scenario, *b, *model, options);
    if (!comparison) {
      return ShowError(comparison.error(), args.compare);
    }
    text = args.format == "json" ? sim::ComparisonJson(*comparison, args.seed) + "\n"
                                 : ComparisonTable(*comparison);
  } else {
    auto report = sim::RunScenario(*store, *scenario, *model, options);
    if (!report) {
      return ShowError(report.error(), args.scenario);
    }
    text = args.format == "json" ? sim::ScenarioReportJson(*report, args.seed) + "\n"
                                 : ReportTable(*report);
  }
  std::fputs(text.c_str(), stdout);
  return 0;
}

}  // namespace

void AddSimulateCommands(CLI::App& cli, int& exit_code) {
  auto* simulate = cli.add_subcommand(
      "simulate", "Simulate the store (digital twin) and print KPIs with confidence intervals");
  auto args = std::make_shared<SimulateArgs>();
  simulate->add_option("--store", args->store, "store definition JSON (docs/STORE_FORMAT.md)")
      ->required();
  simulate->add_option("--scenario", args->scenario,
                       "scenario JSON (docs/SIMULATION.md); default scenario when omitted");
  simulate->add_option("--compare", args->compare,
                       "second scenario: print B - A with common random numbers");
  simulate->add_option("--days", args->days, "days to simulate (overrides the scenario)")
      ->check(CLI::Range(1, 3660));
  simulate->add_option("--seed", args->seed, "random seed")->capture_default_str();
  simulate->add_option("--replications", args->replications, "independent replications")
      ->check(CLI::Range(1, 1000))
      ->capture_default_str();
  simulate->add_option("--format", args->format, "table or json")
      ->check(CLI::IsMember({"table", "json"}))
      ->capture_default_str();
  simulate->add_option("--basket-model", args->basket_model, "fitted basket model JSON")
      ->capture_default_str();
  simulate->add_option("--events-out", args->events_out,
                       "also write replication 0's events as NDJSON (docs/EVENTS.md)");
  simulate->callback([args, &exit_code] {
    try {
      exit_code = RunSimulate(*args);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "%s: %s\n", kPrefix, e.what());
      exit_code = 1;
    }
  });
}

}  // namespace storeops::app
