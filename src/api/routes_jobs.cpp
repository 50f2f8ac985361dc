// SPDX-License-Identifier: Apache-2.0
#include "routes_jobs.hpp"

#include <fmt/format.h>

#include "storeops/core/time.hpp"

#include "error_mapping.hpp"

namespace storeops::api::internal {
namespace {

nlohmann::json TimeOrNull(const std::optional<core::Timestamp>& ts) {
  return ts ? nlohmann::json(core::FormatRfc3339(*ts)) : nlohmann::json(nullptr);
}

nlohmann::json ErrorJson(const core::Error& error) {
  nlohmann::json details = nlohmann::json::array();
  for (const auto& detail : error.details) {
    details.push_back({{"field", detail.field}, {"reason", detail.reason}});
  }
  return {{"code", core::ErrorCodeName(error.code)},
          {"message", error.message},
          {"details", std::move(details)}};
}

}  // namespace

Response JobAccepted(const core::Result<std::string>& job_id, std::string_view status_url,
                     std::string_view request_id) {
  if (!job_id) {
    if (job_id.error().code == core::ErrorCode::kFailedPrecondition) {
      Response busy =
          ProtocolErrorResponse(429, "TOO_MANY_JOBS", job_id.error().message, request_id);
      busy.headers.emplace_back("Retry-After", "10");
      return busy;
    }
    return ErrorResponse(job_id.error(), request_id);
  }
  nlohmann::json body = {{"job_id", *job_id}, {"status", "queued"}, {"status_url", status_url}};
  Response response = JsonResponse(202, body.dump());
  response.headers.emplace_back("Location", std::string(status_url));
  return response;
}

nlohmann::json JobSnapshotJson(const service::JobSnapshot& job) {
  nlohmann::json result = nullptr;
  if (job.state == service::JobState::kSucceeded) {
    // The job rendered it; a result that fails to parse is a bug, shown rather than hidden.
    result = nlohmann::json::parse(job.result_json, nullptr, /*allow_exceptions=*/false);
    if (result.is_discarded()) {
      result = nullptr;
    }
  }
  return {
      {"job_id", job.id},
      {"kind", job.kind},
      {"store_id", job.store_id.empty() ? nlohmann::json(nullptr) : nlohmann::json(job.store_id)},
      {"status", service::JobStateName(job.state)},
      {"progress", job.progress},
      {"message", job.message},
      {"created", core::FormatRfc3339(job.created)},
      {"started", TimeOrNull(job.started)},
      {"finished", TimeOrNull(job.finished)},
      {"result", std::move(result)},
      {"error", job.error ? ErrorJson(*job.error) : nlohmann::json(nullptr)}};
}

void AddJobRoutes(Router& router, service::JobRunner& jobs) {
  router.Add(Method::kGet, "/api/v1/jobs/{id}", [&jobs](const Request& request) {
    auto job = jobs.Get(request.Param("id"));
    if (!job) {
      return ErrorResponse(job.error(), request.request_id);
    }
    Response response = JsonResponse(200, JobSnapshotJson(*job).dump());
    response.headers.emplace_back("Cache-Control", "no-store");
    return response;
  });

  router.Add(Method::kDelete, "/api/v1/jobs/{id}", [&jobs](const Request& request) {
    if (auto cancelled = jobs.Cancel(request.Param("id")); !cancelled) {
      return ErrorResponse(cancelled.error(), request.request_id);
    }
    auto job = jobs.Get(request.Param("id"));
    if (!job) {
      return ErrorResponse(job.error(), request.request_id);
    }
    return JsonResponse(202, JobSnapshotJson(*job).dump());
  });
}

}  // namespace storeops::api::internal
