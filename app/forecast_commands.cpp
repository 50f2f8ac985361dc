// SPDX-License-Identifier: Apache-2.0
#include "forecast_commands.hpp"

#include <cmath>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "storeops/core/time.hpp"
#include "storeops/forecast/forecast.hpp"

#include "forecast_data.hpp"
#include "forecast_store_commands.hpp"
#include "terminal.hpp"

namespace storeops::app {
namespace {

struct BacktestArgs {
  std::string input;
  std::string dataset;
  std::string data_dir;
  int horizon = 0;
  int season = 1;
  std::vector<std::string> exogenous;
  std::vector<std::string> models;
  int threads = 0;
  std::string format = "table";
  std::string forecasts_out;
};

std::string Number(double value) {
  return std::isfinite(value) ? fmt::format("{:.6g}", value) : "null";
}

std::string JsonModels(const std::vector<forecast::ModelMetrics>& models) {
  std::string out = "[";
  for (size_t i = 0; i < models.size(); ++i) {
    const auto& m = models[i];
    out += fmt::format(
        "{}{{\"name\":\"{}\",\"mae\":{},\"rmse\":{},\"wmape\":{},\"mase\":{},\"rmsse\":{},"
        "\"wmae\":{},\"coverage80\":{},\"coverage95\":{},\"seconds\":{}}}",
        i == 0 ? "" : ",", m.name, Number(m.mae), Number(m.rmse), Number(m.wmape), Number(m.mase),
        Number(m.rmsse), Number(m.wmae), Number(m.coverage80), Number(m.coverage95),
        Number(m.seconds));
  }
  return out + "]";
}

// The JSON; with a hierarchy also "parents" (count) and "parent_models" (accuracy on the
// parents' totals, bottom-up vs direct) and "reconciled_models" (MinT-adjusted children).
std::string Json(const forecast::BacktestReport& report) {
  std::string out = fmt::format("{{\"series\":{},\"seconds\":{},\"models\":{}", report.series,
                                Number(report.seconds), JsonModels(report.models));
  if (!report.parents.empty()) {
    out += fmt::format(",\"parents\":{},\"parent_models\":{},\"reconciled_models\":{}",
                       report.parent_ids.size(), JsonModels(report.parents),
                       JsonModels(report.children_reconciled));
  }
  out += "}\n";
  return out;
}

// Writes every model's test forecasts as CSV: model,series_id,f1..fH (parents' totals too, with
// the parent's id).
bool WriteForecasts(const std::string& path, const forecast::Dataset& dataset,
                    const forecast::BacktestReport& report, int horizon) {
  std::FILE* file = std::fopen(path.c_str(), "w");
  if (file == nullptr) {
    std::fprintf(stderr, "storeops: cannot write %s\n", path.c_str());
    return false;
  }
  std::string header = "model,series_id";
  for (int h = 1; h <= horizon; ++h) {
    header += fmt::format(",f{}", h);
  }
  std::fprintf(file, "%s\n", header.c_str());
  auto write = [&](const std::vector<forecast::ModelMetrics>& models, auto id_of) {
    for (const auto& m : models) {
      const size_t rows = m.forecasts.size() / static_cast<size_t>(horizon);
      for (size_t i = 0; i < rows; ++i) {
        std::string line = fmt::format("{},{}", m.name, id_of(i));
        for (int h = 0; h < horizon; ++h) {
          line += fmt::format(
              ",{:.6g}", m.forecasts[i * static_cast<size_t>(horizon) + static_cast<size_t>(h)]);
        }
        std::fprintf(file, "%s\n", line.c_str());
      }
    }
  };
  write(report.models, [&](size_t i) { return dataset.series[i].id; });
  write(report.parents, [&](size_t i) { return report.parent_ids[i]; });
  write(report.children_reconciled, [&](size_t i) { return dataset.series[i].id; });
  return std::fclose(file) == 0;
}

std::string Table(const forecast::BacktestReport& report) {
  std::string out =
      fmt::format("{:<14}{:>12}{:>12}{:>8}{:>8}{:>8}{:>12}{:>7}{:>7}{:>9}\n", "model", "MAE",
                  "RMSE", "WMAPE", "MASE", "RMSSE", "WMAE", "cov80", "cov95", "seconds");
  for (const auto& m : report.models) {
    out += fmt::format(
        "{:<14}{:>12.2f}{:>12.2f}{:>8.4f}{:>8.4f}{:>8.4f}{:>12.2f}{:>7.3f}{:>7.3f}{:>9.2f}\n",
        m.name, m.mae, m.rmse, m.wmape, m.mase, m.rmsse, m.wmae, m.coverage80, m.coverage95,
        m.seconds);
  }
  for (const auto& m : report.models) {
    if (m.name != "ensemble") {
      continue;
    }
    out += "ensemble =";
    for (size_t i = 0; i < m.ensemble_members.size(); ++i) {
      out += fmt::format("{} {:.3f} x {}", i == 0 ? "" : " +", m.ensemble_weights[i],
                         m.ensemble_members[i]);
    }
    out += "\n";
  }
  if (!report.parents.empty()) {
    out += fmt::format("\n{} parents (each the sum of its series): bottom-up vs direct\n",
                       report.parent_ids.size());
    for (const auto& m : report.parents) {
      out += fmt::format(
          "{:<22}{:>12.2f}{:>12.2f}{:>8.4f}{:>8.4f}{:>8.4f}{:>12.2f}{:>7.3f}{:>7.3f}\n", m.name,
          m.mae, m.rmse, m.wmape, m.mase, m.rmsse, m.wmae, m.coverage80, m.coverage95);
    }
    for (const auto& m : report.children_reconciled) {
      out += fmt::format("series after MinT: {} WMAE {:.2f} (MAE {:.2f})\n", m.name, m.wmae, m.mae);
    }
  }
  out += fmt::format("{} series, {:.2f} s\n", report.series, report.seconds);
  return out;
}

int RunBacktest(const BacktestArgs& args) {
  if (args.input.empty() == args.dataset.empty()) {
    std::fprintf(stderr, "storeops: give exactly one of --input FILE or --dataset walmart\n");
    return 2;
  }
  forecast::Dataset dataset;
  if (!args.dataset.empty()) {
    if (args.data_dir.empty()) {
      std::fprintf(stderr, "storeops: --dataset walmart needs --data DIR\n");
      return 2;
    }
    auto walmart = ReadWalmart(args.data_dir);
    if (!walmart) {
      return ReportError(walmart.error());
    }
    std::fprintf(stderr,
                 "walmart: %zu store x department series with all %zu weeks (%zu left out)\n",
                 walmart->dataset.series.size(), walmart->weeks, walmart->incomplete_series);
    dataset = std::move(walmart->dataset);
  } else {
    auto read = ReadLongCsv(args.input, args.exogenous);
    if (!read) {
      return ReportError(read.error());
    }
    dataset = std::move(*read);
  }
  core::SystemClock clock;
  forecast::BacktestOptions options;
  options.horizon = args.horizon;
  options.season = args.season;
  options.models = args.models;
  options.threads = args.threads;
  options.clock = &clock;
  options.keep_forecasts = !args.forecasts_out.empty();
  ProgressBar bar("series");
  options.progress = [&bar](size_t done, size_t total) { bar.Update(done, total); };
  auto report = forecast::Backtest(dataset, options);
  if (!report) {
    return ReportError(report.error());
  }
  constexpr size_t kShownNotes = 10;
  for (size_t i = 0; i < report->notes.size() && i < kShownNotes; ++i) {
    std::fprintf(stderr, "note: %s\n", report->notes[i].c_str());
  }
  if (report->notes.size() > kShownNotes) {
    std::fprintf(stderr, "note: ... and %zu more\n", report->notes.size() - kShownNotes);
  }
  const std::string text = args.format == "json" ? Json(*report) : Table(*report);
  std::fputs(text.c_str(), stdout);
  if (!args.forecasts_out.empty() &&
      !WriteForecasts(args.forecasts_out, dataset, *report, args.horizon)) {
    return 1;
  }
  return 0;
}

}  // namespace

void AddForecastCommands(CLI::App& cli, int& exit_code) {
  auto* forecast = cli.add_subcommand("forecast", "Demand forecasting (docs/FORECASTING.md)");
  forecast->require_subcommand(1);
  auto* backtest = forecast->add_subcommand(
      "backtest", "Hold out the last H points of every series and score each model on them");
  auto args = std::make_shared<BacktestArgs>();
  backtest->add_option("--input", args->input,
                       "long CSV: series_id,timestamp,value[,exogenous...]");
  backtest->add_option("--dataset", args->dataset, "a known data set instead of --input")
      ->check(CLI::IsMember({"walmart"}));
  backtest->add_option("--data", args->data_dir, "folder of the --dataset files");
  backtest->add_option("--horizon", args->horizon, "H: points held out per series")
      ->required()
      ->check(CLI::PositiveNumber);
  backtest->add_option("--season", args->season, "S: season length in periods (1 = none)")
      ->required()
      ->check(CLI::PositiveNumber);
  backtest->add_option("--exog", args->exogenous, "exogenous columns to read (comma separated)")
      ->delimiter(',');
  backtest->add_option("--models", args->models, "models to run (default: all)")->delimiter(',');
  backtest->add_option("--threads", args->threads, "worker threads (0 = one per core)")
      ->capture_default_str();
  backtest->add_option("--format", args->format, "table or json")
      ->check(CLI::IsMember({"table", "json"}))
      ->capture_default_str();
  backtest->add_option("--forecasts-out", args->forecasts_out,
                       "write every model's test forecasts to this CSV (model,series_id,f1..fH)");
  backtest->callback([args, &exit_code] { exit_code = RunBacktest(*args); });
  AddStoreForecastCommands(*forecast, exit_code);
}

}  // namespace storeops::app
