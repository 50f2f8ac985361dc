// SPDX-License-Identifier: Apache-2.0
// Any bytes as a POST /api/v1/events body: the decoder must neither crash nor let a rejection's
// payload exceed its bound, and every event it returns must point inside the body.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "storeops/ingest/event_codec.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const storeops::core::Timestamp kNow =
      *storeops::core::ParseRfc3339("2026-11-23T15:00:00Z");
  storeops::ingest::DecodeOptions options;
  options.now = kNow;
  options.max_events = 64;
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  const auto batch = storeops::ingest::DecodeEvents(body, options);
  for (const auto& rejection : batch.rejected) {
    // Payloads are cut at 4 KiB plus the marker that says so.
    if (rejection.payload.size() > 4096 + 64 || rejection.reason.empty()) {
      std::abort();
    }
  }
  for (const auto& event : batch.events) {
    if (event.index > size) {
      std::abort();
    }
  }
  return 0;
}
