// SPDX-License-Identifier: Apache-2.0
// Load generator for durable ingest over HTTP (issue #3: batches of 1,000 events from 4
// concurrent clients). Each client posts pre-built NDJSON bodies on its own keep-alive
// connection for a fixed time; a POST counts only when answered 2xx (durable). Prints one JSON
// line: events/s accepted and the POST latency percentiles. Run by bench/ingest_http.sh.
//   ingest_http_load --port 8080 [--clients 4] [--batch 1000] [--seconds 10] [--replay-times 1]
//
// Time moves forward as in a live store: every POST takes the next 250 ms of event time (one
// sequence shared by the clients) and its timestamps are rewritten in place before sending.
// --replay-times 1 re-sends each client's 16 bodies with the same 16 s of timestamps (the
// generator before 2026-11-29 evening): every batch then lands among rows already stored for
// those seconds, a worst case for tables clustered by time that no real feed produces.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
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
  bool replay_times = false;
};

// Every timestamp in a body is this wide (RFC 3339 with milliseconds), so it can be rewritten in
// place for each POST.
constexpr std::string_view kTimePlaceholder = "0000-00-00T00:00:00.000Z";
constexpr auto kEventTimePerPost = std::chrono::milliseconds(250);

struct Body {
  std::string text;
  std::vector<size_t> time_offsets;  // where each event's timestamp starts in `text`
};

// Writes the timestamps of one POST: event i at `start` + i * kEventTimePerPost / batch.
void StampTimes(Body& body, storeops::core::Timestamp start) {
  const auto batch = static_cast<int64_t>(body.time_offsets.size());
  int64_t cached_second = -1;
  std::string second_text;
  for (int64_t i = 0; i < batch; ++i) {
    const auto ts = start + std::chrono::milliseconds(kEventTimePerPost.count() * i / batch);
    const int64_t ms = storeops::core::ToEpochMs(ts);
    const int64_t second = ms / 1000;
    if (second != cached_second) {
      cached_second = second;
      // Whole seconds format without a fraction: "YYYY-MM-DDTHH:MM:SSZ".
      second_text = storeops::core::FormatRfc3339(storeops::core::FromEpochMs(second * 1000));
      second_text.pop_back();
    }
    char* out = body.text.data() + body.time_offsets[static_cast<size_t>(i)];
    std::copy(second_text.begin(), second_text.end(), out);
    const auto millis = static_cast<int>(ms % 1000);
    out[19] = '.';
    out[20] = static_cast<char>('0' + millis / 100);
    out[21] = static_cast<char>('0' + millis / 10 % 10);
    out[22] = static_cast<char>('0' + millis % 10);
    out[23] = 'Z';
  }
}

// A store's mix: mostly Wi-Fi presence and camera counts, some baskets and stock counts. Zones
// and SKUs are those of data/stores/supercenter.json.
Body MakeBody(const Args& args, int client, int body_number) {
  static constexpr std::string_view kZones[] = {"entrance", "bakery", "pharmacy", "checkout_front",
                                                "main_aisle_centre"};
  Body made;
  std::string& body = made.text;
  body.reserve(static_cast<size_t>(args.batch) * 160);
  const std::string_view ts = kTimePlaceholder;
  for (int i = 0; i < args.batch; ++i) {
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
    made.time_offsets.push_back(
        body.find(kTimePlaceholder, made.time_offsets.empty() ? 0 : made.time_offsets.back() + 1));
    body.push_back('\n');
  }
  return made;
}

Args Parse(int argc, char** argv) {
  Args args;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string_view flag = argv[i];
    const char* value = argv[i + 1];
    if (flag == "--port") {
      args.port = static_cast<uint16_t>(std::atoi(value));
    } else if (flag == "--replay-times") {
      args.replay_times = value == std::string_view("1") || value == std::string_view("true");
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
                 "usage: ingest_http_load --port P [--clients 4] [--batch 1000] [--seconds 10] "
                 "[--replay-times 1]\n");
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
  // An hour back, so that even long runs at 200,000 events/s stay in the past (the server
  // rejects timestamps too far in the future).
  const auto first_time = storeops::core::SystemClock().Now() - std::chrono::hours(1);
  std::vector<std::vector<Body>> bodies(static_cast<size_t>(args.clients));
  for (int c = 0; c < args.clients; ++c) {
    for (int b = 0; b < kBodiesPerClient; ++b) {
      Body body = MakeBody(args, c, b);
      StampTimes(body, first_time + std::chrono::seconds(b));
      bodies[static_cast<size_t>(c)].push_back(std::move(body));
    }
  }
  std::atomic<int64_t> next_post{0};
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
        Body& body = bodies[static_cast<size_t>(c)][n % kBodiesPerClient];
        if (!args.replay_times) {
          StampTimes(body, first_time + kEventTimePerPost * next_post.fetch_add(1));
        }
        const auto sent = std::chrono::steady_clock::now();
        auto reply = client.Send("POST", "/api/v1/events", body.text,
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
