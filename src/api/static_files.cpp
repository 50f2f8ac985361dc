// SPDX-License-Identifier: Apache-2.0
#include "static_files.hpp"

#include <algorithm>
#include <array>
#include <fstream>
#include <iterator>
#include <optional>
#include <utility>

#include <fmt/format.h>

#include "storeops/core/hex.hpp"

#include "error_mapping.hpp"

namespace storeops::api::internal {
namespace {

constexpr std::array<std::pair<std::string_view, std::string_view>, 14> kContentTypes{{
    {".html", "text/html; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".mjs", "text/javascript; charset=utf-8"},
    {".css", "text/css; charset=utf-8"},
    {".json", "application/json"},
    {".svg", "image/svg+xml"},
    {".png", "image/png"},
    {".jpg", "image/jpeg"},
    {".ico", "image/x-icon"},
    {".woff2", "font/woff2"},
    {".woff", "font/woff"},
    {".txt", "text/plain; charset=utf-8"},
    {".map", "application/json"},
    {".webmanifest", "application/manifest+json"},
}};

std::string_view ContentTypeFor(const std::filesystem::path& file) {
  const std::string ext = file.extension().string();
  for (const auto& [suffix, type] : kContentTypes) {
    if (ext == suffix) {
      return type;
    }
  }
  return "application/octet-stream";
}

Response BadPath(const Request& request, std::string_view why) {
  return ProtocolErrorResponse(400, "INVALID_ARGUMENT", fmt::format("refused static path: {}", why),
                               request.request_id, {{"path", std::string(why)}});
}

Response NotFound(const Request& request) {
  return ErrorResponse(
      {core::ErrorCode::kNotFound, fmt::format("no file or route at {}", request.path), {}},
      request.request_id);
}

// The file's contents when it is a regular file whose canonical path lies under `root`.
std::optional<Response> ReadInside(const std::filesystem::path& root,
                                   const std::filesystem::path& file) {
  if (file.empty()) {
    return std::nullopt;
  }
  // Symlinks may point anywhere; what counts is where the canonical path lands.
  std::error_code ec;
  const auto canonical = std::filesystem::weakly_canonical(file, ec);
  if (ec) {
    return std::nullopt;
  }
  const auto [root_end, file_it] =
      std::mismatch(root.begin(), root.end(), canonical.begin(), canonical.end());
  if (root_end != root.end() || !std::filesystem::is_regular_file(canonical, ec)) {
    return std::nullopt;
  }
  std::ifstream in(canonical, std::ios::binary);
  if (!in) {
    return std::nullopt;
  }
  Response response;
  response.status = 200;
  response.content_type = std::string(ContentTypeFor(canonical));
  response.body.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  return response;
}

}  // namespace

bool PercentDecode(std::string_view in, std::string& out) {
  out.clear();
  out.reserve(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    if (in[i] != '%') {
      out.push_back(in[i]);
      continue;
    }
    if (i + 2 >= in.size()) {
      return false;
    }
    const int hi = core::HexDigitValue(in[i + 1]);
    const int lo = core::HexDigitValue(in[i + 2]);
    if (hi < 0 || lo < 0) {
      return false;
    }
    out.push_back(static_cast<char>(hi * 16 + lo));
    i += 2;
  }
  return true;
}

StaticFiles::StaticFiles(std::filesystem::path root) : root_(std::move(root)) {}

Response StaticFiles::Serve(const Request& request) const {
  std::string decoded;
  if (!PercentDecode(request.path, decoded)) {
    return BadPath(request, "malformed percent-encoding");
  }
  if (decoded.find('\0') != std::string::npos || decoded.find('\\') != std::string::npos) {
    return BadPath(request, "NUL or backslash in path");
  }
  std::filesystem::path relative;
  size_t start = 0;
  while (start <= decoded.size()) {
    size_t end = decoded.find('/', start);
    if (end == std::string::npos) {
      end = decoded.size();
    }
    std::string_view segment = std::string_view(decoded).substr(start, end - start);
    if (segment == "..") {
      return BadPath(request, "'..' segments are not allowed");
    }
    if (!segment.empty() && segment != ".") {
      relative /= std::string(segment);
    }
    start = end + 1;
  }
  std::error_code ec;
  const auto root = std::filesystem::weakly_canonical(root_, ec);
  if (ec) {
    return NotFound(request);
  }
  auto file = std::filesystem::weakly_canonical(root / relative, ec);
  if (!ec && std::filesystem::is_directory(file, ec)) {
    file /= "index.html";
  }
  if (auto response = ReadInside(root, ec ? std::filesystem::path() : file)) {
    return *std::move(response);
  }
  // A client-side route of the single-page app (/staffing, /stores/x/map): no file, and the last
  // segment has no extension, so the browser gets index.html and the app routes it. A missing
  // asset (/assets/app.js) stays 404, and /api/ paths never fall back.
  if (!relative.has_extension() && !request.path.starts_with("/api/") && request.path != "/api") {
    if (auto response = ReadInside(root, root / "index.html")) {
      return *std::move(response);
    }
  }
  return NotFound(request);
}

}  // namespace storeops::api::internal
