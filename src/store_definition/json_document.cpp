// SPDX-License-Identifier: Apache-2.0
#include "json_document.hpp"

#include <cstring>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "limits.hpp"

namespace storeops::store_definition::internal {
namespace {

using nlohmann::json;

// nlohmann echoes the offending token, which may be megabytes long or not UTF-8 at all.
constexpr size_t kMaxParserMessageBytes = 160;

std::string CleanParserMessage(std::string_view what) {
  // Drop the "[json.exception.parse_error.101] " tag: it means nothing to a store author.
  if (const size_t tag_end = what.find("] ");
      !what.empty() && what.front() == '[' && tag_end != std::string_view::npos) {
    what.remove_prefix(tag_end + 2);
  }
  std::string out;
  for (char c : what.substr(0, kMaxParserMessageBytes)) {
    const auto byte = static_cast<unsigned char>(c);
    out += (byte < 0x20 || byte >= 0x7F) ? '?' : c;
  }
  if (what.size() > kMaxParserMessageBytes) {
    out += "...";
  }
  return out;
}

// Builds the DOM from SAX events: the same job as nlohmann's own DOM parser, plus the duplicate-key
// check, which needs the open-container stack the stock parser keeps private. It also enforces the
// depth limit again, in case malformed text threw CheckShape's bracket count off: nlohmann's parser
// is iterative, so refusing a deep container here stops hostile nesting before it costs anything.
class DomBuilder final : public nlohmann::json_sax<json> {
 public:
  explicit DomBuilder(Problems& problems) : problems_(problems) {}

  bool null() override { return Insert(json(nullptr)) != nullptr; }

  bool boolean(bool value) override { return Insert(json(value)) != nullptr; }

  bool number_integer(number_integer_t value) override { return Insert(json(value)) != nullptr; }

  bool number_unsigned(number_unsigned_t value) override { return Insert(json(value)) != nullptr; }

  bool number_float(number_float_t value, const string_t& /*text*/) override {
    return Insert(json(value)) != nullptr;
  }

  bool string(string_t& value) override { return Insert(json(std::move(value))) != nullptr; }

  // Only the binary formats (CBOR, BSON...) produce these; JSON text never does.
  bool binary(binary_t& /*value*/) override { return false; }

  bool start_object(size_t /*elements*/) override { return Open(json::value_t::object); }

  bool key(string_t& key) override {
    Frame& top = stack_.back();
    if (top.value->contains(key)) {
      problems_.Add(Member(PathOfTop(), key), "duplicate key (each key may appear only once)");
    }
    top.key = std::move(key);
    return true;
  }

  bool end_object() override {
    stack_.pop_back();
    return true;
  }

  bool start_array(size_t /*elements*/) override { return Open(json::value_t::array); }

  bool end_array() override {
    stack_.pop_back();
    return true;
  }

  bool parse_error(size_t position, const std::string& /*last_token*/,
                   const json::exception& error) override {
    problems_.Add(
        "", fmt::format("invalid JSON at byte {}: {}", position, CleanParserMessage(error.what())));
    failed_ = true;
    return false;
  }

  [[nodiscard]] bool Failed() const { return failed_; }

  [[nodiscard]] json& Root() { return root_; }

 private:
  struct Frame {
    json* value;      // the open object or array; stable until it is closed
    std::string key;  // objects: the key whose value comes next
    size_t next_index = 0;
  };

  json* Insert(json value) {
    if (stack_.empty()) {
      root_ = std::move(value);
      return &root_;
    }
    Frame& top = stack_.back();
    if (top.value->is_array()) {
      top.value->push_back(std::move(value));
      ++top.next_index;
      return &top.value->back();
    }
    json& slot = (*top.value)[top.key];
    slot = std::move(value);
    return &slot;
  }

  bool Open(json::value_t type) {
    if (stack_.size() >= kMaxNestingDepth) {
      problems_.Add("", fmt::format("JSON is nested more than {} levels deep", kMaxNestingDepth));
      failed_ = true;
      return false;
    }
    json* value = Insert(json(type));
    stack_.push_back(Frame{value, {}, 0});
    return true;
  }

