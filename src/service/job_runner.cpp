// SPDX-License-Identifier: Apache-2.0
#include "storeops/service/job_runner.hpp"

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <exception>
#include <map>
#include <mutex>
#include <random>
#include <thread>
#include <utility>

#include <fmt/format.h>

namespace storeops::service {

std::string_view JobStateName(JobState state) {
  switch (state) {
    case JobState::kQueued:
      return "queued";
    case JobState::kRunning:
      return "running";
    case JobState::kSucceeded:
      return "succeeded";
    case JobState::kFailed:
      return "failed";
    case JobState::kCancelled:
      return "cancelled";
  }
  return "unknown";
}

namespace {

bool IsFinished(JobState state) {
  return state == JobState::kSucceeded || state == JobState::kFailed ||
         state == JobState::kCancelled;
}

struct Job {
  JobSnapshot snapshot;
  JobFunction work;
  std::atomic<bool> cancel_requested{false};
};

}  // namespace

struct JobRunner::State {
  JobRunnerOptions options;
  const core::Clock& clock;
  mutable std::mutex mutex;
  std::condition_variable wake;
  std::map<std::string, std::shared_ptr<Job>, std::less<>> jobs;
  std::deque<std::shared_ptr<Job>> queue;
  std::deque<std::string> finished_order;  ///< Oldest first, for forgetting.
  size_t pending = 0;                      ///< Queued + running.
  bool stopping = false;
  std::mt19937_64 id_source{std::random_device{}()};
  std::vector<std::thread> workers;

  State(JobRunnerOptions opts, const core::Clock& c) : options(opts), clock(c) {}

  // Called with `mutex` held.
  void Finish(Job& job, JobState state) {
    job.snapshot.state = state;
    job.snapshot.finished = clock.Now();
    job.work = nullptr;  // Frees whatever the closure captured (a scenario, a store copy).
    finished_order.push_back(job.snapshot.id);
    while (finished_order.size() > options.keep_finished) {
      jobs.erase(finished_order.front());
      finished_order.pop_front();
    }
  }

  void WorkerLoop();
};

namespace {

class RunningJob final : public JobContext {
 public:
  RunningJob(std::mutex& mutex, Job& job) : mutex_(mutex), job_(job) {}

  void Report(double fraction, std::string message) override {
    const double clamped = std::clamp(fraction, 0.0, 1.0);
    std::lock_guard lock(mutex_);
    job_.snapshot.progress = std::max(job_.snapshot.progress, clamped);
    job_.snapshot.message = std::move(message);
  }

  [[nodiscard]] bool Cancelled() const override { return job_.cancel_requested.load(); }

