// SPDX-License-Identifier: Apache-2.0
// `storeops serve --mqtt` against a real mosquitto broker on 127.0.0.1 (a free port, a generated
// config, persistence off): events published on storeops/<store>/<type> are stored like HTTP ones,
// bad ones and topic mismatches become dead letters with source "mqtt" and no identifier, and a
// broker that is down at start (or goes away) never stops serve. mosquitto and mosquitto_pub come
// from scripts/install-deps.sh; their absence fails the test rather than skipping it.
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <nlohmann/json.hpp>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "storeops/core/time.hpp"
#include "storeops/storage_sqlite/sqlite_database.hpp"
#include "storeops/testing/fixtures.hpp"
#include "storeops/testing/http_client.hpp"
#include "storeops/testing/temp_dir.hpp"

#include "server_process.hpp"

namespace storeops::testing {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

// Finds a program on PATH or in the sbin folders (Debian installs mosquitto in /usr/sbin).
std::optional<std::filesystem::path> FindProgram(const std::string& name) {
  std::string path = ::getenv("PATH") != nullptr ? ::getenv("PATH") : "";
  path += ":/usr/sbin:/usr/local/sbin:/sbin";
  size_t start = 0;
  while (start <= path.size()) {
    const size_t end = std::min(path.find(':', start), path.size());
    const std::filesystem::path candidate =
        std::filesystem::path(path.substr(start, end - start)) / name;
    if (end > start && ::access(candidate.c_str(), X_OK) == 0) {
      return candidate;
    }
    start = end + 1;
  }
  return std::nullopt;
}

pid_t Spawn(const std::vector<std::string>& args, const std::filesystem::path& output) {
  const pid_t pid = ::fork();
  if (pid != 0) {
    return pid;
  }
  const int fd = ::open(output.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
  if (fd >= 0) {
    ::dup2(fd, STDOUT_FILENO);
    ::dup2(fd, STDERR_FILENO);
    ::close(fd);
  }
  std::vector<std::string> storage = args;
  std::vector<char*> argv;
  for (auto& arg : storage) {
    argv.push_back(arg.data());
  }
  argv.push_back(nullptr);
  ::execv(argv[0], argv.data());
  ::_exit(127);
}

// Waits up to `timeout` for `pid`; SIGKILLs it after that. Returns the exit code or 128+signal.
int WaitOrKill(pid_t pid, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  int status = 0;
  while (std::chrono::steady_clock::now() < deadline) {
    if (::waitpid(pid, &status, WNOHANG) == pid) {
      return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }
    std::this_thread::sleep_for(20ms);
  }
  ::kill(pid, SIGKILL);
  ::waitpid(pid, &status, 0);
  return -1;
}

uint16_t FreePort() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  socklen_t length = sizeof(address);
  uint16_t port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0) {
    port = ntohs(address.sin_port);
  }
  ::close(fd);
  return port;
}

bool Accepts(uint16_t port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(port);
  const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0;
  ::close(fd);
  return ok;
}

bool WaitUntil(const std::function<bool()>& condition, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (condition()) {
      return true;
    }
    std::this_thread::sleep_for(50ms);
  }
  return condition();
}

size_t CountOf(const std::string& text, const std::string& needle) {
  size_t count = 0;
  for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) {
    ++count;
  }
  return count;
}

// A mosquitto broker of our own on 127.0.0.1:<port>; killed (bounded) when destroyed.
class Broker {
 public:
  Broker(const TempDir& dir, uint16_t port) : port_(port), log_(dir / "mosquitto.log") {
    const auto binary = FindProgram("mosquitto");
    if (!binary) {
      return;
    }
    const auto config = dir / "mosquitto.conf";
    std::ofstream(config) << "listener " << port << " 127.0.0.1\n"
                          << "allow_anonymous true\n"
                          << "persistence false\n"
                          << "log_dest stdout\n";
    pid_ = Spawn({binary->string(), "-c", config.string()}, log_);
    if (!WaitUntil([this] { return Accepts(port_); }, 10s)) {
      Kill();
    }
  }

  ~Broker() { Kill(); }

  Broker(const Broker&) = delete;
  Broker& operator=(const Broker&) = delete;

  [[nodiscard]] bool running() const { return pid_ > 0; }

  void Kill() {
    if (pid_ > 0) {
      ::kill(pid_, SIGTERM);
      WaitOrKill(pid_, 5s);
      pid_ = -1;
    }
  }

  [[nodiscard]] std::string Log() const { return ReadFileText(log_); }

 private:
  uint16_t port_;
  std::filesystem::path log_;
  pid_t pid_ = -1;
};

