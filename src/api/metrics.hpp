// SPDX-License-Identifier: Apache-2.0
// Private: request counters and latency histograms per route, rendered in the Prometheus text
// format with process figures. Lock-free on the request path (relaxed atomics per route slot).
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "storeops/api/router.hpp"

namespace storeops::api::internal {

class Metrics {
 public:
  /// One slot per route plus one for requests that matched none (label route="unmatched").
  explicit Metrics(const std::vector<RouteInfo>& routes);
  ~Metrics();

  [[nodiscard]] size_t UnmatchedSlot() const { return slots_.size() - 1; }

  void Record(size_t slot, int status, std::chrono::nanoseconds latency);

  void ConnectionOpened() { open_connections_.fetch_add(1, std::memory_order_relaxed); }

  void ConnectionClosed() { open_connections_.fetch_sub(1, std::memory_order_relaxed); }

  [[nodiscard]] std::string RenderPrometheus() const;

 private:
  static constexpr std::array<double, 14> kBucketSeconds{
      0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5};

  struct Slot {
    std::string route;
    std::string method;
    std::array<std::atomic<uint64_t>, 600> by_status{};                      // index = HTTP status
    std::array<std::atomic<uint64_t>, kBucketSeconds.size() + 1> buckets{};  // last = +Inf
    std::atomic<uint64_t> latency_sum_ns{0};
    std::atomic<uint64_t> count{0};
  };

  std::vector<std::unique_ptr<Slot>> slots_;
  std::atomic<int64_t> open_connections_{0};
  std::chrono::system_clock::time_point started_ = std::chrono::system_clock::now();
};

}  // namespace storeops::api::internal
