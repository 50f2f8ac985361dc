// SPDX-License-Identifier: Apache-2.0
// The command line: import, version, configuration precedence and errors that name the setting.
#include <fstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <signal.h>
#include <stdlib.h>

#include "storeops/testing/fixtures.hpp"
#include "storeops/testing/http_client.hpp"
#include "storeops/testing/temp_dir.hpp"

#include "server_process.hpp"

namespace storeops::testing {
namespace {

TEST(Cli, VersionPrintsTheVersion) {
  auto result = RunStoreops({"version"});
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_NE(result.output.find("storeops "), std::string::npos);
}

TEST(Cli, StoreImportThenServeReadsIt) {
  TempDir dir;
  const auto db = dir / "import.db";
  auto imported =
      RunStoreops({"store", "import", "data/stores/supercenter.json", "--db", db.string()});
  ASSERT_EQ(imported.exit_code, 0) << imported.output;
  EXPECT_NE(imported.output.find("imported store 'store_001'"), std::string::npos)
      << imported.output;

  ServerProcess server(db, dir.path());
  ASSERT_TRUE(server.running()) << server.Log();
  HttpClient client("127.0.0.1", server.port());
  auto list = nlohmann::json::parse(client.Get("/api/v1/stores").body);
  ASSERT_EQ(list["stores"].size(), 1U);
  EXPECT_EQ(list["stores"][0]["id"], "store_001");
}

TEST(Cli, ImportOfAnInvalidFileNamesTheProblemAndExits2) {
  TempDir dir;
  std::ofstream(dir / "bad.json") << R"({"id":"x","name":"X"})";
  auto result = RunStoreops(
      {"store", "import", (dir / "bad.json").string(), "--db", (dir / "x.db").string()});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.output.find("timezone"), std::string::npos) << result.output;
  auto missing = RunStoreops(
      {"store", "import", (dir / "nope.json").string(), "--db", (dir / "x.db").string()});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.output.find("nope.json"), std::string::npos) << missing.output;
}

TEST(Cli, BadSettingsAreRefusedNamingTheSetting) {
  TempDir dir;
  auto bad_flag = RunStoreops({"serve", "--listen", "127.0.0.1:http"});
  EXPECT_EQ(bad_flag.exit_code, 2);
  EXPECT_NE(bad_flag.output.find("server.listen"), std::string::npos) << bad_flag.output;

  std::ofstream(dir / "typo.toml") << "[server]\nlistn = \"127.0.0.1:9\"\n";
  auto typo = RunStoreops({"serve", "--config", (dir / "typo.toml").string()});
  EXPECT_EQ(typo.exit_code, 2);
  EXPECT_NE(typo.output.find("server.listn"), std::string::npos) << typo.output;

  std::ofstream(dir / "type.toml") << "[server]\nio_threads = \"two\"\n";
  auto wrong_type = RunStoreops({"serve", "--config", (dir / "type.toml").string()});
  EXPECT_EQ(wrong_type.exit_code, 2);
  EXPECT_NE(wrong_type.output.find("server.io_threads"), std::string::npos) << wrong_type.output;
}

TEST(Cli, FlagsOverrideEnvironmentWhichOverridesTheConfigFile) {
  TempDir dir;
  std::ofstream(dir / "storeops.toml")
      << "[server]\nlisten = \"127.0.0.1:1\"\nmax_body_bytes = 2048\n[log]\nlevel = \"warn\"\n";
  // The file says port 1 (unusable); the flag given by ServerProcess (port 0) must win. The
  // environment sets a body limit that overrides the file's.
  ::setenv("STOREOPS_MAX_BODY_BYTES", "4096", 1);
  ServerProcess server(dir / "p.db", dir.path(),
                       {"--config", (dir / "storeops.toml").string(), "--log-level", "info"});
  ::unsetenv("STOREOPS_MAX_BODY_BYTES");
  ASSERT_TRUE(server.running()) << server.Log();
  HttpClient client("127.0.0.1", server.port());
  EXPECT_EQ(client.Send("PUT", "/api/v1/stores/x", std::string(3000, ' ')).status, 400);
  EXPECT_EQ(client.Send("PUT", "/api/v1/stores/x", std::string(5000, ' ')).status, 413);
  EXPECT_NE(server.Log().find("listening"), std::string::npos) << server.Log();
}

TEST(Cli, ConfigPrintShowsEveryDefault) {
  auto result = RunStoreops({"config", "print"});
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_NE(result.output.find("listen = \"127.0.0.1:8080\""), std::string::npos);
  EXPECT_NE(result.output.find("STOREOPS_DB"), std::string::npos);
}

TEST(Cli, DemoServesTheSampleStore) {
  TempDir dir;
  ServerProcess demo(dir / "demo.db", dir.path(), {}, "demo");
  ASSERT_TRUE(demo.running()) << demo.Log();
  HttpClient client("127.0.0.1", demo.port());
  EXPECT_EQ(client.Get("/healthz").status, 200);
  EXPECT_EQ(client.Get("/api/v1/stores/store_001").status, 200);
  EXPECT_EQ(client.Get("/").status, 200);
}

}  // namespace
}  // namespace storeops::testing
