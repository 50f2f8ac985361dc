// SPDX-License-Identifier: Apache-2.0
// CSV rows are rewritten as NDJSON and handed to DecodeEvents: one set of rules for every way in,
// so an import can never accept what the HTTP API refuses. The cost (a second pass over the
// bytes) is small next to the durable write that follows.
#include "storeops/ingest/event_csv.hpp"

#include <algorithm>
#include <array>
#include <utility>

#include <fmt/format.h>

#include "json_text.hpp"

namespace storeops::ingest {

enum class CsvEventReader::Column : int {
  kType,
  kStoreId,
  kTs,
  kBasketId,
  kLane,
  kTender,
  kSku,
  kQty,
  kUnitPrice,
  kDeviceId,
  kZone,
  kRssi,
  kCamera,
  kPeople,
  kQueue,
  kIn,
  kOut,
  kOnHand,
  kOnShelf,
  kTempC,
  kPrecipMm,
  kCondition,
  kEmployeeId,
  kAction,
  kDepartment,
};

namespace {

struct ColumnSpec {
  std::string_view name;
  bool numeric;   ///< Written as a JSON number when the cell looks like one.
  bool pos_line;  ///< Belongs to one line of a pos.transaction, not to the transaction.
};

constexpr std::array<ColumnSpec, 25> kColumns{{
    {"type", false, false},       {"store_id", false, false},    {"ts", false, false},
    {"basket_id", false, false},  {"lane", false, false},        {"tender", false, false},
    {"sku", false, true},         {"qty", true, true},           {"unit_price", true, true},
    {"device_id", false, false},  {"zone", false, false},        {"rssi", true, false},
    {"camera", false, false},     {"people", true, false},       {"queue", true, false},
    {"in", true, false},          {"out", true, false},          {"on_hand", true, false},
    {"on_shelf", true, false},    {"temp_c", true, false},       {"precip_mm", true, false},
    {"condition", false, false},  {"employee_id", false, false}, {"action", false, false},
    {"department", false, false},
}};

constexpr std::string_view kPosType = "pos.transaction";

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// JSON's number grammar, so a cell written as a number is exactly one the decoder reads as one;
// anything else is sent as a string and refused by the decoder with "must be a number".
bool LooksLikeJsonNumber(std::string_view text) {
  size_t i = 0;
  auto digits = [&] {
    const size_t start = i;
    while (i < text.size() && IsDigit(text[i])) {
      ++i;
    }
    return i > start;
  };
  if (i < text.size() && text[i] == '-') {
    ++i;
  }
  if (!digits()) {
    return false;
  }
  if (i < text.size() && text[i] == '.') {
    ++i;
    if (!digits()) {
      return false;
    }
  }
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) {
      ++i;
    }
    if (!digits()) {
      return false;
    }
  }
  return i == text.size();
}

bool AllDigits(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), IsDigit);
}

// One CSV record (RFC 4180: quoted fields may hold commas, doubled quotes and line breaks).
struct Record {
  std::vector<std::string> fields;
  size_t end = 0;         ///< Offset just past the record's line break.
  size_t line_count = 1;  ///< Physical lines the record spans.
  std::string problem;    ///< Set when the record is not valid CSV.
};

Record ReadRecord(std::string_view text, size_t offset) {
  Record record;
  std::string field;
  size_t i = offset;
  bool quoted = false;
  bool after_quote = false;
  while (i < text.size()) {
    const char c = text[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          field.push_back('"');
          i += 2;
          continue;
        }
        quoted = false;
        after_quote = true;
      } else {
        if (c == '\n') {
          ++record.line_count;
        }
        field.push_back(c);
      }
      ++i;
      continue;
    }
    if (c == ',') {
      record.fields.push_back(std::move(field));
      field.clear();
      after_quote = false;
    } else if (c == '\n' || c == '\r') {
      i += (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ? size_t{2} : size_t{1};
      record.fields.push_back(std::move(field));
      record.end = i;
      return record;
    } else if (c == '"' && field.empty() && !after_quote) {
      quoted = true;
    } else if (after_quote) {
      if (record.problem.empty()) {
        record.problem =
            fmt::format("field {} has text after its closing quote", record.fields.size() + 1);
      }
    } else {
      field.push_back(c);
    }
    ++i;
  }
  if (quoted) {
    record.problem =
        fmt::format("field {} opens a quote that is never closed", record.fields.size() + 1);
  }
  record.fields.push_back(std::move(field));
  record.end = text.size();
  return record;
}

