// SPDX-License-Identifier: Apache-2.0
#include <fmt/format.h>

#include "storeops/core/ids.hpp"
#include "storeops/live/hub.hpp"

#include "error_mapping.hpp"
#include "request_parsing.hpp"
#include "routes.hpp"

namespace storeops::api::internal {

void AddLiveRoutes(Router& router, service::StoreCatalog& catalog, live::LiveHub& hub) {
  // Fast: an in-memory snapshot of one store, so it runs on the I/O thread.
  router.Add(Method::kGet, "/api/v1/stores/{id}/live", [&catalog, &hub](const Request& request) {
    auto id = ParseStoreId(request.Param("id"), "id");
    if (!id) {
      return ErrorResponse(id.error(), request.request_id);
    }
    auto store = catalog.GetStore(*id);
    if (!store) {
      return ErrorResponse(store.error(), request.request_id);
    }
    Response response = JsonResponse(200, hub.RenderLive(**store));
    response.headers.emplace_back("Cache-Control", "no-store");
    return response;
  });

  // The server upgrades WebSocket requests on this path before routing; whatever reaches the
  // router is a plain GET.
  router.Add(Method::kGet, "/api/v1/stream", [](const Request& request) {
    Response response = ProtocolErrorResponse(
        426, "UPGRADE_REQUIRED",
        "GET /api/v1/stream is a WebSocket: send Connection: Upgrade and Upgrade: websocket",
        request.request_id);
    response.headers.emplace_back("Upgrade", "websocket");
    return response;
  });
}

}  // namespace storeops::api::internal
