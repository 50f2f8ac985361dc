// SPDX-License-Identifier: Apache-2.0
#include "logging.hpp"

#include <chrono>
#include <cstdio>
#include <mutex>

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/base_sink.h>
#include <spdlog/spdlog.h>

namespace storeops::app {
namespace {

void AppendJsonString(std::string_view text, spdlog::memory_buf_t& out) {
  out.push_back('"');
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(c);
    } else if (byte < 0x20) {
      fmt::format_to(std::back_inserter(out), "\\u{:04x}", byte);
    } else {
      out.push_back(c);
    }
  }
  out.push_back('"');
}

class JsonFormatter final : public spdlog::formatter {
 public:
  void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& out) override {
    const auto ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(msg.time.time_since_epoch()).count();
    const std::time_t seconds = static_cast<std::time_t>(ms / 1000);
    // Formatting the date once a second rather than once a line: access logs write thousands of
    // lines a second. Called under the sink's mutex, so the cache needs no lock of its own.
    if (seconds != cached_second_) {
      std::tm utc{};
      gmtime_r(&seconds, &utc);
      cached_date_ = fmt::format("{:04d}-{:02d}-{:02d}T{:02d}:{:02d}:{:02d}", utc.tm_year + 1900,
                                 utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec);
      cached_second_ = seconds;
    }
    fmt::format_to(std::back_inserter(out), R"({{"ts":"{}.{:03d}Z","level":")", cached_date_,
                   ms % 1000);
    const auto level = spdlog::level::to_string_view(msg.level);
    out.append(level.data(), level.data() + level.size());
    out.append(std::string_view(R"(","logger":)"));
    AppendJsonString(std::string_view(msg.logger_name.data(), msg.logger_name.size()), out);
    const std::string_view payload(msg.payload.data(), msg.payload.size());
    // Access lines arrive as JSON objects built by the server: splice their fields in.
    if (msg.logger_name == "access" && payload.size() >= 2 && payload.front() == '{' &&
        payload.back() == '}') {
      out.push_back(',');
      out.append(payload.substr(1));
    } else {
      out.append(std::string_view(R"(,"msg":)"));
      AppendJsonString(payload, out);
      out.push_back('}');
    }
    out.push_back('\n');
  }

  [[nodiscard]] std::unique_ptr<spdlog::formatter> clone() const override {
    return std::make_unique<JsonFormatter>();
  }

 private:
  std::time_t cached_second_ = -1;
  std::string cached_date_;
};

// Buffered stdout: spdlog's stdout sink flushes every line, which costs a system call per HTTP
// request under load. Lines go out when the C buffer fills, every second, and on warnings.
class BufferedStdoutSink final : public spdlog::sinks::base_sink<std::mutex> {
 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    spdlog::memory_buf_t formatted;
    formatter_->format(msg, formatted);
    std::fwrite(formatted.data(), 1, formatted.size(), stdout);
  }

  void flush_() override { std::fflush(stdout); }
};

}  // namespace

void SetupLogging(const std::string& level, bool access_log) {
  auto sink = std::make_shared<BufferedStdoutSink>();
  sink->set_formatter(std::make_unique<JsonFormatter>());
  auto main_logger = std::make_shared<spdlog::logger>("storeops", sink);
  main_logger->set_level(spdlog::level::from_str(level));
  main_logger->flush_on(spdlog::level::warn);
  spdlog::set_default_logger(main_logger);
  spdlog::drop("access");
  if (access_log) {
    auto access = std::make_shared<spdlog::logger>("access", sink);
    access->set_level(spdlog::level::info);
    spdlog::register_logger(access);
  }
  spdlog::flush_every(std::chrono::seconds(1));
}

void FlushLogs() {
  spdlog::apply_all([](const std::shared_ptr<spdlog::logger>& logger) { logger->flush(); });
}

}  // namespace storeops::app
