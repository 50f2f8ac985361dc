// SPDX-License-Identifier: Apache-2.0
// simdjson's DOM parser on the ingest path: it validates UTF-8 and structure at several GB/s, and
// a bounded depth keeps hostile nesting cheap. Each event is read through a FieldReader that
// records the first problem with its JSON path, so a rejection always names the field.
#include <array>
#include <cmath>
#include <limits>
#include <span>

#include <fmt/format.h>
#include <simdjson.h>

#include "storeops/core/ids.hpp"
#include "storeops/ingest/event_codec.hpp"

#include "json_text.hpp"

namespace storeops::ingest {
namespace {

using simdjson::dom::element;
using simdjson::dom::element_type;
using simdjson::dom::object;

constexpr size_t kMaxDepth = 8;
constexpr size_t kMaxPayloadBytes = 4096;
constexpr size_t kMaxTextBytes = 128;
constexpr size_t kMaxLines = 1000;
// Keys whose values are identifiers: never copied into a dead-letter payload.
constexpr std::array<std::string_view, 6> kIdentifierKeys{"device_id",   "mac", "client_mac",
                                                          "card_number", "pan", "employee_name"};

std::string_view TypeName(element_type type) {
  switch (type) {
    case element_type::ARRAY:
      return "array";
    case element_type::OBJECT:
      return "object";
    case element_type::INT64:
    case element_type::UINT64:
    case element_type::DOUBLE:
      return "number";
    case element_type::STRING:
      return "string";
    case element_type::BOOL:
      return "boolean";
    case element_type::NULL_VALUE:
      return "null";
  }
  return "unknown";
}

// Stops copying once the payload limit is reached: a 10 MB value must not cost 10 MB here.
void AppendJsonString(std::string_view text, std::string& out) {
  internal::AppendJsonString(text.substr(0, kMaxPayloadBytes + 1), out);
}

// Re-serialises an event for the dead-letter table with identifier values replaced, so a
// rejected presence event cannot leak the MAC address the privacy filter never saw.
void AppendRedacted(element value, std::string& out) {
  if (out.size() > kMaxPayloadBytes) {
    return;
  }
  switch (value.type()) {
    case element_type::OBJECT: {
      out.push_back('{');
      bool first = true;
      for (auto [key, child] : object(value)) {
        out += first ? "" : ",";
        first = false;
        AppendJsonString(key, out);
        out.push_back(':');
        bool identifier = false;
        for (auto name : kIdentifierKeys) {
          identifier = identifier || key == name;
        }
        if (identifier) {
          out += "\"[redacted]\"";
        } else {
          AppendRedacted(child, out);
        }
      }
      out.push_back('}');
      break;
    }
    case element_type::ARRAY: {
      out.push_back('[');
      bool first = true;
      for (element child : simdjson::dom::array(value)) {
        out += first ? "" : ",";
        first = false;
        AppendRedacted(child, out);
      }
      out.push_back(']');
      break;
    }
    case element_type::STRING:
      AppendJsonString(std::string_view(value), out);
      break;
    case element_type::INT64:
      out += std::to_string(int64_t(value));
      break;
    case element_type::UINT64:
      out += std::to_string(uint64_t(value));
      break;
    case element_type::DOUBLE:
      out += fmt::format("{}", double(value));
      break;
    case element_type::BOOL:
      out += bool(value) ? "true" : "false";
      break;
    case element_type::NULL_VALUE:
      out += "null";
      break;
  }
}

std::string RedactedPayload(element value) {
  std::string out;
  AppendRedacted(value, out);
  if (out.size() > kMaxPayloadBytes) {
    out.resize(kMaxPayloadBytes);
    out += "...";
  }
  return out;
}

// Reads fields of one JSON object; the first failure wins and later reads become no-ops, so
// decoding code reads straight through and checks `ok()` once.
class FieldReader {
 public:
  FieldReader(object obj, std::string prefix) : obj_(obj), prefix_(std::move(prefix)) {}

  [[nodiscard]] bool ok() const { return !failed_; }

  [[nodiscard]] const std::string& field() const { return field_; }

  [[nodiscard]] const std::string& reason() const { return reason_; }

  void Fail(std::string_view key, std::string reason) {
    if (!failed_) {
      failed_ = true;
      field_ = prefix_ + std::string(key);
      reason_ = std::move(reason);
    }
  }

  std::optional<element> Get(std::string_view key, bool required) {
    if (failed_) {
      return std::nullopt;
    }
    element value;
    if (obj_[key].get(value) != simdjson::SUCCESS) {
      if (required) {
        Fail(key, "required field missing");
      }
      return std::nullopt;
    }
    if (!required && value.is_null()) {
      return std::nullopt;
    }
    return value;
  }