 private:
  std::mutex& mutex_;
  Job& job_;
};

}  // namespace

void JobRunner::State::WorkerLoop() {
  for (;;) {
    std::shared_ptr<Job> job;
    {
      std::unique_lock lock(mutex);
      wake.wait(lock, [this] { return stopping || !queue.empty(); });
      if (queue.empty()) {
        return;  // Stopping, nothing left.
      }
      job = std::move(queue.front());
      queue.pop_front();
      if (job->cancel_requested.load()) {
        continue;  // Cancel() already finished it.
      }
      job->snapshot.state = JobState::kRunning;
      job->snapshot.started = clock.Now();
    }
    RunningJob context(mutex, *job);
    core::Result<std::string> outcome = core::Fail(core::ErrorCode::kInternal, "job did not run");
    try {
      outcome = job->work(context);
    } catch (const std::exception& e) {
      // A job is third-party-heavy work (a solver, a model fit); one throwing must not take the
      // server down with it.
      outcome = core::Fail(core::ErrorCode::kInternal, fmt::format("job failed: {}", e.what()));
    }
    std::lock_guard lock(mutex);
    --pending;
    if (outcome) {
      job->snapshot.progress = 1.0;
      job->snapshot.result_json = std::move(*outcome);
      Finish(*job, JobState::kSucceeded);
    } else {
      const bool cancelled = outcome.error().code == core::ErrorCode::kCancelled;
      job->snapshot.error = std::move(outcome.error());
      Finish(*job, cancelled ? JobState::kCancelled : JobState::kFailed);
    }
  }
}

JobRunner::JobRunner(JobRunnerOptions options, const core::Clock& clock)
    : state_(std::make_shared<State>(options, clock)) {
  const int workers = std::max(1, options.workers);
  state_->workers.reserve(static_cast<size_t>(workers));
  for (int i = 0; i < workers; ++i) {
    state_->workers.emplace_back([state = state_.get()] { state->WorkerLoop(); });
  }
}

JobRunner::~JobRunner() { Shutdown(); }

core::Result<std::string> JobRunner::Submit(std::string kind, std::string store_id,
                                            JobFunction work) {
  auto job = std::make_shared<Job>();
  std::lock_guard lock(state_->mutex);
  if (state_->stopping) {
    return core::Fail(core::ErrorCode::kFailedPrecondition, "the server is shutting down");
  }
  if (state_->pending >= state_->options.max_pending) {
    return core::Fail(
        core::ErrorCode::kFailedPrecondition,
        fmt::format("{} jobs are already waiting or running; try again later", state_->pending));
  }
  std::string id;
  do {
    id = fmt::format("job_{:016x}", state_->id_source());
  } while (state_->jobs.contains(id));
  job->snapshot.id = id;
  job->snapshot.kind = std::move(kind);
  job->snapshot.store_id = std::move(store_id);
  job->snapshot.created = state_->clock.Now();
  job->work = std::move(work);
  state_->jobs.emplace(id, job);
  state_->queue.push_back(std::move(job));
  ++state_->pending;
  state_->wake.notify_one();
  return id;
}

core::Result<JobSnapshot> JobRunner::Get(std::string_view id) const {
  std::lock_guard lock(state_->mutex);
  auto found = state_->jobs.find(id);
  if (found == state_->jobs.end()) {
    return core::Fail(core::ErrorCode::kNotFound, fmt::format("job '{}' does not exist", id));
  }
  return found->second->snapshot;
}

std::vector<JobSnapshot> JobRunner::List(std::string_view kind) const {
  std::vector<JobSnapshot> list;
  std::lock_guard lock(state_->mutex);
  for (const auto& [id, job] : state_->jobs) {
    if (kind.empty() || job->snapshot.kind == kind) {
      list.push_back(job->snapshot);
    }
  }
  std::sort(list.begin(), list.end(), [](const JobSnapshot& a, const JobSnapshot& b) {
    return a.created != b.created ? a.created > b.created : a.id > b.id;
  });
  return list;
}

core::Status JobRunner::Cancel(std::string_view id) {
  std::lock_guard lock(state_->mutex);
  auto found = state_->jobs.find(id);
  if (found == state_->jobs.end()) {
    return core::Fail(core::ErrorCode::kNotFound, fmt::format("job '{}' does not exist", id));
  }
  Job& job = *found->second;
  if (IsFinished(job.snapshot.state)) {
    return core::Ok();
  }
  job.cancel_requested = true;
  if (job.snapshot.state == JobState::kQueued) {
    // The worker skips it when it reaches the queue entry.
    --state_->pending;
    job.snapshot.error =
        core::Error{core::ErrorCode::kCancelled, "cancelled before it started", {}};
    state_->Finish(job, JobState::kCancelled);
  }
  return core::Ok();
}

void JobRunner::Shutdown() {
  std::vector<std::thread> workers;
  {
    std::lock_guard lock(state_->mutex);
    if (state_->stopping && state_->workers.empty()) {
      return;
    }
    state_->stopping = true;
    for (auto& job : state_->queue) {
      if (!job->cancel_requested.exchange(true)) {
        --state_->pending;
        job->snapshot.error = core::Error{core::ErrorCode::kCancelled, "the server shut down", {}};
        state_->Finish(*job, JobState::kCancelled);
      }
    }
    state_->queue.clear();
    for (auto& [id, job] : state_->jobs) {
      job->cancel_requested = true;  // Running jobs see it and return soon.
    }
    workers = std::move(state_->workers);
    state_->workers.clear();
  }
  state_->wake.notify_all();
  for (auto& worker : workers) {
    worker.join();
  }
}

}  // namespace storeops::service
