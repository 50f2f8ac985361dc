// SPDX-License-Identifier: Apache-2.0
// `storeops`: the one binary. This folder is the composition root: the only place that names
// concrete implementations (SQLite storage, the Beast server) and wires them together.
#include <cstdio>
#include <exception>
#include <filesystem>

#include <CLI/CLI.hpp>
#include <malloc.h>

#include "commands.hpp"
#include "config.hpp"
#include "demo_commands.hpp"
#include "forecast_commands.hpp"
#include "import_commands.hpp"
#include "retention_commands.hpp"
#include "simulate_commands.hpp"
#include "staffing_commands.hpp"

namespace {

constexpr const char* kVersion = STOREOPS_VERSION;

// glibc returns freed memory above 128 KiB at once (munmap, heap trim), so every ingest batch
// (a 150 KB body, its decoded events, SQLite's page and journal buffers) faulted its pages in
// again: a fifth of the writer thread's time went to sysmalloc and page faults, and durable
// ingest ran at 77 k events/s instead of 100 k (bench/ingest_http.sh on a quiet machine). Keep
// up to a few tens of MiB for reuse instead; the in-store box has memory to spare for that.
void KeepFreedMemoryForReuse() {
  mallopt(M_MMAP_THRESHOLD, 4 * 1024 * 1024);
  mallopt(M_TRIM_THRESHOLD, 64 * 1024 * 1024);
  mallopt(M_TOP_PAD, 16 * 1024 * 1024);
}

}  // namespace

int main(int argc, char** argv) {
  using storeops::app::Config;
  KeepFreedMemoryForReuse();
  try {
    CLI::App cli{"StoreOps: retail store operations, from till and sensor data to decisions."};
    cli.require_subcommand(1);
    cli.set_version_flag("--version", std::string(kVersion));

    auto* serve = cli.add_subcommand("serve", "Serve the HTTP API and dashboard");
    storeops::app::ConfigFlags serve_flags;
    serve_flags.AddTo(*serve);
    storeops::app::ServeExtras serve_extras;
    serve->add_option("--port-file", serve_extras.port_file,
                      "write the bound port to this file once listening (for tests and scripts)");

    auto* demo = cli.add_subcommand(
        "demo", "Serve the sample supercenter with simulated shoppers and weeks of history");
    storeops::app::ConfigFlags demo_flags;
    demo_flags.AddTo(*demo);
    storeops::app::ServeExtras demo_extras;
    storeops::app::DemoArgs demo_args;
    storeops::app::AddDemoFlags(*demo, demo_args);
    demo->add_option("--port-file", demo_extras.port_file, "write the bound port to this file");

    auto* store = cli.add_subcommand("store", "Manage store definitions");
    store->require_subcommand(1);
    auto* import = store->add_subcommand("import", "Validate a store definition and save it");
    std::string import_file;
    std::string import_db = Config{}.db;
    import->add_option("FILE", import_file, "store definition JSON (docs/STORE_FORMAT.md)")
        ->required();
    import->add_option("--db", import_db, "SQLite database file")->capture_default_str();

    auto* config_cmd = cli.add_subcommand("config", "Show configuration");
    config_cmd->require_subcommand(1);
    auto* config_print =
        config_cmd->add_subcommand("print", "Print a TOML file with every setting's default");

    auto* version = cli.add_subcommand("version", "Print the version");

    // Area commands: each Add*Commands registers its subcommands and sets `area_exit_code` from
    // their callbacks (see app/README.md). One line per area.
    int area_exit_code = -1;
    storeops::app::AddStaffingCommands(cli, area_exit_code);
    storeops::app::AddForecastCommands(cli, area_exit_code);
    storeops::app::AddImportCommands(cli, area_exit_code);
    storeops::app::AddSimulateCommands(cli, area_exit_code);
    storeops::app::AddMaintenanceCommands(cli, area_exit_code);
    (void)area_exit_code;

    CLI11_PARSE(cli, argc, argv);
    if (area_exit_code >= 0) {
      return area_exit_code;
    }

    if (serve->parsed()) {
      auto config = serve_flags.Resolve(Config{});
      if (!config) {
        std::fprintf(stderr, "storeops: %s\n", config.error().message.c_str());
        return 2;
      }
      return storeops::app::RunServe(*config, serve_extras);
    }
    if (demo->parsed()) {
      Config defaults;
      defaults.db = "./var/demo.db";
      defaults.access_log = false;  // the dashboard's requests would flood the terminal
      // The built dashboard when there is one, else the placeholder page that ships in the repo.
      defaults.static_dir =
          std::filesystem::exists("web/dist/index.html") ? "web/dist" : "web/public";
      auto config = demo_flags.Resolve(defaults);
      if (!config) {
        std::fprintf(stderr, "storeops: %s\n", config.error().message.c_str());
        return 2;
      }
      return storeops::app::RunDemo(*config, demo_extras, demo_args);
    }
    if (import->parsed()) {
      return storeops::app::RunStoreImport(import_file, import_db);
    }
    if (config_print->parsed()) {
      std::fputs(storeops::app::DefaultConfigToml().c_str(), stdout);
      return 0;
    }
    if (version->parsed()) {
      std::printf("storeops %s\n", kVersion);
      return 0;
    }
    return 2;
  } catch (const std::exception& e) {
    // Last resort: nothing below should throw, but a crash without a message helps no one.
    std::fprintf(stderr, "storeops: fatal: %s\n", e.what());
    return 1;
  }
}