  // Each frame but the innermost has just inserted the next frame's container under its current
  // key or index, so the path is rebuilt from the stack only when a problem needs it.
  std::string PathOfTop() const {
    std::string path;
    for (size_t i = 0; i + 1 < stack_.size(); ++i) {
      const Frame& frame = stack_[i];
      path =
          frame.value->is_array() ? Element(path, frame.next_index - 1) : Member(path, frame.key);
    }
    return path;
  }

  Problems& problems_;
  json root_;
  std::vector<Frame> stack_;
  bool failed_ = false;
};

// Index of the quote that closes the string whose body starts at `pos`, or npos.
size_t StringEnd(std::string_view text, size_t pos) {
  while (pos < text.size()) {
    const void* found = std::memchr(text.data() + pos, '"', text.size() - pos);
    if (found == nullptr) {
      return std::string_view::npos;
    }
    const auto quote = static_cast<size_t>(static_cast<const char*>(found) - text.data());
    size_t backslashes = 0;
    while (quote - backslashes > pos && text[quote - backslashes - 1] == '\\') {
      ++backslashes;
    }
    if (backslashes % 2 == 0) {
      return quote;
    }
    pos = quote + 1;
  }
  return std::string_view::npos;
}

// A pass over the raw text before nlohmann sees it: brackets outside strings for the nesting
// limit, and the length of every string. nlohmann lexes byte by byte, which makes a 10 MB string
// cost seconds in a debug build; here it costs one memchr. On malformed text the scan may lose
// track, but then nlohmann reports the syntax error, and the DOM builder keeps its own depth check.
bool CheckShape(std::string_view text, Problems& problems) {
  struct Frame {
    bool is_object;
    size_t index;          // arrays: the element being read
    std::string_view key;  // objects: the raw key of the member being read
    bool expecting_key;
  };

  std::vector<Frame> stack;
  const auto path_of = [&](size_t frames) {
    std::string path;
    for (size_t f = 0; f < frames; ++f) {
      path = stack[f].is_object ? Member(path, stack[f].key) : Element(path, stack[f].index);
    }
    return path;
  };
  for (size_t i = 0; i < text.size(); ++i) {
    switch (text[i]) {
      case '"': {
        const size_t end = StringEnd(text, i + 1);
        if (end == std::string_view::npos) {
          return true;  // unterminated: nlohmann names the byte
        }
        const std::string_view body = text.substr(i + 1, end - i - 1);
        const bool is_key = !stack.empty() && stack.back().is_object && stack.back().expecting_key;
        if (body.size() > kMaxStringBytes) {
          problems.Add(path_of(is_key ? stack.size() - 1 : stack.size()),
                       fmt::format("{} of {} bytes; at most {} are accepted",
                                   is_key ? "key" : "string", body.size(), kMaxStringBytes));
          return false;
        }
        if (is_key) {
          stack.back().key = body;
          stack.back().expecting_key = false;
        }
        i = end;
        break;
      }
      case '{':
      case '[':
        if (stack.size() >= kMaxNestingDepth) {
          problems.Add("", fmt::format("JSON is nested more than {} levels deep (at byte {})",
                                       kMaxNestingDepth, i));
          return false;
        }
        stack.push_back(Frame{text[i] == '{', 0, {}, text[i] == '{'});
        break;
      case '}':
      case ']':
        if (!stack.empty()) {
          stack.pop_back();
        }
        break;
      case ',':
        if (!stack.empty()) {
          if (stack.back().is_object) {
            stack.back().expecting_key = true;
          } else {
            ++stack.back().index;
          }
        }
        break;
      default:
        break;
    }
  }
  return true;
}

}  // namespace

std::optional<json> ParseJsonDocument(std::string_view text, Problems& problems) {
  if (!CheckShape(text, problems)) {
    return std::nullopt;
  }
  DomBuilder builder(problems);
  const bool ok = json::sax_parse(text.data(), text.data() + text.size(), &builder);
  if (!ok || builder.Failed()) {
    return std::nullopt;
  }
  return std::move(builder.Root());
}

}  // namespace storeops::store_definition::internal
