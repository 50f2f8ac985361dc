// SPDX-License-Identifier: Apache-2.0
#include <memory>
#include <utility>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "storeops/service/simulation_service.hpp"

#include "field_errors.hpp"
#include "request_parsing.hpp"
#include "routes.hpp"
#include "routes_jobs.hpp"

namespace storeops::api::internal {
namespace {

constexpr std::string_view kKind = "simulation";

// The body: {"store_id", "scenario"?, "compare"?, "days"?, "seed"?, "replications"?}.
core::Result<service::SimulationRequest> ParseSimulationRequest(const nlohmann::json& body) {
  service::SimulationRequest request;
  const auto store_id = body.find("store_id");
  if (store_id == body.end() || !store_id->is_string()) {
    return core::Fail(BadField("store_id", "is required (a string)"));
  }
  auto id = ParseStoreId(store_id->get<std::string>(), "store_id");
  if (!id) {
    return core::Fail(id.error());
  }
  request.store_id = *id;
  for (const auto* name : {"scenario", "compare"}) {
    const auto found = body.find(name);
    if (found == body.end() || found->is_null()) {
      continue;
    }
    if (!found->is_object()) {
      return core::Fail(BadField(name, "must be a scenario object"));
    }
    (std::string_view(name) == "scenario" ? request.scenario_json : request.compare_json) =
        found->dump();
  }
  if (const auto days = body.find("days"); days != body.end() && !days->is_null()) {
    if (!days->is_number_integer()) {
      return core::Fail(BadField("days", "must be a whole number"));
    }
    request.days = days->get<int32_t>();
  }
  if (const auto seed = body.find("seed"); seed != body.end() && !seed->is_null()) {
    if (!seed->is_number_unsigned()) {
      return core::Fail(BadField("seed", "must be a non-negative whole number"));
    }
    request.seed = seed->get<uint64_t>();
  }
  if (const auto reps = body.find("replications"); reps != body.end() && !reps->is_null()) {
    if (!reps->is_number_integer()) {
      return core::Fail(BadField("replications", "must be a whole number"));
    }
    request.replications = reps->get<int32_t>();
  }
  return request;
}

}  // namespace

void AddSimulationRoutes(Router& router, service::SimulationService& simulations,
                         service::JobRunner& jobs) {
  // Blocking: checking the request may load the store from the database.
  router.Add(
      Method::kPost, "/api/v1/simulations",
      [&simulations, &jobs](const Request& request) {
        auto body = JsonObjectBody(request);
        if (!body) {
          return ErrorResponse(body.error(), request.request_id);
        }
        auto parsed = ParseSimulationRequest(*body);
        if (!parsed) {
          return ErrorResponse(parsed.error(), request.request_id);
        }
        auto prepared = simulations.Prepare(*parsed);
        if (!prepared) {
          return ErrorResponse(prepared.error(), request.request_id);
        }
        auto shared = std::make_shared<const service::PreparedSimulation>(std::move(*prepared));
        auto job_id = jobs.Submit(std::string(kKind), parsed->store_id.value(),
                                  [&simulations, shared](service::JobContext& job) {
                                    return simulations.Run(*shared, job);
                                  });
        return JobAccepted(job_id,
                           job_id ? fmt::format("/api/v1/simulations/{}", *job_id) : std::string(),
                           request.request_id);
      },
      /*blocking=*/true);

  router.Add(Method::kGet, "/api/v1/simulations/{id}", [&jobs](const Request& request) {
    auto job = jobs.Get(request.Param("id"));
    if (!job || job->kind != kKind) {
      return ErrorResponse({core::ErrorCode::kNotFound,
                            fmt::format("simulation '{}' does not exist", request.Param("id")),
                            {}},
                           request.request_id);
    }
    Response response = JsonResponse(200, JobSnapshotJson(*job).dump());
    response.headers.emplace_back("Cache-Control", "no-store");
    return response;
  });

  // Recent simulations, newest first, without their (large) results.
  router.Add(Method::kGet, "/api/v1/simulations", [&jobs](const Request& request) {
    auto store = QueryParam(request.query, "store_id");
    if (!store) {
      return ErrorResponse(store.error(), request.request_id);
    }
    nlohmann::json list = nlohmann::json::array();
    for (auto& job : jobs.List(kKind)) {
      if (*store && job.store_id != **store) {
        continue;
      }
      job.result_json.clear();
      nlohmann::json item = JobSnapshotJson(job);
      item.erase("result");
      list.push_back(std::move(item));
    }
    Response response = JsonResponse(200, nlohmann::json{{"simulations", std::move(list)}}.dump());
    response.headers.emplace_back("Cache-Control", "no-store");
    return response;
  });
}

}  // namespace storeops::api::internal
