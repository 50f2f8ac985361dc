// SPDX-License-Identifier: Apache-2.0
#include "metrics.hpp"

#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>

#include <fmt/format.h>
#include <unistd.h>

namespace storeops::api::internal {
namespace {

struct ProcessFigures {
  double cpu_seconds = 0;
  double resident_bytes = 0;
  double virtual_bytes = 0;
  double open_fds = 0;
  double threads = 0;
};

// /proc is the only portable-enough source on the Linux boxes StoreOps targets; any field that
// cannot be read is reported as 0 rather than failing the scrape.
ProcessFigures ReadProcessFigures() {
  ProcessFigures figures;
  const double ticks = static_cast<double>(::sysconf(_SC_CLK_TCK));
  const double page = static_cast<double>(::sysconf(_SC_PAGESIZE));
  std::ifstream stat("/proc/self/stat");
  std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
  // Fields after the ")" that closes the command name; utime/stime are fields 14 and 15.
  if (auto close = text.rfind(')'); close != std::string::npos) {
    std::istringstream fields(text.substr(close + 2));
    std::vector<std::string> values{std::istream_iterator<std::string>(fields),
                                    std::istream_iterator<std::string>()};
    if (values.size() > 22) {
      figures.cpu_seconds = (std::stod(values[11]) + std::stod(values[12])) / ticks;
      figures.threads = std::stod(values[17]);
      figures.virtual_bytes = std::stod(values[20]);
      figures.resident_bytes = std::stod(values[21]) * page;
    }
  }
  std::error_code ec;
  for (auto it = std::filesystem::directory_iterator("/proc/self/fd", ec);
       !ec && it != std::filesystem::directory_iterator(); it.increment(ec)) {
    figures.open_fds += 1;
  }
  return figures;
}

template <class... Args>
void Append(fmt::memory_buffer& out, fmt::format_string<Args...> format, Args&&... args) {
  fmt::format_to(std::back_inserter(out), format, std::forward<Args>(args)...);
}

}  // namespace

Metrics::Metrics(const std::vector<RouteInfo>& routes) {
  for (const auto& route : routes) {
    auto slot = std::make_unique<Slot>();
    slot->route = route.pattern;
    slot->method = std::string(MethodName(route.method));
    slots_.push_back(std::move(slot));
  }
  auto unmatched = std::make_unique<Slot>();
  unmatched->route = "unmatched";
  unmatched->method = "any";
  slots_.push_back(std::move(unmatched));
}

Metrics::~Metrics() = default;

void Metrics::Record(size_t slot_index, int status, std::chrono::nanoseconds latency) {
  Slot& slot = *slots_[slot_index < slots_.size() ? slot_index : UnmatchedSlot()];
  const auto status_index = static_cast<size_t>(status >= 0 && status < 600 ? status : 0);
  slot.by_status[status_index].fetch_add(1, std::memory_order_relaxed);
  const double seconds = std::chrono::duration<double>(latency).count();
  size_t bucket = 0;
  while (bucket < kBucketSeconds.size() && seconds > kBucketSeconds[bucket]) {
    ++bucket;
  }
  slot.buckets[bucket].fetch_add(1, std::memory_order_relaxed);
  slot.latency_sum_ns.fetch_add(static_cast<uint64_t>(latency.count()), std::memory_order_relaxed);
  slot.count.fetch_add(1, std::memory_order_relaxed);
}

std::string Metrics::RenderPrometheus() const {
  fmt::memory_buffer out;
  Append(
      out,
      "# HELP storeops_http_requests_total HTTP requests answered, by route, method and status.\n"
      "# TYPE storeops_http_requests_total counter\n");
  for (const auto& slot : slots_) {
    for (size_t status = 0; status < slot->by_status.size(); ++status) {
      const uint64_t n = slot->by_status[status].load(std::memory_order_relaxed);
      if (n != 0) {
        Append(out, "storeops_http_requests_total{{route=\"{}\",method=\"{}\",status=\"{}\"}} {}\n",
               slot->route, slot->method, status, n);
      }
    }
  }
  Append(out,
         "# HELP storeops_http_request_duration_seconds Time from request read to response ready.\n"
         "# TYPE storeops_http_request_duration_seconds histogram\n");
  for (const auto& slot : slots_) {
    const uint64_t count = slot->count.load(std::memory_order_relaxed);
    if (count == 0) {
      continue;
    }
    uint64_t cumulative = 0;
    for (size_t b = 0; b < slot->buckets.size(); ++b) {
      cumulative += slot->buckets[b].load(std::memory_order_relaxed);
      const std::string le =
          b < kBucketSeconds.size() ? fmt::format("{}", kBucketSeconds[b]) : "+Inf";
      Append(
          out,
          "storeops_http_request_duration_seconds_bucket{{route=\"{}\",method=\"{}\",le=\"{}\"}} "
          "{}\n",
          slot->route, slot->method, le, cumulative);
    }
    Append(out, "storeops_http_request_duration_seconds_sum{{route=\"{}\",method=\"{}\"}} {}\n",
           slot->route, slot->method,
           static_cast<double>(slot->latency_sum_ns.load(std::memory_order_relaxed)) / 1e9);
    Append(out, "storeops_http_request_duration_seconds_count{{route=\"{}\",method=\"{}\"}} {}\n",
           slot->route, slot->method, count);
  }
  const ProcessFigures process = ReadProcessFigures();
  const double start_seconds = std::chrono::duration<double>(started_.time_since_epoch()).count();
  Append(out,
         "# HELP storeops_http_open_connections HTTP connections open now.\n"
         "# TYPE storeops_http_open_connections gauge\n"
         "storeops_http_open_connections {}\n",
         open_connections_.load(std::memory_order_relaxed));
  Append(out,
         "# HELP process_cpu_seconds_total User and system CPU time spent.\n"
         "# TYPE process_cpu_seconds_total counter\nprocess_cpu_seconds_total {}\n"
         "# HELP process_resident_memory_bytes Resident memory size.\n"
         "# TYPE process_resident_memory_bytes gauge\nprocess_resident_memory_bytes {}\n"
         "# HELP process_virtual_memory_bytes Virtual memory size.\n"
         "# TYPE process_virtual_memory_bytes gauge\nprocess_virtual_memory_bytes {}\n"
         "# HELP process_open_fds Open file descriptors.\n"
         "# TYPE process_open_fds gauge\nprocess_open_fds {}\n"
         "# HELP process_threads Threads in the process.\n"
         "# TYPE process_threads gauge\nprocess_threads {}\n"
         "# HELP process_start_time_seconds Start time since the Unix epoch.\n"
         "# TYPE process_start_time_seconds gauge\nprocess_start_time_seconds {:.3f}\n",
         process.cpu_seconds, process.resident_bytes, process.virtual_bytes, process.open_fds,
         process.threads, start_seconds);
  return fmt::to_string(out);
}

}  // namespace storeops::api::internal