bool IsBlank(const Record& record) {
  return record.fields.size() == 1 &&
         record.fields[0].find_first_not_of(" \t") == std::string::npos;
}

}  // namespace

std::vector<std::string_view> CsvColumnNames() {
  std::vector<std::string_view> names;
  names.reserve(kColumns.size());
  for (const auto& column : kColumns) {
    names.push_back(column.name);
  }
  return names;
}

CsvEventReader::CsvEventReader(std::string_view text, CsvOptions options) noexcept
    : text_(text), options_(std::move(options)) {}

core::Result<CsvEventReader> CsvEventReader::Open(std::string_view text, CsvOptions options) {
  CsvEventReader reader(text, std::move(options));
  constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";
  if (text.substr(0, kByteOrderMark.size()) == kByteOrderMark) {
    reader.offset_ = kByteOrderMark.size();
  }
  if (reader.AtEnd()) {
    return core::Fail(core::ErrorCode::kInvalidArgument,
                      "the CSV file is empty: its first line must name the columns",
                      {{"header", "missing"}});
  }
  Record header = ReadRecord(text, reader.offset_);
  if (!header.problem.empty()) {
    return core::Fail(core::ErrorCode::kInvalidArgument,
                      fmt::format("the CSV header is not valid CSV: {}", header.problem),
                      {{"header", header.problem}});
  }
  bool has_type = false;
  for (size_t i = 0; i < header.fields.size(); ++i) {
    std::string_view name = header.fields[i];
    name.remove_prefix(std::min(name.find_first_not_of(' '), name.size()));
    name.remove_suffix(name.size() - (name.find_last_not_of(' ') + 1));
    const auto* spec = std::find_if(kColumns.begin(), kColumns.end(),
                                    [&](const ColumnSpec& c) { return c.name == name; });
    if (spec == kColumns.end()) {
      const std::string reason =
          fmt::format("column {} '{}' is not an event field; known columns: {}", i + 1, name,
                      fmt::join(CsvColumnNames(), ", "));
      return core::Fail(core::ErrorCode::kInvalidArgument, reason,
                        {{fmt::format("header[{}]", i + 1), reason}});
    }
    const auto column = static_cast<Column>(spec - kColumns.begin());
    if (std::find(reader.columns_.begin(), reader.columns_.end(), column) !=
        reader.columns_.end()) {
      const std::string reason = fmt::format("column {} '{}' appears twice", i + 1, name);
      return core::Fail(core::ErrorCode::kInvalidArgument, reason,
                        {{fmt::format("header[{}]", i + 1), reason}});
    }
    has_type = has_type || column == Column::kType;
    reader.columns_.push_back(column);
  }
  if (!has_type && reader.options_.default_type.empty()) {
    return core::Fail(core::ErrorCode::kInvalidArgument,
                      "the CSV file has no 'type' column: add one or give the event type "
                      "(--type) for every row",
                      {{"type", "missing column"}});
  }
  reader.offset_ = header.end;
  reader.line_ += header.line_count;
  return reader;
}