  std::string Text(std::string_view key, size_t max_bytes, bool required = true) {
    auto value = Get(key, required);
    if (!value) {
      return {};
    }
    std::string_view text;
    if (value->get(text) != simdjson::SUCCESS) {
      Fail(key, fmt::format("must be a string, got {}", TypeName(value->type())));
      return {};
    }
    if (text.empty()) {
      Fail(key, "must not be empty");
      return {};
    }
    if (text.size() > max_bytes) {
      Fail(key, fmt::format("is {} bytes long; at most {} allowed", text.size(), max_bytes));
      return {};
    }
    return std::string(text);
  }

  template <class IdType>
  IdType Id(std::string_view key) {
    std::string text = Text(key, 64);
    if (ok() && !core::IsValidIdText(text)) {
      Fail(key, "must be 1-64 characters of A-Z a-z 0-9 . _ - not starting with '.'");
    }
    return IdType{std::move(text)};
  }

  std::optional<int64_t> Integer(std::string_view key, int64_t min, int64_t max, bool required) {
    auto value = Get(key, required);
    if (!value) {
      return std::nullopt;
    }
    int64_t number = 0;
    double real = 0;
    if (value->get(number) == simdjson::SUCCESS) {
      // exact integer
    } else if (value->get(real) == simdjson::SUCCESS && std::isfinite(real) &&
               std::trunc(real) == real && std::fabs(real) < 9e15) {
      number = static_cast<int64_t>(real);
    } else if (value->is_number()) {
      Fail(key, "must be a whole number");
      return std::nullopt;
    } else {
      Fail(key, fmt::format("must be a number, got {}", TypeName(value->type())));
      return std::nullopt;
    }
    if (number < min || number > max) {
      Fail(key, fmt::format("must be between {} and {}, got {}", min, max, number));
      return std::nullopt;
    }
    return number;
  }

  int32_t Int32(std::string_view key, int64_t min, int64_t max, bool required = true) {
    return static_cast<int32_t>(Integer(key, min, max, required).value_or(0));
  }

  double Real(std::string_view key, double min, double max, bool required = true) {
    auto value = Get(key, required);
    if (!value) {
      return 0;
    }
    double number = 0;
    if (value->get(number) != simdjson::SUCCESS) {
      Fail(key, fmt::format("must be a number, got {}", TypeName(value->type())));
      return 0;
    }
    if (!(number >= min && number <= max)) {
      Fail(key, fmt::format("must be between {} and {}, got {}", min, max, number));
      return 0;
    }
    return number;
  }

  size_t OneOf(std::string_view key, std::span<const std::string_view> names) {
    std::string text = Text(key, 32);
    if (!ok()) {
      return 0;
    }
    for (size_t i = 0; i < names.size(); ++i) {
      if (names[i] == text) {
        return i;
      }
    }
    std::string expected;
    for (auto name : names) {
      expected += expected.empty() ? "" : ", ";
      expected += name;
    }
    Fail(key, fmt::format("unknown value '{}'; expected one of {}", text, expected));
    return 0;
  }

  core::Timestamp Time(std::string_view key, const DecodeOptions& options) {
    auto value = Get(key, true);
    if (!value) {
      return {};
    }
    core::Timestamp ts;
    std::string_view text;
    int64_t epoch_ms = 0;
    if (value->get(text) == simdjson::SUCCESS) {
      auto parsed = core::ParseRfc3339(text);
      if (!parsed) {
        Fail(key, parsed.error().message);
        return {};
      }
      ts = *parsed;
    } else if (value->get(epoch_ms) == simdjson::SUCCESS) {
      ts = core::FromEpochMs(epoch_ms);
    } else {
      Fail(key, "must be an RFC 3339 string or epoch milliseconds");
      return {};
    }
    if (ts > options.now + options.max_future) {
      Fail(key, fmt::format(
                    "is {} s in the future; at most {} s allowed (check the clock)",
                    std::chrono::duration_cast<std::chrono::seconds>(ts - options.now).count(),
                    std::chrono::duration_cast<std::chrono::seconds>(options.max_future).count()));
    } else if (ts < options.now - options.max_past) {
      Fail(key, "is too far in the past");
    }
    return ts;
  }

