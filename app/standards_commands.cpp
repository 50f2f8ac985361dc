// SPDX-License-Identifier: Apache-2.0
// The document is read and printed by the API's own mapping (storeops/api/labour_standards_json
// .hpp) and checked by StaffingService, so a file that `set` accepts is a body the PUT accepts,
// and `get --format json` prints what the GET answers.
#include "standards_commands.hpp"

#include <cstdio>
#include <exception>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "storeops/api/labour_standards_json.hpp"
#include "storeops/storage_sqlite/sqlite_database.hpp"

#include "config.hpp"
#include "terminal.hpp"

namespace storeops::app {
namespace {

enum class Action { kGet, kSet, kReset };

struct StandardsArgs {
  ConfigFlags flags;
  std::string store;
  std::string file;
  std::string format = "table";
};

std::string Percent(double fraction) { return fmt::format("{:g}%", fraction * 100); }

// "75 s per customer, 80% within 120 s" or "3.5 min per customer at 85% utilisation".
std::string Standard(const staffing::LabourStandard& standard) {
  if (standard.kind == staffing::DepartmentKind::kQueue) {
    std::string text =
        fmt::format("{:g} s per customer, {} within {:g} s", standard.aht_seconds,
                    Percent(standard.target.service_level), standard.target.within_seconds);
    if (standard.patience_seconds) {
      text += fmt::format(", patience {:g} s", *standard.patience_seconds);
    }
    return text;
  }
  std::string text = fmt::format("{:g} min", standard.service_minutes_per_customer);
  if (standard.items_per_customer > 0) {
    text += fmt::format(" + {:g} items at {:g}/min", standard.items_per_customer,
                        standard.items_per_minute);
  }
  return text +
         fmt::format(" per customer at {} utilisation", Percent(standard.utilisation_target));
}

void PrintTable(const service::LabourStandards& standards) {
  std::printf("store %s: %s, shrinkage %s\n", standards.store_id.value().c_str(),
              standards.from_store
                  ? fmt::format("its own labour standards (set {})",
                                standards.updated ? core::FormatRfc3339(*standards.updated) : "-")
                        .c_str()
                  : "the default labour standards",
              Percent(standards.shrinkage).c_str());
  std::printf("%-20s %-9s %-18s %-9s %-9s %s\n", "department", "kind", "skill", "min staff",
              "source", "standard");
  for (const auto& [standard, from_store] : standards.departments) {
    std::printf("%-20s %-9s %-18s %-9d %-9s %s%s\n", standard.department.c_str(),
                standard.kind == staffing::DepartmentKind::kQueue ? "queue" : "workload",
                standard.skill.c_str(), standard.minimum_staff, from_store ? "store" : "default",
                Standard(standard).c_str(),
                standard.shrinkage
                    ? fmt::format(", shrinkage {}", Percent(*standard.shrinkage)).c_str()
                    : "");
  }
}

// The file as the service's input; errors name the file and, inside it, each bad field.
core::Result<service::LabourStandardsInput> ReadStandardsFile(const std::string& file,
                                                              const core::StoreId& store) {
  const auto text = ReadTextFile(file);
  if (!text) {
    return core::Fail(core::ErrorCode::kNotFound, "cannot read " + file,
                      {{"--file", "cannot be read"}});
  }
  auto input = api::ParseLabourStandardsDocument(*text, store);
  if (!input) {
    core::Error error = input.error();
    // The API calls the whole document "body"; here it is the file.
    if (error.message.starts_with("body ")) {
      error.message = file + error.message.substr(4);
    } else {
      error.message = fmt::format("{}: {}", file, error.message);
    }
    for (auto& detail : error.details) {
      if (detail.field == "body") {
        detail.field = "--file";
      }
    }
    return core::Fail(std::move(error));
  }
  return input;
}

int Run(Action action, const StandardsArgs& args) {
  if (args.format != "table" && args.format != "json") {
    return ReportError({core::ErrorCode::kInvalidArgument,
                        fmt::format("--format must be table or json, not '{}'", args.format),
                        {{"--format", "must be table or json"}}});
  }
  const core::StoreId store{args.store};
  std::optional<service::LabourStandardsInput> input;
  if (action == Action::kSet) {
    auto read = ReadStandardsFile(args.file, store);
    if (!read) {
      return ReportError(read.error());
    }
    input = std::move(*read);
  }
  auto config = args.flags.Resolve(Config{});
  if (!config) {
    PrintError(config.error());
    return 2;
  }
  auto database = storage_sqlite::OpenDatabase({.path = config->db});
  if (!database) {
    return ReportError(database.error());
  }
  core::Result<service::LabourStandards> standards;
  {
    service::StoreCatalog catalog((*database)->stores());
    LocalStaffing staffing(**database, catalog);
    if (action == Action::kGet) {
      standards = staffing.service().GetLabourStandards(store);
    } else if (action == Action::kSet) {
      standards = staffing.service().SetLabourStandards(*input);
    } else if (auto reset = staffing.service().ResetLabourStandards(store); !reset) {
      standards = core::Fail(reset.error());
    } else {
      standards = staffing.service().GetLabourStandards(store);
    }
  }
  auto closed = (*database)->Close();
  if (!standards) {
    core::Error error = standards.error();
    if (action == Action::kSet && error.code == core::ErrorCode::kInvalidArgument) {
      error.message = fmt::format("{}: {}", args.file, error.message);  // fields of the file
    }
    return ReportError(error);
  }
  if (!closed) {
    return ReportError(closed.error());
  }
  if (args.format == "json") {
    std::printf("%s\n", api::LabourStandardsDocument(*standards).c_str());
  } else {
    PrintTable(*standards);
  }
  return 0;
}

void AddAction(CLI::App& standards, Action action, const char* name, const char* description,
               int& exit_code) {
  auto args = std::make_shared<StandardsArgs>();
  auto* command = standards.add_subcommand(name, description);
  args->flags.AddTo(*command);
  command->add_option("--store", args->store, "store id")->required();
  if (action == Action::kSet) {
    command
        ->add_option("--file", args->file,
                     "the standards as JSON: the body of PUT /api/v1/stores/{id}/"
                     "labour-standards, e.g. {\"departments\":[{\"department\":\"checkout\","
                     "\"aht_seconds\":75}]}")
        ->required();
  }
  command->add_option("--format", args->format, "table or json (the standards now in effect)")
      ->capture_default_str();
  command->callback([action, args, &exit_code] {
    try {
      exit_code = Run(action, *args);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "storeops staffing standards: %s\n", e.what());
      exit_code = 1;
    }
  });
}

}  // namespace

LocalStaffing::LocalStaffing(storage::Database& database, service::StoreCatalog& catalog)
    : demand_(database.aggregates(), clock_),
      jobs_({.workers = 1}, clock_),
      staffing_(catalog, database.staffing(), demand_, jobs_, clock_) {}

void AddStandardsCommands(CLI::App& staffing, int& exit_code) {
  auto* standards = staffing.add_subcommand(
      "standards", "A store's labour standards (service times and targets per department)");
  standards->require_subcommand(1);
  AddAction(*standards, Action::kGet, "get",
            "Print the labour standards in effect: the store's own, else the defaults", exit_code);
  AddAction(*standards, Action::kSet, "set",
            "Replace the store's labour standards with a JSON file (unset fields: the defaults)",
            exit_code);
  AddAction(*standards, Action::kReset, "reset",
            "Forget the store's own labour standards: the defaults apply again", exit_code);
}

}  // namespace storeops::app