DecodedBatch CsvEventReader::Next(size_t max_events, const DecodeOptions& options) {
  DecodedBatch out;
  std::string ndjson;
  std::vector<size_t> source_lines;  // source_lines[i]: CSV line of NDJSON line i

  auto cell = [&](const Record& record, Column column) -> std::string_view {
    for (size_t i = 0; i < columns_.size(); ++i) {
      if (columns_[i] == column) {
        return record.fields[i];
      }
    }
    return {};
  };
  auto type_of = [&](const Record& record) -> std::string_view {
    std::string_view type = cell(record, Column::kType);
    return type.empty() ? std::string_view(options_.default_type) : type;
  };
  auto append_value = [](const ColumnSpec& spec, std::string_view value, std::string& json) {
    const bool number =
        spec.name == "ts" ? AllDigits(value) : (spec.numeric && LooksLikeJsonNumber(value));
    if (number) {
      json.append(value);
    } else {
      internal::AppendJsonString(value, json);
    }
  };
  // Empty cells are left out, so a missing value is reported by the decoder as missing rather
  // than as an empty string. `first` tracks the object's comma across calls.
  auto append_fields = [&](const Record& record, bool pos_line_fields, bool is_pos, bool& first,
                           std::string& json) {
    for (size_t i = 0; i < columns_.size(); ++i) {
      const ColumnSpec& spec = kColumns[static_cast<size_t>(columns_[i])];
      const bool line_field = spec.pos_line && is_pos;
      if (line_field != pos_line_fields || record.fields[i].empty()) {
        continue;
      }
      json.append(first ? "" : ",");
      first = false;
      internal::AppendJsonString(spec.name, json);
      json.push_back(':');
      append_value(spec, record.fields[i], json);
    }
  };
  auto append_line = [&](const Record& record, std::string& json) {
    json.append("{");
    bool first = true;
    append_fields(record, true, true, first, json);
    json.append("}");
  };

  size_t events = 0;
  while (!AtEnd() && events < max_events) {
    Record record = ReadRecord(text_, offset_);
    const size_t record_line = line_;
    offset_ = record.end;
    line_ += record.line_count;
    if (IsBlank(record) && record.problem.empty()) {
      continue;
    }
    ++events;
    if (record.problem.empty() && record.fields.size() != columns_.size()) {
      record.problem = fmt::format("row has {} fields, the header has {}", record.fields.size(),
                                   columns_.size());
    }
    if (!record.problem.empty()) {
      out.rejected.push_back({record_line, "", std::move(record.problem), {}});
      continue;
    }
    const std::string_view type = type_of(record);
    const bool is_pos = type == kPosType;
    std::string json = "{";
    bool first = true;
    if (cell(record, Column::kType).empty()) {
      json.append("\"type\":");
      internal::AppendJsonString(type, json);
      first = false;
    }
    append_fields(record, false, is_pos, first, json);
    if (is_pos) {
      // The following rows of the same basket are its further lines.
      json.append(first ? "\"lines\":[" : ",\"lines\":[");
      append_line(record, json);
      const std::string store{cell(record, Column::kStoreId)};
      const std::string basket{cell(record, Column::kBasketId)};
      while (!AtEnd() && !basket.empty()) {
        Record next = ReadRecord(text_, offset_);
        if (!next.problem.empty() || next.fields.size() != columns_.size() ||
            type_of(next) != kPosType || cell(next, Column::kStoreId) != store ||
            cell(next, Column::kBasketId) != basket) {
          break;
        }
        offset_ = next.end;
        line_ += next.line_count;
        json.push_back(',');
        append_line(next, json);
      }
      json.append("]");
    }
    // Rows of other types carry no lines: a sku cell is their own field (inventory snapshots)
    // and qty/unit_price cells are ignored by the decoder.
    json.append("}\n");
    ndjson += json;
    source_lines.push_back(record_line);
  }

  // A chunk of blank rows has no body to call empty.
  DecodedBatch decoded = ndjson.empty() ? DecodedBatch{} : DecodeEvents(ndjson, options);
  for (auto& event : decoded.events) {
    event.index = source_lines[event.index];
    out.events.push_back(std::move(event));
  }
  for (auto& rejection : decoded.rejected) {
    rejection.index = source_lines[rejection.index];
    out.rejected.push_back(std::move(rejection));
  }
  std::stable_sort(out.rejected.begin(), out.rejected.end(),
                   [](const auto& a, const auto& b) { return a.index < b.index; });
  return out;
}

}  // namespace storeops::ingest
