// SPDX-License-Identifier: Apache-2.0
// The HTTP routing table, independent of the network code: plain request and response values,
// patterns with path parameters, and one place that answers 404/405. The Beast server in
// http_server.cpp feeds it; tests and benchmarks call it directly.
//
//   api::Router router;
//   router.Add(api::Method::kGet, "/api/v1/stores/{id}",
//              [](const api::Request& req) { return api::JsonResponse(200, ...req.Param("id")...);
//              });
//   api::Response res = router.Dispatch(request);
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "storeops/core/result.hpp"

namespace storeops::api {

enum class Method { kGet, kHead, kPost, kPut, kPatch, kDelete, kOptions, kOther };

[[nodiscard]] std::string_view MethodName(Method method);
[[nodiscard]] Method ParseMethod(std::string_view name);

struct Request {
  Method method = Method::kGet;
  std::string path;   ///< Decoded-free raw path, without the query string.
  std::string query;  ///< Raw query string without '?'.
  std::string body;
  std::string content_type;
  std::string request_id;
  std::vector<std::pair<std::string, std::string>> path_params;  ///< Filled by the router.

  /// The value of a `{name}` segment of the matched pattern; empty when absent.
  [[nodiscard]] std::string_view Param(std::string_view name) const;
};

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  /// Set when the connection must close after this response (e.g. after an unreadable request).
  bool close_connection = false;
};

/// A JSON response with the given status and body text.
[[nodiscard]] Response JsonResponse(int status, std::string body);

/// The one error shape of the API: {"error":{"code","message","details":[{"field","reason"}]}},
/// with the HTTP status api/error_mapping.cpp assigns to the code.
[[nodiscard]] Response ErrorResponse(const core::Error& error, std::string_view request_id = {});

/// The HTTP status for an error code (400/404/409/409/503/504/499/500).
[[nodiscard]] int HttpStatusFor(core::ErrorCode code);

using Handler = std::function<Response(const Request&)>;

/// Per-route facts the server uses: a stable index for metrics and whether the handler may block
/// (storage writes), in which case it runs on the worker pool instead of an I/O thread.
struct RouteInfo {
  size_t index = 0;
  Method method = Method::kGet;
  std::string pattern;
  bool blocking = false;
};

class Router {
 public:
  Router();
  ~Router();
  Router(Router&&) noexcept;
  Router& operator=(Router&&) noexcept;

  /// Registers `pattern` ("/api/v1/stores/{id}"); `{name}` matches one non-empty segment.
  /// Adding the same method and pattern twice is a bug (asserts).
  void Add(Method method, std::string pattern, Handler handler, bool blocking = false);

  /// Where a request goes. `route` is null when no pattern matches (`allowed` empty: 404) or the
  /// path matches under other methods only (`allowed` lists them: 405).
  struct Match {
    const RouteInfo* route = nullptr;
    const Handler* handler = nullptr;
    std::vector<std::pair<std::string, std::string>> params;
    std::vector<Method> allowed;
  };

  [[nodiscard]] Match Find(Method method, std::string_view path) const;

  /// Runs the matched handler (catching any exception as a 500), or answers 404/405 as JSON.
  [[nodiscard]] Response Dispatch(Request& request) const;

  /// Runs an already found match; the server uses this after deciding on which thread to run.
  [[nodiscard]] static Response Run(const Match& match, Request& request);

  [[nodiscard]] const std::vector<RouteInfo>& routes() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace storeops::api
