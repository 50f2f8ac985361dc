// SPDX-License-Identifier: Apache-2.0
// Load generator for durable ingest over HTTP (issue #3: batches of 1,000 events from 4
// concurrent clients). Each client posts pre-built NDJSON bodies on its own keep-alive
// connection for a fixed time; a POST counts only when answered 2xx (durable). Prints one JSON
// line: events/s accepted and the POST latency percentiles. Run by bench/ingest_http.sh.
//   ingest_http_load --port 8080 [--clients 4] [--batch 1000] [--seconds 10]
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "storeops/core/time.hpp"
#include "storeops/testing/http_client.hpp"

namespace {

using storeops::testing::HttpClient;

struct Args {
  uint16_t port = 0;
  int clients = 4;
  int batch = 1000;
  double seconds = 10;
  std::string store = "store_001";
};

// A store's mix: mostly Wi-Fi presence and camera counts, some baskets and stock counts. Zones
// and SKUs are those of data/stores/supercenter.json.
std::string Body(const Args& args, int client, int body_number) {
  static constexpr std::string_view kZones[] = {"entrance", "bakery", "pharmacy", "checkout_front",
                                                "main_aisle_centre"};
  const auto base = storeops::core::SystemClock().Now() - std::chrono::minutes(30);
  std::string body;
  body.reserve(static_cast<size_t>(args.batch) * 160);
  for (int i = 0; i < args.batch; ++i) {
    const std::string ts =
        storeops::core::FormatRfc3339(base + std::chrono::milliseconds(body_number * 1000 + i));
    const std::string_view zone = kZones[static_cast<size_t>(i) % std::size(kZones)];
    switch (i % 10) {
      case 0:
      case 1:
      case 2:
      case 3:
        body += fmt::format(
            R"({{"type":"presence","store_id":"{}","ts":"{}","device_id":"02:00:{:02x}:{:02x}:{:02x}:{:02x}","zone":"{}","rssi":-60}})",
            args.store, ts, client, body_number % 256, i / 256, i % 256, zone);
        break;
      case 4:
      case 5:
      case 6:
        body += fmt::format(
            R"({{"type":"camera.count","store_id":"{}","ts":"{}","camera":"cam-{}","zone":"{}","people":{},"queue":{},"in":2,"out":1}})",
            args.store, ts, i % 7, zone, i % 40, i % 5);
        break;
      case 7:
      case 8:
        body += fmt::format(
            R"({{"type":"pos.transaction","store_id":"{}","ts":"{}","basket_id":"b-{}-{}-{}","lane":"L0{}","tender":"card","lines":[{{"sku":"0300101","qty":2,"unit_price":3.49}},{{"sku":"0300101","qty":1,"unit_price":3.49}}]}})",
            args.store, ts, client, body_number, i, 1 + i % 5);
        break;
      default:
        body += fmt::format(
            R"({{"type":"inventory.snapshot","store_id":"{}","ts":"{}","sku":"0300101","on_hand":{},"on_shelf":{}}})",
            args.store, ts, 100 + i % 50, i % 20);
        break;
    }
    body.push_back('\n');
  }
  return body;
}

Args Parse(int argc, char** argv) {
  Args args;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string_view flag = argv[i];
    const char* value = argv[i + 1];
    if (flag == "--port") {
      args.port = static_cast<uint16_t>(std::atoi(value));
    } else if (flag == "--clients") {
      args.clients = std::atoi(value);
    } else if (flag == "--batch") {
      args.batch = std::atoi(value);
    } else if (flag == "--seconds") {
      args.seconds = std::atof(value);
    } else if (flag == "--store") {
      args.store = value;
    } else {
      std::fprintf(stderr, "ingest_http_load: unknown flag %s\n", argv[i]);
      std::exit(2);
    }
  }
  if (args.port == 0 || args.clients < 1 || args.batch < 1 || args.seconds <= 0) {
    std::fprintf(stderr,
                 "usage: ingest_http_load --port P [--clients 4] [--batch 1000] [--seconds 10]\n");
    std::exit(2);
  }
  return args;
}

double Percentile(std::vector<double> values, double p) {
  if (values.empty()) {
    return 0;
  }
  std::sort(values.begin(), values.end());
  const auto rank = static_cast<size_t>(p * static_cast<double>(values.size() - 1) + 0.5);
  return values[std::min(rank, values.size() - 1)];
}

}  // namespace

int main(int argc, char** argv) {
  const Args args = Parse(argc, argv);
  constexpr int kBodiesPerClient = 16;
  std::vector<std::vector<std::string>> bodies(static_cast<size_t>(args.clients));
  for (int c = 0; c < args.clients; ++c) {
    for (int b = 0; b < kBodiesPerClient; ++b) {
      bodies[static_cast<size_t>(c)].push_back(Body(args, c, b));
    }
  }
  std::atomic<int64_t> accepted{0};
  std::atomic<int64_t> failures{0};
  std::vector<std::vector<double>> latencies_ms(static_cast<size_t>(args.clients));
  const auto started = std::chrono::steady_clock::now();
  const auto deadline = started + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                      std::chrono::duration<double>(args.seconds));
  std::vector<std::thread> threads;
  for (int c = 0; c < args.clients; ++c) {
    threads.emplace_back([&, c] {
      HttpClient client("127.0.0.1", args.port, std::chrono::seconds(30));
      auto& mine = latencies_ms[static_cast<size_t>(c)];
      for (size_t n = 0; std::chrono::steady_clock::now() < deadline; ++n) {
        const auto sent = std::chrono::steady_clock::now();
        auto reply = client.Send("POST", "/api/v1/events",
                                 bodies[static_cast<size_t>(c)][n % kBodiesPerClient],
                                 {{"Content-Type", "application/x-ndjson"}});
        mine.push_back(
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - sent)
                .count());
        if (reply.status / 100 != 2) {
          failures.fetch_add(1);
          continue;
        }
        // `"accepted":N` leads the reply; count what the server says it stored.
        const auto at = reply.body.find("\"accepted\":");
        if (at != std::string::npos) {
          accepted.fetch_add(std::atoll(reply.body.c_str() + at + 11));
        }
      }
    });
  }
  for (auto& thread : threads) {
    thread.join();
  }
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::vector<double> all;
  for (const auto& mine : latencies_ms) {
    all.insert(all.end(), mine.begin(), mine.end());
  }
  std::printf(
      "{\"clients\":%d,\"batch\":%d,\"seconds\":%.2f,\"posts\":%zu,\"failed_posts\":%lld,"
      "\"accepted_events\":%lld,\"events_per_second\":%.0f,\"p50_ms\":%.2f,\"p99_ms\":%.2f}\n",
      args.clients, args.batch, elapsed, all.size(), static_cast<long long>(failures.load()),
      static_cast<long long>(accepted.load()), static_cast<double>(accepted.load()) / elapsed,
      Percentile(all, 0.5), Percentile(all, 0.99));
  return failures.load() == 0 ? 0 : 1;
}
