// SPDX-License-Identifier: Apache-2.0
// Private: how every asynchronous resource (simulations, schedules, trainings) answers: 202 with
// the job's id and where to poll, and one JSON shape for a job's state.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "storeops/api/router.hpp"
#include "storeops/core/result.hpp"
#include "storeops/service/job_runner.hpp"

namespace storeops::api::internal {

/// 202 {"job_id","status":"queued","status_url"} with a Location header; 429 with Retry-After
/// when the runner's queue is full; other errors as usual.
[[nodiscard]] Response JobAccepted(const core::Result<std::string>& job_id,
                                   std::string_view status_url, std::string_view request_id);

/// {"job_id","kind","store_id","status","progress","message","created","started","finished",
///  "result": parsed result JSON or null, "error": {"code","message","details"} or null}.
[[nodiscard]] nlohmann::json JobSnapshotJson(const service::JobSnapshot& job);

/// GET /api/v1/jobs/{id} (any kind) and DELETE /api/v1/jobs/{id} (cancel).
void AddJobRoutes(Router& router, service::JobRunner& jobs);

}  // namespace storeops::api::internal