// mosquitto_pub -q 1: returns once the broker has the message.
void Publish(const TempDir& dir, uint16_t port, const std::string& topic,
             const std::string& payload) {
  const auto binary = FindProgram("mosquitto_pub");
  ASSERT_TRUE(binary.has_value())
      << "mosquitto_pub is not installed (package mosquitto-clients): run scripts/install-deps.sh";
  const pid_t pid = Spawn({binary->string(), "-h", "127.0.0.1", "-p", std::to_string(port), "-q",
                           "1", "-t", topic, "-m", payload},
                          dir / "mosquitto_pub.log");
  ASSERT_EQ(WaitOrKill(pid, 10s), 0) << ReadFileText(dir / "mosquitto_pub.log");
}

std::string Now() {
  return core::FormatRfc3339(
      std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now()));
}

std::string Camera(const std::string& store, const std::string& camera, const std::string& zone,
                   int people) {
  return R"({"type":"camera.count","store_id":")" + store + R"(","ts":")" + Now() +
         R"(","camera":")" + camera + R"(","zone":")" + zone + R"(","people":)" +
         std::to_string(people) + R"(,"queue":0,"in":1,"out":0})";
}

std::string Presence(const std::string& mac, int rssi) {
  return R"({"type":"presence","store_id":"store_001","ts":")" + Now() + R"(","device_id":")" +
         mac + R"(","zone":"produce","rssi":)" + std::to_string(rssi) + "}";
}

std::optional<int> Occupancy(HttpClient& client, const std::string& zone_id) {
  auto live = client.Get("/api/v1/stores/store_001/live");
  if (live.status != 200) {
    return std::nullopt;
  }
  const json body = json::parse(live.body);
  for (const auto& zone : body["zones"]) {
    if (zone["zone_id"] == zone_id && zone["occupancy"].is_number()) {
      return zone["occupancy"].get<int>();
    }
  }
  return std::nullopt;
}

json MqttDeadLetters(HttpClient& client) {
  json letters = json::array();
  auto reply = client.Get("/api/v1/dead-letter");
  if (reply.status == 200) {
    // Named: a range-for over a member of a temporary would dangle (C++20 lifetime rules).
    const json body = json::parse(reply.body);
    for (const auto& letter : body["dead_letters"]) {
      if (letter["source"] == "mqtt") {
        letters.push_back(letter);
      }
    }
  }
  return letters;
}

int PutSupercenter(HttpClient& client) {
  return client
      .Send("PUT", "/api/v1/stores/store_001",
            ReadFileText(SourcePath("data/stores/supercenter.json")))
      .status;
}

void RequireMosquitto() {
  ASSERT_TRUE(FindProgram("mosquitto").has_value())
      << "mosquitto is not installed: run scripts/install-deps.sh (the MQTT tests need a real "
         "broker)";
}

TEST(MqttIngest, PublishedEventsAreStoredAndBadOnesDeadLettered) {
  RequireMosquitto();
  TempDir dir;
  const uint16_t broker_port = FreePort();
  Broker broker(dir, broker_port);
  ASSERT_TRUE(broker.running()) << broker.Log();
  const auto db = dir / "mqtt.db";
  const std::string url = "tcp://127.0.0.1:" + std::to_string(broker_port);
  const std::vector<std::string> macs = {"a4:5e:60:c1:22:9b", "3C-22-FB-10-AA-07"};
  std::string dead_letter_text;
  {
    ServerProcess server(db, dir.path(), {"--mqtt", url, "--mqtt-client-id", "storeops-test-a"});
    ASSERT_TRUE(server.running()) << server.Log();
    HttpClient client("127.0.0.1", server.port());
    ASSERT_EQ(PutSupercenter(client), 201);
    ASSERT_TRUE(
        WaitUntil([&] { return server.Log().find("mqtt: connected") != std::string::npos; }, 15s))
        << server.Log();

    // One event, NDJSON with a bad event among good ones, an array, and the mismatches.
    Publish(dir, broker_port, "storeops/store_001/camera.count",
            Camera("store_001", "cam-garden", "garden_centre", 12));
    Publish(dir, broker_port, "storeops/store_001/presence",
            Presence(macs[0], -60) + "\n" + Presence(macs[1], -55) + "\n" + Presence(macs[0], 40) +
                "\n");
    Publish(
        dir, broker_port, "storeops/store_001/pos.transaction",
        R"([{"type":"pos.transaction","store_id":"store_001","ts":")" + Now() +
            R"(","basket_id":"b-mqtt-1","lane":"L01","tender":"card","lines":[{"sku":"0300101","qty":2,"unit_price":1.29}]}])");
    Publish(dir, broker_port, "storeops/store_002/camera.count",
            Camera("store_001", "cam-toys", "toys", 7));
    Publish(dir, broker_port, "storeops/store_001/weather",
            Camera("store_001", "cam-toys", "toys", 8));
    Publish(dir, broker_port, "storeops/store_001/camera.count", "not json at all");

    json letters;
    ASSERT_TRUE(WaitUntil(
        [&] {
          letters = MqttDeadLetters(client);
          return letters.size() >= 4;
        },
        15s))
        << letters.dump() << "\n"
        << server.Log() << broker.Log() << ReadFileText(dir / "mosquitto_pub.log");
    std::vector<std::string> fields;
    for (const auto& letter : letters) {
      fields.push_back(letter["field"]);
    }
    std::sort(fields.begin(), fields.end());
    EXPECT_EQ(fields, (std::vector<std::string>{"", "rssi", "store_id", "type"})) << letters.dump();
    for (const auto& letter : letters) {
      if (letter["field"] == "store_id") {
        EXPECT_NE(letter["reason"].get<std::string>().find("store_002"), std::string::npos)
            << letter.dump();
      }
    }
    ASSERT_TRUE(WaitUntil([&] { return Occupancy(client, "garden_centre") == 12; }, 10s));
    EXPECT_NE(Occupancy(client, "toys"), 7);  // the mismatched event was not counted
    dead_letter_text = client.Get("/api/v1/dead-letter").body;
    EXPECT_EQ(server.Stop(SIGTERM), 0) << server.Log();
    dead_letter_text += server.Log();
  }

  for (const auto& mac : macs) {
    for (const auto& spelling : MacSpellings(mac)) {
      EXPECT_EQ(dead_letter_text.find(spelling), std::string::npos)
          << "identifier found in a dead letter or the log: " << mac;
    }
  }

  auto database = storage_sqlite::OpenDatabase({.path = db.string()});
  ASSERT_TRUE(database.has_value()) << database.error().message;
  auto counts = (*database)->events().CountEvents();
  ASSERT_TRUE(counts.has_value()) << counts.error().message;
  EXPECT_EQ(counts->camera_counts, 1);
  EXPECT_EQ(counts->presence, 2);
  EXPECT_EQ(counts->pos_transactions, 1);
  EXPECT_EQ(counts->total(), 4);
  ASSERT_TRUE((*database)->Close().has_value());
  broker.Kill();
}

