// SPDX-License-Identifier: Apache-2.0
// Any bytes as a `storeops import` CSV file: the reader must never crash, must make progress on
// every call (an import cannot hang), and must number rows within the file.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "storeops/ingest/event_csv.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const storeops::core::Timestamp kNow =
      *storeops::core::ParseRfc3339("2026-11-23T15:00:00Z");
  if (size == 0) {
    return 0;
  }
  // The first byte picks whether rows have a default type, so both header shapes are explored.
  storeops::ingest::CsvOptions csv_options;
  if (data[0] % 2 == 0) {
    csv_options.default_type = "camera.count";
  }
  const std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  auto reader = storeops::ingest::CsvEventReader::Open(text, csv_options);
  if (!reader) {
    return 0;
  }
  storeops::ingest::DecodeOptions options;
  options.now = kNow;
  // An upper bound on the file's lines: a lone CR ends a row as LF and CRLF do.
  size_t lines = 1;
  for (size_t i = 0; i < text.size(); ++i) {
    const bool lone_cr = text[i] == '\r' && (i + 1 == text.size() || text[i + 1] != '\n');
    lines += (text[i] == '\n' || lone_cr) ? 1 : 0;
  }
  while (!reader->AtEnd()) {
    const size_t before = reader->offset();
    const auto batch = reader->Next(3, options);
    if (reader->offset() <= before) {
      std::abort();
    }
    for (const auto& event : batch.events) {
      if (event.index < 2 || event.index > lines + 1) {
        std::abort();
      }
    }
    for (const auto& rejection : batch.rejected) {
      if (rejection.index < 2 || rejection.index > lines + 1) {
        std::abort();
      }
    }
  }
  return 0;
}
