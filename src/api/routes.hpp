// SPDX-License-Identifier: Apache-2.0
// Private: the route table, one function per area so later areas (events, forecasts, staffing)
// add a file and a line in server.cpp.
#pragma once

#include <functional>
#include <string>

#include "storeops/api/router.hpp"
#include "storeops/api/server.hpp"

namespace storeops::api::internal {

/// GET /healthz, /readyz, /metrics, /api/v1/openapi.json.
void AddSystemRoutes(Router& router, service::HealthCheck& health,
                     std::function<std::string()> render_metrics);

/// GET /api/v1/stores, GET and PUT /api/v1/stores/{id}.
void AddStoreRoutes(Router& router, service::StoreCatalog& catalog);

/// POST /api/v1/events, GET /api/v1/dead-letter.
void AddEventRoutes(Router& router, service::IngestService& ingest);

/// GET /api/v1/stores/{id}/live and GET /api/v1/stream (answers 426 unless upgraded).
void AddLiveRoutes(Router& router, service::StoreCatalog& catalog, live::LiveHub& hub);

/// POST /api/v1/simulations (a job), GET /api/v1/simulations[/{id}].
void AddSimulationRoutes(Router& router, service::SimulationService& simulations,
                         service::JobRunner& jobs);

/// GET /api/v1/staff/deployment/predict and /tradeoff, POST/GET /api/v1/staff/schedules,
/// GET/PUT /api/v1/staff/schedules/{id}, GET/PUT/DELETE /api/v1/stores/{id}/labour-standards,
/// GET/POST /api/v1/stores/{id}/employees and GET/PUT/DELETE
/// /api/v1/stores/{id}/employees/{employee_id}.
void AddStaffingRoutes(Router& router, service::StaffingService& staffing,
                       service::JobRunner& jobs);

/// GET /api/v1/forecast, GET /api/v1/forecast/models, POST
/// /api/v1/forecast/models/{version}/champion.
void AddForecastRoutes(Router& router, service::ForecastService& forecasts);

/// The OpenAPI document (docs/openapi.json), embedded at build time.
extern const std::string_view kOpenApiDocument;

}  // namespace storeops::api::internal