 private:
  object obj_;
  std::string prefix_;
  bool failed_ = false;
  std::string field_;
  std::string reason_;
};

constexpr std::array<std::string_view, 6> kTypes{"pos.transaction",    "presence", "camera.count",
                                                 "inventory.snapshot", "weather",  "staff.clock"};
constexpr std::array<std::string_view, 9> kConditions{"clear", "cloudy", "rain", "snow", "sleet",
                                                      "storm", "fog",    "wind", "other"};

RawEvent DecodePos(FieldReader& r, const DecodeOptions& options, object obj) {
  core::PosTransaction pos;
  pos.store_id = r.Id<core::StoreId>("store_id");
  pos.ts = r.Time("ts", options);
  pos.basket_id = r.Text("basket_id", 64);
  pos.lane = r.Id<core::LaneId>("lane");
  // The name tables of core are indexed by the enum values.
  pos.tender = static_cast<core::Tender>(r.OneOf("tender", core::TenderNames()));
  if (r.ok()) {
    element card;
    if (obj["card_number"].get(card) == simdjson::SUCCESS) {
      r.Fail("card_number", "card numbers are never accepted; send the tender kind only");
    }
  }
  auto lines = r.Get("lines", true);
  if (!r.ok()) {
    return pos;
  }
  simdjson::dom::array items;
  if (lines->get(items) != simdjson::SUCCESS) {
    r.Fail("lines", fmt::format("must be an array, got {}", TypeName(lines->type())));
    return pos;
  }
  if (items.size() == 0 || items.size() > kMaxLines) {
    r.Fail("lines", fmt::format("must hold 1 to {} lines, got {}", kMaxLines, items.size()));
    return pos;
  }
  size_t i = 0;
  for (element item : items) {
    const std::string prefix = fmt::format("lines[{}].", i);
    object line;
    if (item.get(line) != simdjson::SUCCESS) {
      r.Fail(fmt::format("lines[{}]", i), "must be an object");
      return pos;
    }
    FieldReader lr(line, prefix);
    core::PosLine pos_line;
    pos_line.sku = lr.Id<core::SkuId>("sku");
    pos_line.quantity = lr.Int32("qty", -10'000, 10'000);
    if (lr.ok() && pos_line.quantity == 0) {
      lr.Fail("qty", "must not be 0");
    }
    const double price = lr.Real("unit_price", 0, 1'000'000);
    if (!lr.ok()) {
      r.Fail(lr.field().substr(0), lr.reason());
      return pos;
    }
    pos_line.unit_price = *core::Money::FromDouble(price);
    pos.lines.push_back(std::move(pos_line));
    ++i;
  }
  return pos;
}

RawEvent DecodeOne(FieldReader& r, size_t type, const DecodeOptions& options, object obj) {
  switch (type) {
    case 0:
      return DecodePos(r, options, obj);
    case 1: {
      RawPresence presence;
      presence.store_id = r.Id<core::StoreId>("store_id");
      presence.ts = r.Time("ts", options);
      presence.device_id = r.Text("device_id", kMaxTextBytes);
      presence.zone = r.Id<core::ZoneId>("zone");
      if (auto rssi = r.Integer("rssi", -120, 0, false)) {
        presence.rssi_dbm = static_cast<int32_t>(*rssi);
      }
      return presence;
    }
    case 2: {
      core::CameraCount count;
      count.store_id = r.Id<core::StoreId>("store_id");
      count.ts = r.Time("ts", options);
      count.camera = r.Id<core::CameraId>("camera");
      count.zone = r.Id<core::ZoneId>("zone");
      count.people = r.Int32("people", 0, 100'000);
      count.queue = r.Int32("queue", 0, 10'000, false);
      count.crossed_in = r.Int32("in", 0, 1'000'000, false);
      count.crossed_out = r.Int32("out", 0, 1'000'000, false);
      return count;
    }
    case 3: {
      core::InventorySnapshot snapshot;
      snapshot.store_id = r.Id<core::StoreId>("store_id");
      snapshot.ts = r.Time("ts", options);
      snapshot.sku = r.Id<core::SkuId>("sku");
      snapshot.on_hand = r.Int32("on_hand", 0, 10'000'000);
      snapshot.on_shelf = r.Int32("on_shelf", 0, 10'000'000);
      return snapshot;
    }
    case 4: {
      core::WeatherObservation weather;
      weather.store_id = r.Id<core::StoreId>("store_id");
      weather.ts = r.Time("ts", options);
      weather.temperature_c = r.Real("temp_c", -90, 60);
      weather.precipitation_mm = r.Real("precip_mm", 0, 500);
      weather.condition = std::string(kConditions[r.OneOf("condition", kConditions)]);
      return weather;
    }
    default: {
      core::StaffClock clock;
      clock.store_id = r.Id<core::StoreId>("store_id");
      clock.ts = r.Time("ts", options);
      clock.employee_id = r.Id<core::EmployeeId>("employee_id");
      clock.action = static_cast<core::ClockAction>(r.OneOf("action", core::ClockActionNames()));
      clock.department = r.Id<core::DepartmentId>("department");
      return clock;
    }
  }
}

void DecodeElement(element value, size_t index, const DecodeOptions& options, DecodedBatch& out) {
  object obj;
  if (value.get(obj) != simdjson::SUCCESS) {
    out.rejected.push_back(
        {index, "", fmt::format("an event must be an object, got {}", TypeName(value.type())),
         RedactedPayload(value)});
    return;
  }
  FieldReader reader(obj, "");
  const size_t type = reader.OneOf("type", kTypes);
  if (reader.ok() && options.expected_type && kTypes[type] != *options.expected_type) {
    reader.Fail("type", fmt::format("'{}' does not match the type '{}' of the MQTT topic",
                                    kTypes[type], *options.expected_type));
  }
  RawEvent event;
  if (reader.ok()) {
    event = DecodeOne(reader, type, options, obj);
  }
  if (reader.ok() && options.expected_store_id) {
    const core::StoreId& store_id =
        std::visit([](const auto& e) -> const core::StoreId& { return e.store_id; }, event);
    if (store_id.value() != *options.expected_store_id) {
      reader.Fail("store_id", fmt::format("'{}' does not match the store '{}' of the MQTT topic",
                                          store_id.value(), *options.expected_store_id));
    }
  }
  if (!reader.ok()) {
    out.rejected.push_back({index, reader.field(), reader.reason(), RedactedPayload(value)});
    return;
  }
  out.events.push_back({index, std::move(event)});
}

std::string_view DescribeParseError(simdjson::error_code code) {
  switch (code) {
    case simdjson::DEPTH_ERROR:
      return "JSON nested too deeply";
    case simdjson::UTF8_ERROR:
      return "not valid UTF-8";
    case simdjson::CAPACITY:
      return "too large";
    case simdjson::EMPTY:
      return "empty";
    default:
      return simdjson::error_message(code);
  }
}

void RejectBody(DecodedBatch& out, std::string reason) {
  out.rejected.push_back({0, "", std::move(reason), {}});
}

}  // namespace

std::vector<std::string_view> EventTypeNames() { return {kTypes.begin(), kTypes.end()}; }

DecodedBatch DecodeEvents(std::string_view body, const DecodeOptions& options) {
  DecodedBatch out;
  const size_t start = body.find_first_not_of(" \t\r\n");
  if (start == std::string_view::npos) {
    RejectBody(out, "body is empty: send a JSON array of events or NDJSON");
    return out;
  }
  simdjson::dom::parser parser;
  if (body[start] == '[') {
    if (parser.allocate(body.size(), kMaxDepth) != simdjson::SUCCESS) {
      RejectBody(out, "body too large to parse");
      return out;
    }
    simdjson::dom::array events;
    auto error = parser.parse(body.data(), body.size()).get(events);
    if (error != simdjson::SUCCESS) {
      RejectBody(out, fmt::format("body is not a valid JSON array: {}", DescribeParseError(error)));
      return out;
    }
    size_t index = 0;
    for (element value : events) {
      if (index >= options.max_events) {
        out.rejected.push_back(
            {index, "", fmt::format("more than {} events in one body", options.max_events), {}});
      } else {
        DecodeElement(value, index, options, out);
      }
      ++index;
    }
    return out;
  }
  // NDJSON: each line stands alone, so a broken line costs only itself. The parser grows only
  // when a longer line comes: reallocating it for every line cost more than the parsing.
  size_t index = 0;
  size_t line_start = 0;
  while (line_start < body.size()) {
    size_t line_end = body.find('\n', line_start);
    if (line_end == std::string_view::npos) {
      line_end = body.size();
    }
    std::string_view line = body.substr(line_start, line_end - line_start);
    line_start = line_end + 1;
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) {
      continue;
    }
    if (index >= options.max_events) {
      out.rejected.push_back(
          {index, "", fmt::format("more than {} events in one body", options.max_events), {}});
    } else if (line.size() > parser.capacity() &&
               parser.allocate(line.size(), kMaxDepth) != simdjson::SUCCESS) {
      out.rejected.push_back({index, "", "line too large to parse", {}});
    } else {
      element value;
      auto error = parser.parse(line.data(), line.size()).get(value);
      if (error != simdjson::SUCCESS) {
        out.rejected.push_back(
            {index, "", fmt::format("line is not valid JSON: {}", DescribeParseError(error)), {}});
      } else {
        DecodeElement(value, index, options, out);
      }
    }
    ++index;
  }
  return out;
}

}  // namespace storeops::ingest
