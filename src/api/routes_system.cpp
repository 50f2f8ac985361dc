// SPDX-License-Identifier: Apache-2.0
#include <utility>

#include "routes.hpp"

namespace storeops::api::internal {

void AddSystemRoutes(Router& router, service::HealthCheck& health,
                     std::function<std::string()> render_metrics) {
  router.Add(Method::kGet, "/healthz",
             [](const Request&) { return JsonResponse(200, R"({"status":"ok"})"); });

  // Blocking: it touches the database, which must never stall an I/O thread.
  router.Add(
      Method::kGet, "/readyz",
      [&health](const Request& request) {
        if (auto ready = health.CheckReady(); !ready) {
          core::Error error = ready.error();
          error.code = core::ErrorCode::kUnavailable;
          error.message = "not ready: storage: " + error.message;
          return ErrorResponse(error, request.request_id);
        }
        return JsonResponse(200, R"({"status":"ready","checks":{"storage":"ok"}})");
      },
      /*blocking=*/true);

  router.Add(Method::kGet, "/metrics", [render = std::move(render_metrics)](const Request&) {
    Response response;
    response.content_type = "text/plain; version=0.0.4; charset=utf-8";
    response.body = render();
    return response;
  });

  router.Add(Method::kGet, "/api/v1/openapi.json",
             [](const Request&) { return JsonResponse(200, std::string(kOpenApiDocument)); });
}

}  // namespace storeops::api::internal
