// SPDX-License-Identifier: Apache-2.0
// `storeops import FILE...`: event files (CSV or NDJSON) through the same ingest path as
// POST /api/v1/events, in batches, with a progress bar and a summary. Rejected rows become dead
// letters tagged "import:<file name>" whose index is the row's line in the file.
#include "import_commands.hpp"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "storeops/ingest/event_csv.hpp"
#include "storeops/service/ingest_service.hpp"
#include "storeops/service/store_catalog.hpp"

#include "commands.hpp"
#include "config.hpp"
#include "logging.hpp"
#include "terminal.hpp"

namespace storeops::app {
namespace {

struct ImportArgs {
  std::vector<std::string> files;
  std::string type;
  std::string format = "auto";
  size_t batch = 5000;
  std::string output = "table";
  ConfigFlags config_flags;
};

struct FileSummary {
  std::string file;
  int64_t accepted = 0;
  int64_t rejected = 0;
  double seconds = 0;
  std::vector<std::string> first_rejections;  ///< "line 7: people: must be a number ..."
};

constexpr size_t kShownRejections = 10;

std::string FormatOf(const std::string& path, const std::string& requested) {
  if (requested != "auto") {
    return requested;
  }
  const std::string extension = std::filesystem::path(path).extension().string();
  return extension == ".csv" ? "csv" : "ndjson";
}

// Stores one decoded batch and adds it to the file's summary.
core::Status StoreBatch(service::IngestService& ingest, ingest::DecodedBatch batch,
                        const std::string& source, FileSummary& summary) {
  auto reply = ingest.IngestDecoded(std::move(batch), source);
  if (!reply) {
    return core::Fail(reply.error());
  }
  summary.accepted += reply->accepted;
  summary.rejected += static_cast<int64_t>(reply->rejected.size());
  for (const auto& rejection : reply->rejected) {
    if (summary.first_rejections.size() < kShownRejections) {
      summary.first_rejections.push_back(
          fmt::format("line {}: {}{}{}", rejection.index, rejection.field,
                      rejection.field.empty() ? "" : ": ", rejection.reason));
    }
  }
  return core::Ok();
}

core::Status ImportCsv(service::IngestService& ingest, const std::string& text,
                       const ImportArgs& args, const std::string& source, FileSummary& summary) {
  auto reader = ingest::CsvEventReader::Open(text, {.default_type = args.type});
  if (!reader) {
    core::Error error = reader.error();
    error.message = fmt::format("{}: {}", summary.file, error.message);
    return core::Fail(std::move(error));
  }
  ProgressBar bar(std::filesystem::path(summary.file).filename().string());
  while (!reader->AtEnd()) {
    auto batch = reader->Next(args.batch, ingest.DecodeOptionsNow());
    if (auto stored = StoreBatch(ingest, std::move(batch), source, summary); !stored) {
      return stored;
    }
    bar.Update(reader->offset(), text.size());
  }
  return core::Ok();
}

// NDJSON in batches of whole lines; indexes become the lines of the file (from 1).
core::Status ImportNdjson(service::IngestService& ingest, const std::string& text,
                          const ImportArgs& args, const std::string& source, FileSummary& summary) {
  ProgressBar bar(std::filesystem::path(summary.file).filename().string());
  size_t offset = 0;
  size_t line = 1;
  while (offset < text.size()) {
    std::string body;
    std::vector<size_t> lines;  // lines[i]: file line of the body's i-th non-blank line
    while (offset < text.size() && lines.size() < args.batch) {
      size_t end = text.find('\n', offset);
      end = end == std::string::npos ? text.size() : end;
      const std::string_view row(text.data() + offset, end - offset);
      if (row.find_first_not_of(" \t\r") != std::string_view::npos) {
        body.append(row);
        body.push_back('\n');
        lines.push_back(line);
      }
      offset = end + 1;
      ++line;
    }
    if (lines.empty()) {
      break;
    }
    auto batch = ingest::DecodeEvents(body, ingest.DecodeOptionsNow());
    for (auto& event : batch.events) {
      event.index = lines[event.index];
    }
    for (auto& rejection : batch.rejected) {
      rejection.index = lines[rejection.index];
    }
    if (auto stored = StoreBatch(ingest, std::move(batch), source, summary); !stored) {
      return stored;
    }
    bar.Update(std::min(offset, text.size()), text.size());
  }
  return core::Ok();
}

std::string SummaryJson(const std::vector<FileSummary>& summaries) {
  int64_t accepted = 0;
  int64_t rejected = 0;
  std::string files;
  for (const auto& s : summaries) {
    accepted += s.accepted;
    rejected += s.rejected;
    files += fmt::format("{}{{\"file\":\"{}\",\"accepted\":{},\"rejected\":{},\"seconds\":{:.3f}}}",
                         files.empty() ? "" : ",", s.file, s.accepted, s.rejected, s.seconds);
  }
  return fmt::format("{{\"accepted\":{},\"rejected\":{},\"files\":[{}]}}\n", accepted, rejected,
                     files);
}

void PrintSummary(const FileSummary& s) {
  const double rate = s.seconds > 0 ? static_cast<double>(s.accepted) / s.seconds : 0;
  std::printf("%s: %lld events accepted, %lld rejected in %.2f s (%.0f events/s)\n", s.file.c_str(),
              static_cast<long long>(s.accepted), static_cast<long long>(s.rejected), s.seconds,
              rate);
  for (const auto& text : s.first_rejections) {
    std::printf("  %s\n", text.c_str());
  }
  if (s.rejected > static_cast<int64_t>(s.first_rejections.size())) {
    std::printf("  ... all %lld rejections are dead letters: GET /api/v1/dead-letter\n",
                static_cast<long long>(s.rejected));
  }
}

int RunImport(const ImportArgs& args) {
  auto config = args.config_flags.Resolve(Config{});
  if (!config) {
    return ReportError(config.error());
  }
  if (!args.type.empty()) {
    const auto types = ingest::EventTypeNames();
    if (std::find(types.begin(), types.end(), args.type) == types.end()) {
      return ReportError({core::ErrorCode::kInvalidArgument,
                          fmt::format("--type '{}' is not an event type; one of: {}", args.type,
                                      fmt::join(types, ", ")),
                          {{"--type", "unknown event type"}}});
    }
  }
  SetupLogging(config->log_level, false);
  auto pipeline = OpenIngestPipeline(*config);
  if (!pipeline) {
    return ReportError(pipeline.error());
  }
  std::vector<FileSummary> summaries;
  int exit_code = 0;
  for (const auto& file : args.files) {
    FileSummary summary;
    summary.file = file;
    const auto started = std::chrono::steady_clock::now();
    auto text = ReadTextFile(file);
    core::Status imported =
        text ? core::Ok()
             : core::Status(core::Fail(core::ErrorCode::kNotFound,
                                       fmt::format("cannot open {}", file), {{"FILE", file}}));
    if (text) {
      const std::string source = "import:" + std::filesystem::path(file).filename().string();
      imported = FormatOf(file, args.format) == "csv"
                     ? ImportCsv(*(*pipeline)->ingest, *text, args, source, summary)
                     : ImportNdjson(*(*pipeline)->ingest, *text, args, source, summary);
    }
    summary.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    if (!imported) {
      // Batches already stored stay stored: the summary says how far the file got.
      exit_code = ReportError(imported.error());
    }
    if (args.output == "table") {
      PrintSummary(summary);
    }
    summaries.push_back(std::move(summary));
    if (!imported) {
      break;
    }
  }
  if (args.output == "json") {
    std::fputs(SummaryJson(summaries).c_str(), stdout);
  }
  if (auto closed = (*pipeline)->Close(); !closed) {
    return ReportError(closed.error());
  }
  FlushLogs();
  return exit_code;
}

}  // namespace

void AddImportCommands(CLI::App& cli, int& exit_code) {
  auto args = std::make_shared<ImportArgs>();
  auto* import = cli.add_subcommand(
      "import", "Import event files (CSV or NDJSON, docs/EVENTS.md) through the ingest rules");
  import->add_option("FILE", args->files, "event files; .csv is CSV, anything else NDJSON")
      ->required()
      ->check(CLI::ExistingFile);
  import->add_option("--type", args->type,
                     "event type of CSV rows when the file has no 'type' column");
  import->add_option("--input-format", args->format, "auto (by extension), csv or ndjson")
      ->check(CLI::IsMember({"auto", "csv", "ndjson"}))
      ->capture_default_str();
  import->add_option("--batch", args->batch, "events per durable batch")
      ->check(CLI::Range(1, 100'000))
      ->capture_default_str();
  import->add_option("--format", args->output, "summary as table or json")
      ->check(CLI::IsMember({"table", "json"}))
      ->capture_default_str();
  args->config_flags.AddTo(*import);
  import->callback([args, &exit_code] { exit_code = RunImport(*args); });
}

}  // namespace storeops::app
