// SPDX-License-Identifier: Apache-2.0
// POST /api/v1/simulations against the real binary: a what-if comparison runs as a job on the
// server, is polled to its end and answers with KPI differences and their intervals.
#include <chrono>
#include <string>
#include <thread>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "storeops/testing/fixtures.hpp"
#include "storeops/testing/http_client.hpp"
#include "storeops/testing/temp_dir.hpp"

#include "server_process.hpp"

namespace storeops::testing {
namespace {

TEST(SimulationApi, AWhatIfComparisonRunsAsAJobAndReturnsTheDifference) {
  TempDir dir;
  ServerProcess server(dir / "sim.db", dir.path());
  ASSERT_TRUE(server.running()) << server.Log();
  HttpClient client("127.0.0.1", server.port(), std::chrono::seconds(30));
  ASSERT_EQ(client
                .Send("PUT", "/api/v1/stores/store_001",
                      ReadFileText(SourcePath("data/stores/supercenter.json")))
                .status,
            201);

  // Two staffed lanes fewer all day: shoppers wait longer.
  const std::string body = R"({"store_id":"store_001","days":1,"replications":3,"seed":11,
    "scenario":{"name":"as planned","staffing":{"staffed_lanes":6,"intervals":[]}},
    "compare":{"name":"two lanes less","staffing":{"staffed_lanes":4,"intervals":[]}}})";
  auto accepted =
      client.Send("POST", "/api/v1/simulations", body, {{"Content-Type", "application/json"}});
  ASSERT_EQ(accepted.status, 202) << accepted.body;
  const std::string url = nlohmann::json::parse(accepted.body)["status_url"];

  nlohmann::json job;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  while (std::chrono::steady_clock::now() < deadline) {
    auto polled = client.Get(url);
    ASSERT_EQ(polled.status, 200) << polled.body;
    job = nlohmann::json::parse(polled.body);
    if (job["status"] != "queued" && job["status"] != "running") {
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_EQ(job["status"], "succeeded") << job.dump() << server.Log();
  const auto& result = job["result"];
  EXPECT_EQ(result["a"]["scenario"], "as planned");
  EXPECT_EQ(result["b"]["scenario"], "two lanes less");
  EXPECT_EQ(result["a"]["replications"], 3);
  ASSERT_TRUE(result["difference"].contains("avg_wait_seconds")) << result.dump();
  EXPECT_EQ(result["difference"]["avg_wait_seconds"]["ci95"].size(), 2U);
  EXPECT_GT(result["difference"]["avg_wait_seconds"]["mean"].get<double>(), 0.0);
}

}  // namespace
}  // namespace storeops::testing
