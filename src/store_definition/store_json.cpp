// SPDX-License-Identifier: Apache-2.0
// The front door: size guard, JSON text to DOM, DOM to Store, then the whole-store rules. Parsing
// stops before validation when the structure is broken, because references and ranges checked on
// a half-read store would only add misleading noise to the real problems.
#include "storeops/store_definition/store_json.hpp"

#include <exception>
#include <filesystem>
#include <fstream>
#include <new>
#include <sstream>
#include <system_error>

#include <fmt/format.h>

#include "json_document.hpp"
#include "limits.hpp"
#include "problems.hpp"
#include "store_reader.hpp"
#include "store_validator.hpp"

namespace storeops::store_definition {
namespace {

core::Result<core::Store> ParseUnguarded(std::string_view json_text) {
  internal::Problems problems;
  if (json_text.size() > internal::kMaxDocumentBytes) {
    problems.Add("", fmt::format("document is {} bytes; at most {} (64 MiB) are accepted",
                                 json_text.size(), internal::kMaxDocumentBytes));
    return core::Fail(problems.ToError());
  }
  auto document = internal::ParseJsonDocument(json_text, problems);
  if (!document) {
    return core::Fail(problems.ToError());
  }
  core::Store store = internal::ReadStore(*document, problems);
  if (!problems.Empty()) {
    return core::Fail(problems.ToError());
  }
  internal::ValidateInto(store, problems);
  if (!problems.Empty()) {
    return core::Fail(problems.ToError());
  }
  return store;
}

}  // namespace

core::Result<core::Store> ParseStoreJson(std::string_view json_text) {
  // The reader checks every type before asking nlohmann for a value, so nothing below should
  // throw; this is the last line that keeps a library exception from crossing the front door.
  try {
    return ParseUnguarded(json_text);
  } catch (const std::bad_alloc&) {
    throw;
  } catch (const std::exception& error) {
    return core::Fail(core::ErrorCode::kInternal,
                      fmt::format("store definition parser failed: {}", error.what()));
  }
}

core::Result<core::Store> ReadStoreFile(const std::string& path) {
  std::error_code error;
  const auto size = std::filesystem::file_size(path, error);
  if (error) {
    return core::Fail(core::ErrorCode::kNotFound,
                      fmt::format("cannot read store definition '{}': {}", path, error.message()));
  }
  // Checked before reading so a huge file costs nothing.
  if (size > internal::kMaxDocumentBytes) {
    internal::Problems problems;
    problems.Add("", fmt::format("file is {} bytes; at most {} (64 MiB) are accepted", size,
                                 internal::kMaxDocumentBytes));
    return core::Fail(problems.ToError());
  }
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  if (in) {
    text << in.rdbuf();
  }
  if (!in || in.bad()) {
    return core::Fail(core::ErrorCode::kNotFound,
                      fmt::format("cannot read store definition '{}'", path));
  }
  // Parse errors are returned as they are: the caller knows the path and adds it once.
  return ParseStoreJson(text.str());
}

core::Status ValidateStore(const core::Store& store) {
  internal::Problems problems;
  internal::ValidateInto(store, problems);
  if (!problems.Empty()) {
    return core::Fail(problems.ToError());
  }
  return core::Ok();
}

}  // namespace storeops::store_definition
