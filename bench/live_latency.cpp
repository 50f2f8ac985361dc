// SPDX-License-Identifier: Apache-2.0
// Ingest-to-WebSocket latency on a running server (bench/live_latency.sh starts one): a subscriber
// listens on /api/v1/stream for "events" of store_001 while POSTs of small camera.count batches go
// in one after another; each batch's first camera is tagged with its sequence number. Latency is
// from just before the POST is written to the moment the subscriber has the matching message, so
// it includes parsing, the durable (group) commit and the push.
//
//   live_latency PORT [POSTS] [BATCH]      prints p50/p90/p99/max in ms
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "storeops/testing/http_client.hpp"
#include "storeops/testing/websocket_client.hpp"

namespace {

using Clock = std::chrono::steady_clock;

std::string NowText() {
  const auto now =
      std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
  const auto ms = now.time_since_epoch().count();
  const std::time_t seconds = static_cast<std::time_t>(ms / 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &utc);
  return std::string(text) + "." + std::to_string(1000 + ms % 1000).substr(1) + "Z";
}

std::string Batch(int sequence, int size) {
  std::string body;
  const std::string ts = NowText();
  for (int i = 0; i < size; ++i) {
    body += R"({"type":"camera.count","store_id":"store_001","ts":")" + ts +
            R"(","camera":"bench-)" + std::to_string(i == 0 ? sequence : -1) +
            R"(","zone":"electronics","people":)" + std::to_string(i) + "}\n";
  }
  return body;
}

double Percentile(std::vector<double> sorted, double p) {
  const auto index = static_cast<size_t>(p * static_cast<double>(sorted.size() - 1) + 0.5);
  return sorted[std::min(index, sorted.size() - 1)];
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: live_latency PORT [POSTS=2000] [BATCH=5]\n");
    return 2;
  }
  const auto port = static_cast<uint16_t>(std::atoi(argv[1]));
  const int posts = argc > 2 ? std::atoi(argv[2]) : 2000;
  const int batch = argc > 3 ? std::atoi(argv[3]) : 5;

  storeops::testing::WebSocketClient stream("127.0.0.1", port, "/api/v1/stream");
  if (!stream.connected() ||
      !stream.Send(R"({"action":"subscribe","topics":["events"],"store_id":"store_001"})") ||
      !stream.Read()) {
    std::fprintf(stderr, "cannot subscribe: %s\n", stream.error().c_str());
    return 1;
  }
  std::vector<Clock::time_point> sent(static_cast<size_t>(posts));
  std::vector<Clock::time_point> received(static_cast<size_t>(posts));
  std::thread reader([&] {
    int seen = 0;
    while (seen < posts) {
      auto message = stream.Read(std::chrono::seconds(10));
      if (!message) {
        std::fprintf(stderr, "stream ended after %d messages: %s\n", seen, stream.error().c_str());
        return;
      }
      const auto now = Clock::now();
      const size_t at = message->find("\"bench-");
      if (at == std::string::npos) {
        continue;
      }
      const int sequence = std::atoi(message->c_str() + at + 7);
      if (sequence >= 0 && sequence < posts) {
        received[static_cast<size_t>(sequence)] = now;
        ++seen;
      }
    }
  });
  storeops::testing::HttpClient http("127.0.0.1", port);
  int failed = 0;
  for (int i = 0; i < posts; ++i) {
    const std::string body = Batch(i, batch);
    sent[static_cast<size_t>(i)] = Clock::now();
    if (http.Send("POST", "/api/v1/events", body).status != 200) {
      ++failed;
    }
  }
  reader.join();
  std::vector<double> latencies;
  for (size_t i = 0; i < sent.size(); ++i) {
    if (received[i] != Clock::time_point{}) {
      latencies.push_back(std::chrono::duration<double, std::milli>(received[i] - sent[i]).count());
    }
  }
  if (latencies.empty()) {
    std::fprintf(stderr, "no message received\n");
    return 1;
  }
  std::sort(latencies.begin(), latencies.end());
  std::printf(
      "posts %d  batch %d  received %zu  failed %d  p50 %.2f ms  p90 %.2f ms  p99 %.2f ms  max "
      "%.2f ms\n",
      posts, batch, latencies.size(), failed, Percentile(latencies, 0.5),
      Percentile(latencies, 0.9), Percentile(latencies, 0.99), latencies.back());
  return latencies.size() == sent.size() && failed == 0 ? 0 : 1;
}