// The broker is down when serve starts: serve answers HTTP at once, says so once in its log, and
// subscribes when the broker appears. Messages published while serve is stopped wait in the
// broker for its persistent session. Losing the broker later does not stop serve either.
TEST(MqttIngest, ServeOutlivesTheBrokerAndCatchesUpWithItsSession) {
  RequireMosquitto();
  TempDir dir;
  const uint16_t broker_port = FreePort();
  const auto db = dir / "mqtt.db";
  const std::vector<std::string> args = {"--mqtt", "tcp://127.0.0.1:" + std::to_string(broker_port),
                                         "--mqtt-client-id", "storeops-test-b"};
  {
    ServerProcess server(db, dir.path(), args);
    ASSERT_TRUE(server.running()) << server.Log();
    HttpClient client("127.0.0.1", server.port());
    EXPECT_EQ(client.Get("/healthz").status, 200);
    ASSERT_EQ(PutSupercenter(client), 201);
    std::this_thread::sleep_for(2s);  // several failed connects (backoff 250 ms, 500 ms, 1 s)
    EXPECT_EQ(CountOf(server.Log(), "mqtt: cannot connect"), 1U) << server.Log();
    EXPECT_EQ(client.Get("/healthz").status, 200);

    Broker broker(dir, broker_port);
    ASSERT_TRUE(broker.running()) << broker.Log();
    ASSERT_TRUE(
        WaitUntil([&] { return server.Log().find("mqtt: connected") != std::string::npos; }, 20s))
        << server.Log();
    Publish(dir, broker_port, "storeops/store_001/camera.count",
            Camera("store_001", "cam-toys", "toys", 9));
    EXPECT_TRUE(WaitUntil([&] { return Occupancy(client, "toys") == 9; }, 10s)) << server.Log();

    // serve stops; the broker keeps what is published for the session until it is back.
    EXPECT_EQ(server.Stop(SIGTERM), 0) << server.Log();
    Publish(dir, broker_port, "storeops/store_001/camera.count",
            Camera("store_001", "cam-garden", "garden_centre", 21));
    ServerProcess restarted(db, dir.path(), args);
    ASSERT_TRUE(restarted.running()) << restarted.Log();
    HttpClient again("127.0.0.1", restarted.port());
    EXPECT_TRUE(WaitUntil([&] { return Occupancy(again, "garden_centre") == 21; }, 15s))
        << restarted.Log();

    // The broker dies: serve logs the loss once and keeps serving.
    broker.Kill();
    EXPECT_TRUE(WaitUntil(
        [&] { return restarted.Log().find("mqtt: connection lost") != std::string::npos; }, 10s))
        << restarted.Log();
    EXPECT_EQ(again.Get("/healthz").status, 200);
    EXPECT_EQ(restarted.Stop(SIGTERM), 0) << restarted.Log();
  }
}

}  // namespace
}  // namespace storeops::testing
