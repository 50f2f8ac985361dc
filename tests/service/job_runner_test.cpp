// SPDX-License-Identifier: Apache-2.0
#include "storeops/service/job_runner.hpp"

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <thread>

#include <gtest/gtest.h>

namespace storeops::service {
namespace {

using namespace std::chrono_literals;

// Polls until the job leaves queued/running; the deadline only guards a hang.
JobSnapshot AwaitFinished(const JobRunner& jobs, const std::string& id) {
  const auto deadline = std::chrono::steady_clock::now() + 20s;
  for (;;) {
    auto job = jobs.Get(id);
    EXPECT_TRUE(job.has_value());
    if (!job || (job->state != JobState::kQueued && job->state != JobState::kRunning) ||
        std::chrono::steady_clock::now() > deadline) {
      return job.value_or(JobSnapshot{});
    }
    std::this_thread::sleep_for(2ms);
  }
}

class JobRunnerTest : public ::testing::Test {
 protected:
  core::ManualClock clock_{*core::ParseRfc3339("2026-11-29T10:00:00Z")};
};

TEST_F(JobRunnerTest, ASucceededJobKeepsItsResultAndFullProgress) {
  JobRunner jobs({.workers = 1}, clock_);
  auto id = jobs.Submit("simulation", "s1", [](JobContext& job) -> core::Result<std::string> {
    job.Report(0.5, "half way");
    job.Report(0.2, "a smaller fraction never moves progress back");
    return std::string(R"({"revenue":12})");
  });
  ASSERT_TRUE(id.has_value());
  EXPECT_TRUE(id->starts_with("job_"));
  const JobSnapshot done = AwaitFinished(jobs, *id);
  EXPECT_EQ(done.state, JobState::kSucceeded);
  EXPECT_EQ(done.kind, "simulation");
  EXPECT_EQ(done.store_id, "s1");
  EXPECT_DOUBLE_EQ(done.progress, 1.0);
  EXPECT_EQ(done.message, "a smaller fraction never moves progress back");
  EXPECT_EQ(done.result_json, R"({"revenue":12})");
  EXPECT_TRUE(done.started.has_value());
  EXPECT_TRUE(done.finished.has_value());
  EXPECT_FALSE(done.error.has_value());
}

TEST_F(JobRunnerTest, FailuresAndThrowingJobsAreReportedNotFatal) {
  JobRunner jobs({.workers = 1}, clock_);
  auto failed = jobs.Submit("schedule", "", [](JobContext&) -> core::Result<std::string> {
    return core::Fail(core::ErrorCode::kInvalidArgument, "no employees",
                      {{"employees", "is empty"}});
  });
  auto threw = jobs.Submit("schedule", "", [](JobContext&) -> core::Result<std::string> {
    throw std::runtime_error("solver exploded");
  });
  ASSERT_TRUE(failed && threw);
  const JobSnapshot a = AwaitFinished(jobs, *failed);
  EXPECT_EQ(a.state, JobState::kFailed);
  ASSERT_TRUE(a.error.has_value());
  EXPECT_EQ(a.error->details.at(0).field, "employees");
  const JobSnapshot b = AwaitFinished(jobs, *threw);
  EXPECT_EQ(b.state, JobState::kFailed);
  ASSERT_TRUE(b.error.has_value());
  EXPECT_NE(b.error->message.find("solver exploded"), std::string::npos);
}

TEST_F(JobRunnerTest, CancelStopsARunningJobAndDropsAQueuedOne) {
  JobRunner jobs({.workers = 1}, clock_);
  std::atomic<bool> started{false};
  auto running = jobs.Submit("simulation", "s1", [&](JobContext& job) -> core::Result<std::string> {
    started = true;
    while (!job.Cancelled()) {
      std::this_thread::sleep_for(1ms);
    }
    return core::Fail(core::ErrorCode::kCancelled, "stopped");
  });
  std::atomic<bool> second_ran{false};
  auto queued = jobs.Submit("simulation", "s1", [&](JobContext&) -> core::Result<std::string> {
    second_ran = true;
    return std::string("{}");
  });
  ASSERT_TRUE(running && queued);
  while (!started) {
    std::this_thread::sleep_for(1ms);
  }
  ASSERT_TRUE(jobs.Cancel(*queued).has_value());
  EXPECT_EQ(jobs.Get(*queued)->state, JobState::kCancelled);
  ASSERT_TRUE(jobs.Cancel(*running).has_value());
  EXPECT_EQ(AwaitFinished(jobs, *running).state, JobState::kCancelled);
  jobs.Shutdown();
  EXPECT_FALSE(second_ran.load());
  EXPECT_EQ(jobs.Cancel("job_unknown").error().code, core::ErrorCode::kNotFound);
}

TEST_F(JobRunnerTest, AFullQueueRefusesNewWorkUntilJobsFinish) {
  JobRunner jobs({.workers = 1, .max_pending = 2}, clock_);
  std::atomic<bool> release{false};
  auto blocker = [&](JobContext&) -> core::Result<std::string> {
    while (!release) {
      std::this_thread::sleep_for(1ms);
    }
    return std::string("{}");
  };
  auto first = jobs.Submit("simulation", "", blocker);
  auto second = jobs.Submit("simulation", "", blocker);
  auto third = jobs.Submit("simulation", "", blocker);
  ASSERT_TRUE(first && second);
  ASSERT_FALSE(third.has_value());
  EXPECT_EQ(third.error().code, core::ErrorCode::kFailedPrecondition);
  release = true;
  AwaitFinished(jobs, *first);
  AwaitFinished(jobs, *second);
  EXPECT_TRUE(jobs.Submit("simulation", "", blocker).has_value());
}

TEST_F(JobRunnerTest, OnlyTheNewestFinishedJobsAreKept) {
  JobRunner jobs({.workers = 1, .keep_finished = 2}, clock_);
  std::vector<std::string> ids;
  for (int i = 0; i < 4; ++i) {
    auto id =
        jobs.Submit(i % 2 == 0 ? "simulation" : "schedule", "",
                    [](JobContext&) -> core::Result<std::string> { return std::string("{}"); });
    ASSERT_TRUE(id.has_value());
    AwaitFinished(jobs, *id);
    ids.push_back(*id);
  }
  EXPECT_EQ(jobs.Get(ids[0]).error().code, core::ErrorCode::kNotFound);
  EXPECT_EQ(jobs.Get(ids[1]).error().code, core::ErrorCode::kNotFound);
  EXPECT_TRUE(jobs.Get(ids[3]).has_value());
  EXPECT_EQ(jobs.List().size(), 2U);
  ASSERT_EQ(jobs.List("schedule").size(), 1U);
  EXPECT_EQ(jobs.List("schedule")[0].id, ids[3]);
}

TEST_F(JobRunnerTest, ShutdownCancelsRunningWorkAndRefusesMore) {
  JobRunner jobs({.workers = 1}, clock_);
  std::atomic<bool> started{false};
  auto id = jobs.Submit("simulation", "", [&](JobContext& job) -> core::Result<std::string> {
    started = true;
    while (!job.Cancelled()) {
      std::this_thread::sleep_for(1ms);
    }
    return core::Fail(core::ErrorCode::kCancelled, "server stopping");
  });
  ASSERT_TRUE(id.has_value());
  while (!started) {
    std::this_thread::sleep_for(1ms);
  }
  jobs.Shutdown();
  EXPECT_EQ(jobs.Get(*id)->state, JobState::kCancelled);
  EXPECT_FALSE(
      jobs.Submit("simulation", "",
                  [](JobContext&) -> core::Result<std::string> { return std::string("{}"); })
          .has_value());
  jobs.Shutdown();  // Idempotent.
}

}  // namespace
}  // namespace storeops::service
