// SPDX-License-Identifier: Apache-2.0
#include <charconv>
#include <cstdint>
#include <string>
#include <utility>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "storeops/service/forecast_service.hpp"

#include "field_errors.hpp"
#include "request_parsing.hpp"
#include "routes.hpp"

namespace storeops::api::internal {
namespace {

core::Result<service::ForecastQuery> ParseForecastQuery(const Request& request) {
  service::ForecastQuery query;
  auto store = RequiredStoreIdQuery(request);
  if (!store) {
    return core::Fail(store.error());
  }
  query.store_id = *store;
  for (auto [name, target] :
       {std::pair{"department", &query.department}, std::pair{"metric", &query.metric},
        std::pair{"granularity", &query.granularity}}) {
    auto value = QueryParam(request.query, name);
    if (!value) {
      return core::Fail(value.error());
    }
    if (*value) {
      *target = **value;
    }
  }
  auto horizon = QueryInteger(request.query, "horizon");
  if (!horizon) {
    return core::Fail(horizon.error());
  }
  if (*horizon) {
    if (**horizon < 1 || **horizon > 10000) {
      return core::Fail(BadField("horizon", "must be between 1 and 10000"));
    }
    query.horizon = static_cast<int>(**horizon);
  }
  auto from = QueryParam(request.query, "from");
  if (!from) {
    return core::Fail(from.error());
  }
  if (*from) {
    auto ts = core::ParseRfc3339(**from);
    if (!ts) {
      return core::Fail(BadField("from", "must be an RFC 3339 time, e.g. 2026-11-23T14:00:00Z"));
    }
    query.from = *ts;
  }
  return query;
}

Response NoStore(Response response) {
  response.headers.emplace_back("Cache-Control", "no-store");
  return response;
}

}  // namespace

void AddForecastRoutes(Router& router, service::ForecastService& forecasts) {
  // Blocking: reads the registry and the roll-ups from the database.
  router.Add(
      Method::kGet, "/api/v1/forecast",
      [&forecasts](const Request& request) {
        auto query = ParseForecastQuery(request);
        if (!query) {
          return ErrorResponse(query.error(), request.request_id);
        }
        auto result = forecasts.Forecast(*query);
        if (!result) {
          return ErrorResponse(result.error(), request.request_id);
        }
        return NoStore(JsonResponse(200, service::ForecastResultJson(*result)));
      },
      /*blocking=*/true);

  router.Add(
      Method::kGet, "/api/v1/forecast/models",
      [&forecasts](const Request& request) {
        auto store = RequiredStoreIdQuery(request);
        if (!store) {
          return ErrorResponse(store.error(), request.request_id);
        }
        auto versions = forecasts.Versions(*store);
        if (!versions) {
          return ErrorResponse(versions.error(), request.request_id);
        }
        nlohmann::json list = nlohmann::json::array();
        nlohmann::json champion = nullptr;
        for (const auto& version : *versions) {
          list.push_back(nlohmann::json::parse(service::ModelVersionJson(version)));
          if (version.champion) {
            champion = version.version;
          }
        }
        const nlohmann::json body = {
            {"store_id", store->value()}, {"champion", champion}, {"versions", std::move(list)}};
        return NoStore(JsonResponse(200, body.dump()));
      },
      /*blocking=*/true);

  // Rollback (or roll forward): the store comes from ?store_id= or the body {"store_id"}.
  router.Add(
      Method::kPost, "/api/v1/forecast/models/{version}/champion",
      [&forecasts](const Request& request) {
        const std::string_view text = request.Param("version");
        int64_t version = 0;
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), version);
        if (ec != std::errc() || end != text.data() + text.size() || version < 1) {
          return ErrorResponse(BadField("version", "must be a positive whole number"),
                               request.request_id);
        }
        auto store_text = QueryParam(request.query, "store_id");
        if (!store_text) {
          return ErrorResponse(store_text.error(), request.request_id);
        }
        std::string store_id = store_text->value_or("");
        if (store_id.empty() && !request.body.empty()) {
          auto body = JsonObjectBody(request);
          if (!body) {
            return ErrorResponse(body.error(), request.request_id);
          }
          if (const auto found = body->find("store_id");
              found != body->end() && found->is_string()) {
            store_id = found->get<std::string>();
          }
        }
        if (store_id.empty()) {
          return ErrorResponse(BadField("store_id", "is required (query or body)"),
                               request.request_id);
        }
        auto store = ParseStoreId(store_id, "store_id");
        if (!store) {
          return ErrorResponse(store.error(), request.request_id);
        }
        auto champion = forecasts.Rollback(*store, version);
        if (!champion) {
          return ErrorResponse(champion.error(), request.request_id);
        }
        return NoStore(JsonResponse(200, service::ModelVersionJson(*champion)));
      },
      /*blocking=*/true);
}

}  // namespace storeops::api::internal
