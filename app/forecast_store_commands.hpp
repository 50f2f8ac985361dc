// SPDX-License-Identifier: Apache-2.0
// A store's own forecasts in the app (issue #5): `storeops forecast train` and `forecast predict`
// over the database, and the scheduler that retrains every store once a day in `serve`.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <thread>

#include <CLI/CLI.hpp>

#include "storeops/core/time.hpp"
#include "storeops/service/forecast_service.hpp"
#include "storeops/storage/database.hpp"

namespace storeops::app {

/// Adds "train" and "predict" to the `forecast` command; callbacks set `exit_code`.
void AddStoreForecastCommands(CLI::App& forecast, int& exit_code);

/// Trains every store of the database once a day at `hour_utc`:00 UTC on its own thread (when
/// serve starts after a missed run, at once: service::NextNightlyTraining), logging each outcome (a
/// store without enough history is a warning, not an error). Stop() (or the destructor) wakes it
/// and waits for a training in progress to finish.
class ForecastScheduler {
 public:
  /// `hour_utc` < 0 disables the schedule.
  ForecastScheduler(service::ForecastService& forecasts, storage::StoreRepository& stores,
                    const core::Clock& clock, int hour_utc);
  ~ForecastScheduler();
  ForecastScheduler(const ForecastScheduler&) = delete;
  ForecastScheduler& operator=(const ForecastScheduler&) = delete;

  /// Starts the thread; does nothing when disabled.
  void Start();

  /// Idempotent.
  void Stop();

 private:
  void Loop();
  void TrainAll();
  std::optional<core::Timestamp> LastTraining();

  service::ForecastService& forecasts_;
  storage::StoreRepository& stores_;
  const core::Clock& clock_;
  const int hour_utc_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace storeops::app
