// SPDX-License-Identifier: Apache-2.0
// The request path without the network: routing, the cached store list, a store definition
// serialised and parsed, and the JSON error body. The HTTP figures of record come from
// bench/wrk_store_list.sh against the real binary.
#include <benchmark/benchmark.h>

#include "storeops/store_definition/store_json.hpp"
#include "storeops/testing/fixtures.hpp"
#include "storeops/testing/memory_storage.hpp"

#include "routes.hpp"

namespace storeops::api::internal {
namespace {

struct Fixture {
  Fixture() : catalog(database.stores()), health(database) {
    auto sample = store_definition::ReadStoreFile(
        testing::SourcePath("data/stores/supercenter.json").string());
    if (!sample || !catalog.SaveStore(*sample)) {
      std::abort();
    }
    AddSystemRoutes(router, health, [] { return std::string(); });
    AddStoreRoutes(router, catalog);
  }

  testing::MemoryDatabase database;
  service::StoreCatalog catalog;
  service::HealthCheck health;
  Router router;
};

Fixture& Shared() {
  static Fixture fixture;
  return fixture;
}

void BM_RouteAndServeStoreList(benchmark::State& state) {
  Fixture& fixture = Shared();
  for (auto _ : state) {
    Request request;
    request.method = Method::kGet;
    request.path = "/api/v1/stores";
    Response response = fixture.router.Dispatch(request);
    benchmark::DoNotOptimize(response.body.data());
  }
  state.SetItemsProcessed(state.iterations());
}

BENCHMARK(BM_RouteAndServeStoreList);

void BM_RouteWithPathParameterToNotFound(benchmark::State& state) {
  Fixture& fixture = Shared();
  for (auto _ : state) {
    Request request;
    request.method = Method::kGet;
    request.path = "/api/v1/stores/store_404";
    Response response = fixture.router.Dispatch(request);
    benchmark::DoNotOptimize(response.body.data());
  }
  state.SetItemsProcessed(state.iterations());
}

BENCHMARK(BM_RouteWithPathParameterToNotFound);

void BM_GetWholeStoreDefinition(benchmark::State& state) {
  Fixture& fixture = Shared();
  size_t bytes = 0;
  for (auto _ : state) {
    Request request;
    request.method = Method::kGet;
    request.path = "/api/v1/stores/store_001";
    Response response = fixture.router.Dispatch(request);
    bytes += response.body.size();
    benchmark::DoNotOptimize(response.body.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
}

BENCHMARK(BM_GetWholeStoreDefinition);

void BM_ParseAndValidateSampleStore(benchmark::State& state) {
  const std::string text =
      testing::ReadFileText(testing::SourcePath("data/stores/supercenter.json"));
  for (auto _ : state) {
    auto store = store_definition::ParseStoreJson(text);
    benchmark::DoNotOptimize(store.has_value());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(text.size()));
}

BENCHMARK(BM_ParseAndValidateSampleStore);

void BM_ErrorResponseWithDetails(benchmark::State& state) {
  const core::Error error{core::ErrorCode::kInvalidArgument,
                          "store definition has 2 problems",
                          {{"zones[3].area_m2", "must be positive"},
                           {"skus[12].category", "unknown category 'snackz'"}}};
  for (auto _ : state) {
    Response response = ErrorResponse(error, "req-1");
    benchmark::DoNotOptimize(response.body.data());
  }
}

BENCHMARK(BM_ErrorResponseWithDetails);

}  // namespace
}  // namespace storeops::api::internal

BENCHMARK_MAIN();
