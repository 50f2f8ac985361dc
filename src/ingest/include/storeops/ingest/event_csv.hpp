// SPDX-License-Identifier: Apache-2.0
// CSV events for `storeops import`: a header-mapped CSV file (columns named like the JSON fields
// of docs/EVENTS.md) read in chunks, each row checked by exactly the same rules as a JSON event.
//
//   auto reader = ingest::CsvEventReader::Open(text, {.default_type = "camera.count"});
//   while (!reader->AtEnd()) {
//     ingest::DecodedBatch batch = reader->Next(10'000, options);  // index = CSV line number
//   }
//
// Rows become JSON objects that DecodeEvents checks, so a CSV event is refused for the same
// reasons, in the same words, as the same event sent over HTTP. A `pos.transaction` spans
// consecutive rows with the same store_id and basket_id, one row per basket line.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "storeops/core/result.hpp"
#include "storeops/ingest/event_codec.hpp"

namespace storeops::ingest {

struct CsvOptions {
  /// The event type of rows when the file has no `type` column; "" makes the column required.
  std::string default_type;
};

/// The column names a CSV file may use (the JSON field names, plus sku/qty/unit_price for the
/// lines of a pos.transaction), for documentation and error messages.
[[nodiscard]] std::vector<std::string_view> CsvColumnNames();

class CsvEventReader {
 public:
  /// Reads the header line (a UTF-8 byte-order mark is skipped). kInvalidArgument naming the
  /// column when a column is unknown or repeated, or when there is neither a `type` column nor a
  /// default type. `text` must outlive the reader.
  [[nodiscard]] static core::Result<CsvEventReader> Open(std::string_view text, CsvOptions options);

  [[nodiscard]] bool AtEnd() const { return offset_ >= text_.size(); }

  /// Bytes consumed so far, for a progress bar.
  [[nodiscard]] size_t offset() const { return offset_; }

  /// Decodes the next rows: at most `max_events` events (a transaction's rows stay together).
  /// Every event's and rejection's `index` is the CSV line its row starts on (the header is line
  /// 1). A row that is not valid CSV (an unterminated quote, a wrong number of fields) becomes a
  /// rejection with field "" and no payload, because its cells cannot be told apart for redaction.
  [[nodiscard]] DecodedBatch Next(size_t max_events, const DecodeOptions& options);

 private:
  enum class Column : int;
  CsvEventReader(std::string_view text, CsvOptions options) noexcept;

  std::string_view text_;
  CsvOptions options_;
  std::vector<Column> columns_;
  size_t offset_ = 0;
  size_t line_ = 1;  ///< The line the next record starts on.
};

}  // namespace storeops::ingest
