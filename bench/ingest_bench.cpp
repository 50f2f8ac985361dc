// SPDX-License-Identifier: Apache-2.0
// The in-memory ingest path on one core (issue #3 targets >= 1,000,000 events/s per core for
// parse + validate + anonymise): decoding and validating bodies alone, and the whole stage that
// IngestService runs before storage (decode, store and zone checks, HMAC tokenisation of presence
// device ids, zone-level reduction, dead letters) through the same service::PrepareIngestBatch.
#include <cstdio>
#include <string>

#include <benchmark/benchmark.h>

#include "storeops/ingest/event_codec.hpp"
#include "storeops/privacy/tokens.hpp"
#include "storeops/service/ingest_service.hpp"
#include "storeops/service/store_catalog.hpp"
#include "storeops/store_definition/store_json.hpp"
#include "storeops/testing/fixtures.hpp"
#include "storeops/testing/memory_storage.hpp"

namespace storeops::ingest {
namespace {

// A realistic mix: mostly presence and camera counts, some tills, a little of the rest.
std::string MakeBody(int events, bool as_array) {
  const std::string kinds[] = {
      R"({"type":"presence","store_id":"store_001","ts":"2026-11-23T14:05:00Z","device_id":"aa:bb:cc:dd:MM:0N","zone":"electronics","rssi":-61})",
      R"({"type":"camera.count","store_id":"store_001","ts":"2026-11-23T14:06:00Z","camera":"cam-entrance-1","zone":"entrance","people":14,"queue":0,"in":3,"out":2})",
      R"({"type":"presence","store_id":"store_001","ts":"2026-11-23T14:05:01Z","device_id":"aa:bb:cc:dd:MM:1N","zone":"produce","rssi":-70})",
      R"({"type":"pos.transaction","store_id":"store_001","ts":"2026-11-23T14:06:10Z","basket_id":"b-9912","lane":"L3","tender":"card","lines":[{"sku":"0001234","qty":2,"unit_price":3.49},{"sku":"0004321","qty":1,"unit_price":12.99}]})",
      R"({"type":"inventory.snapshot","store_id":"store_001","ts":"2026-11-23T06:00:00Z","sku":"0001234","on_hand":40,"on_shelf":12})",
  };
  std::string body = as_array ? "[" : "";
  for (int i = 0; i < events; ++i) {
    if (i > 0) {
      body += as_array ? "," : "\n";
    }
    // Distinct devices, as a real store sends: "MM" becomes two hex digits of the index.
    std::string event = kinds[i % 5];
    if (const size_t mm = event.find("MM"); mm != std::string::npos) {
      char digits[3];
      std::snprintf(digits, sizeof(digits), "%02x", (i / 5) % 256);
      event.replace(mm, 2, digits);
    }
    body += event;
  }
  body += as_array ? "]" : "\n";
  return body;
}

void DecodeBody(benchmark::State& state, bool as_array) {
  const std::string body = MakeBody(1000, as_array);
  DecodeOptions options;
  options.now = *core::ParseRfc3339("2026-11-23T15:00:00Z");
  for (auto _ : state) {
    DecodedBatch batch = DecodeEvents(body, options);
    if (batch.events.size() != 1000) {
      state.SkipWithError("events were rejected");
    }
    benchmark::DoNotOptimize(batch.events.data());
  }
  state.SetItemsProcessed(state.iterations() * 1000);
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(body.size()));
}

void BM_DecodeJsonArrayOf1000(benchmark::State& state) { DecodeBody(state, true); }

BENCHMARK(BM_DecodeJsonArrayOf1000);

void BM_DecodeNdjsonOf1000(benchmark::State& state) { DecodeBody(state, false); }

BENCHMARK(BM_DecodeNdjsonOf1000);

// Parse + validate + anonymise, per batch of 1,000 mixed events (40% presence): DecodeEvents, then
// exactly the pre-storage stage of IngestService::IngestDecoded with the production presence
// filter (keyed HMAC-SHA256 per device and day) over an in-memory store catalog.
void BM_DecodeValidateAnonymiseMixed1000(benchmark::State& state) {
  const std::string body = MakeBody(1000, false);
  DecodeOptions options;
  options.now = *core::ParseRfc3339("2026-11-23T15:00:00Z");
  testing::MemoryStoreRepository store_repository;
  service::StoreCatalog catalog(store_repository);
  auto store = store_definition::ReadStoreFile(testing::SourcePath("data/stores/supercenter.json"));
  if (!store || !catalog.SaveStore(std::move(*store))) {
    state.SkipWithError("cannot load data/stores/supercenter.json");
    return;
  }
  privacy::KeyRing key_ring;
  const service::PresenceFilter presence = service::TokenisingPresenceFilter(key_ring);
  for (auto _ : state) {
    auto prepared = service::PrepareIngestBatch(DecodeEvents(body, options), catalog, presence,
                                                options.now, "bench");
    if (!prepared || prepared->batch.events.size() != 1000) {
      state.SkipWithError("events were rejected");
      break;
    }
    benchmark::DoNotOptimize(prepared->batch.events.data());
  }
  state.SetItemsProcessed(state.iterations() * 1000);
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(body.size()));
}

BENCHMARK(BM_DecodeValidateAnonymiseMixed1000);

}  // namespace
}  // namespace storeops::ingest

BENCHMARK_MAIN();
