// SPDX-License-Identifier: Apache-2.0
#include <mutex>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "storeops/core/ids.hpp"
#include "storeops/store_definition/store_json.hpp"

#include "request_parsing.hpp"
#include "routes.hpp"

namespace storeops::api::internal {
namespace {

core::Result<core::StoreId> StoreIdParam(const Request& request) {
  return ParseStoreId(request.Param("id"), "id");
}

nlohmann::ordered_json SummaryJson(const core::StoreSummary& summary) {
  return {{"id", summary.id.value()},
          {"name", summary.name},
          {"timezone", summary.time_zone},
          {"zone_count", summary.zone_count}};
}

// The store list is what every dashboard and chain overview polls: keep its serialised form and
// rebuild it only when the catalog's version moves.
class StoreListCache {
 public:
  explicit StoreListCache(service::StoreCatalog& catalog) : catalog_(catalog) {}

  core::Result<std::shared_ptr<const std::string>> Body() {
    const uint64_t version = catalog_.version();
    {
      std::lock_guard lock(mutex_);
      if (body_ && version_ == version) {
        return body_;
      }
    }
    auto summaries = catalog_.ListStores();
    if (!summaries) {
      return core::Fail(summaries.error());
    }
    nlohmann::ordered_json stores = nlohmann::ordered_json::array();
    for (const auto& summary : **summaries) {
      stores.push_back(SummaryJson(summary));
    }
    auto body = std::make_shared<const std::string>(
        nlohmann::ordered_json{{"stores", std::move(stores)}}.dump());
    std::lock_guard lock(mutex_);
    body_ = body;
    version_ = version;
    return body;
  }

 private:
  service::StoreCatalog& catalog_;
  std::mutex mutex_;
  std::shared_ptr<const std::string> body_;
  uint64_t version_ = 0;
};

}  // namespace

void AddStoreRoutes(Router& router, service::StoreCatalog& catalog) {
  auto list_cache = std::make_shared<StoreListCache>(catalog);
  router.Add(Method::kGet, "/api/v1/stores", [list_cache](const Request& request) {
    auto body = list_cache->Body();
    if (!body) {
      return ErrorResponse(body.error(), request.request_id);
    }
    return JsonResponse(200, **body);
  });

  router.Add(Method::kGet, "/api/v1/stores/{id}", [&catalog](const Request& request) {
    auto id = StoreIdParam(request);
    if (!id) {
      return ErrorResponse(id.error(), request.request_id);
    }
    auto store = catalog.GetStore(*id);
    if (!store) {
      return ErrorResponse(store.error(), request.request_id);
    }
    return JsonResponse(200, store_definition::WriteStoreJson(**store));
  });

  router.Add(
      Method::kPut, "/api/v1/stores/{id}",
      [&catalog](const Request& request) {
        auto id = StoreIdParam(request);
        if (!id) {
          return ErrorResponse(id.error(), request.request_id);
        }
        if (!IsJsonContentType(request.content_type)) {
          return ErrorResponse(
              {core::ErrorCode::kInvalidArgument,
               fmt::format("body must be application/json, got '{}'", request.content_type),
               {{"Content-Type", "must be application/json"}}},
              request.request_id);
        }
        auto store = store_definition::ParseStoreJson(request.body);
        if (!store) {
          return ErrorResponse(store.error(), request.request_id);
        }
        if (store->id != *id) {
          return ErrorResponse({core::ErrorCode::kInvalidArgument,
                                fmt::format("the body defines store '{}' but the URL names '{}'",
                                            store->id.value(), id->value()),
                                {{"id", "must equal the {id} in the URL"}}},
                               request.request_id);
        }
        const core::StoreSummary summary{store->id, store->name, store->time_zone,
                                         static_cast<int64_t>(store->zones.size())};
        auto outcome = catalog.SaveStore(std::move(*store));
        if (!outcome) {
          return ErrorResponse(outcome.error(), request.request_id);
        }
        const bool created = *outcome == service::SaveOutcome::kCreated;
        Response response = JsonResponse(created ? 201 : 200, SummaryJson(summary).dump());
        response.headers.emplace_back("Location", "/api/v1/stores/" + summary.id.value());
        return response;
      },
      /*blocking=*/true);
}

}  // namespace storeops::api::internal
