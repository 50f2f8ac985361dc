// SPDX-License-Identifier: Apache-2.0
// Readiness: is every dependency this process needs reachable right now? GET /readyz asks it.
#pragma once

#include "storeops/core/result.hpp"
#include "storeops/storage/database.hpp"

namespace storeops::service {

class HealthCheck {
 public:
  explicit HealthCheck(storage::Database& database) : database_(database) {}

  /// Ok when storage answers; kUnavailable naming what is down otherwise. Thread-safe.
  [[nodiscard]] core::Status CheckReady() { return database_.Ping(); }

 private:
  storage::Database& database_;
};

}  // namespace storeops::service
