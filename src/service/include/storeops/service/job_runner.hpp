// SPDX-License-Identifier: Apache-2.0
// Long work started over HTTP (a simulation, a week's roster, a model training) runs as a job:
// the request returns 202 with the job's id at once, the work runs on the runner's own threads
// and reports progress, and the client polls GET .../{id} until the job is done. The runner is
// generic: a job is a function returning its result as a JSON document, rendered by whoever
// submitted it, so the service layer stays free of HTTP and JSON types.
//
//   service::JobRunner jobs({.workers = 1}, clock);
//   auto id = jobs.Submit("simulation", store_id, [=](service::JobContext& job) {
//     job.Report(0.5, "replication 1 of 2");
//     if (job.Cancelled()) return core::Result<std::string>(core::Fail(kCancelled, "..."));
//     return core::Result<std::string>(R"({"revenue": 1})");
//   });
//   auto snapshot = jobs.Get(*id);   // state, progress, message, result_json or error
#pragma once

#include <atomic>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storeops/core/result.hpp"
#include "storeops/core/time.hpp"

namespace storeops::service {

enum class JobState { kQueued, kRunning, kSucceeded, kFailed, kCancelled };

/// "queued", "running", "succeeded", "failed", "cancelled".
[[nodiscard]] std::string_view JobStateName(JobState state);

/// What a client sees of a job at one moment.
struct JobSnapshot {
  std::string id;        ///< Opaque, unguessable ("job_" + 16 hex digits).
  std::string kind;      ///< "simulation", "schedule", ...
  std::string store_id;  ///< The store it concerns; empty for none.
  JobState state = JobState::kQueued;
  double progress = 0.0;  ///< 0..1, never decreasing.
  std::string message;    ///< Last progress message, for people ("replication 2 of 5").
  core::Timestamp created;
  std::optional<core::Timestamp> started;
  std::optional<core::Timestamp> finished;
  std::string result_json;           ///< Set when kSucceeded.
  std::optional<core::Error> error;  ///< Set when kFailed or kCancelled.
};

/// Handed to a running job: report progress, notice cancellation (shutdown or DELETE).
class JobContext {
 public:
  virtual ~JobContext() = default;
  /// `fraction` is clamped to 0..1 and never moves backwards. Cheap; call it as often as useful.
  virtual void Report(double fraction, std::string message) = 0;
  /// True once the job should stop; a job that sees it returns kCancelled soon.
  [[nodiscard]] virtual bool Cancelled() const = 0;
};

using JobFunction = std::function<core::Result<std::string>(JobContext& job)>;

struct JobRunnerOptions {
  int workers = 1;             ///< Threads running jobs; the in-store box has 2 cores.
  size_t max_pending = 16;     ///< Queued + running; beyond it Submit fails (429 over HTTP).
  size_t keep_finished = 100;  ///< Finished jobs kept for GET; the oldest are forgotten first.
};

/// Thread-safe. The destructor cancels pending work and waits for running jobs to return.
class JobRunner {
 public:
  JobRunner(JobRunnerOptions options, const core::Clock& clock);
  ~JobRunner();
  JobRunner(const JobRunner&) = delete;
  JobRunner& operator=(const JobRunner&) = delete;

  /// Queues `work` and returns the job's id. kFailedPrecondition when max_pending jobs are
  /// already waiting or running, or the runner is shutting down.
  [[nodiscard]] core::Result<std::string> Submit(std::string kind, std::string store_id,
                                                 JobFunction work);

  /// kNotFound for an unknown (or long forgotten) id.
  [[nodiscard]] core::Result<JobSnapshot> Get(std::string_view id) const;

  /// Newest first; `kind` empty: every kind.
  [[nodiscard]] std::vector<JobSnapshot> List(std::string_view kind = {}) const;

  /// Asks a queued or running job to stop; a queued one is cancelled at once. kNotFound for an
  /// unknown id; finished jobs are left as they are.
  [[nodiscard]] core::Status Cancel(std::string_view id);

  /// Cancels everything and waits for the workers. Idempotent.
  void Shutdown();

 private:
  struct State;
  std::shared_ptr<State> state_;
};

}  // namespace storeops::service
