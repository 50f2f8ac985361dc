// SPDX-License-Identifier: Apache-2.0
#include "storeops/api/router.hpp"

#include <algorithm>
#include <array>
#include <exception>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "storeops/core/assert.hpp"

#include "error_mapping.hpp"

namespace storeops::api {
namespace {

constexpr std::array<std::pair<Method, std::string_view>, 7> kMethodNames{{
    {Method::kGet, "GET"},
    {Method::kHead, "HEAD"},
    {Method::kPost, "POST"},
    {Method::kPut, "PUT"},
    {Method::kPatch, "PATCH"},
    {Method::kDelete, "DELETE"},
    {Method::kOptions, "OPTIONS"},
}};

struct Segment {
  std::string text;
  bool is_param = false;
};

std::vector<Segment> SplitPattern(std::string_view pattern) {
  std::vector<Segment> segments;
  size_t start = 1;  // patterns always begin with '/'
  while (start <= pattern.size()) {
    size_t end = pattern.find('/', start);
    if (end == std::string_view::npos) {
      end = pattern.size();
    }
    std::string_view part = pattern.substr(start, end - start);
    if (part.size() > 2 && part.front() == '{' && part.back() == '}') {
      segments.push_back({std::string(part.substr(1, part.size() - 2)), true});
    } else {
      segments.push_back({std::string(part), false});
    }
    start = end + 1;
  }
  return segments;
}

struct Route {
  RouteInfo info;
  std::vector<Segment> segments;
  Handler handler;
};

// Matches without allocating unless the route has parameters: the hot path of every request.
bool MatchSegments(const std::vector<Segment>& segments, std::string_view path,
                   std::vector<std::pair<std::string, std::string>>* params) {
  if (path.empty() || path.front() != '/') {
    return false;
  }
  size_t start = 1;
  for (size_t i = 0; i < segments.size(); ++i) {
    if (start > path.size()) {
      return false;
    }
    size_t end = path.find('/', start);
    if (end == std::string_view::npos) {
      end = path.size();
    }
    std::string_view part = path.substr(start, end - start);
    const Segment& segment = segments[i];
    if (segment.is_param) {
      if (part.empty()) {
        return false;
      }
      if (params != nullptr) {
        params->emplace_back(segment.text, std::string(part));
      }
    } else if (part != segment.text) {
      return false;
    }
    start = end + 1;
  }
  return start > path.size();
}

}  // namespace

std::string_view MethodName(Method method) {
  for (const auto& [value, name] : kMethodNames) {
    if (value == method) {
      return name;
    }
  }
  return "OTHER";
}

Method ParseMethod(std::string_view name) {
  for (const auto& [value, text] : kMethodNames) {
    if (text == name) {
      return value;
    }
  }
  return Method::kOther;
}

std::string_view Request::Param(std::string_view name) const {
  for (const auto& [key, value] : path_params) {
    if (key == name) {
      return value;
    }
  }
  return {};
}

struct Router::Impl {
  std::vector<Route> routes;
  std::vector<RouteInfo> infos;
};

Router::Router() : impl_(std::make_unique<Impl>()) {}

Router::~Router() = default;

Router::Router(Router&&) noexcept = default;

Router& Router::operator=(Router&&) noexcept = default;

void Router::Add(Method method, std::string pattern, Handler handler, bool blocking) {
  STOREOPS_ASSERT(!pattern.empty() && pattern.front() == '/', "route patterns start with '/'");
  for (const auto& route : impl_->routes) {
    STOREOPS_ASSERT(!(route.info.method == method && route.info.pattern == pattern),
                    "a route is registered once");
  }
  Route route;
  route.info = RouteInfo{impl_->routes.size(), method, pattern, blocking};
  route.segments = SplitPattern(pattern);
  route.handler = std::move(handler);
  impl_->routes.push_back(std::move(route));
  impl_->infos.clear();
  for (const auto& r : impl_->routes) {
    impl_->infos.push_back(r.info);
  }
}

Router::Match Router::Find(Method method, std::string_view path) const {
  Match match;
  // HEAD is answered by the GET handler; the server drops the body.
  const Method wanted = method == Method::kHead ? Method::kGet : method;
  for (size_t i = 0; i < impl_->routes.size(); ++i) {
    const Route& route = impl_->routes[i];
    if (!MatchSegments(route.segments, path, nullptr)) {
      continue;
    }
    if (route.info.method == wanted) {
      match.route = &impl_->infos[i];
      match.handler = &route.handler;
      MatchSegments(route.segments, path, &match.params);
      match.allowed.clear();
      return match;
    }
    if (std::find(match.allowed.begin(), match.allowed.end(), route.info.method) ==
        match.allowed.end()) {
      match.allowed.push_back(route.info.method);
    }
  }
  return match;
}

Response Router::Run(const Match& match, Request& request) {
  if (match.route == nullptr) {
    if (match.allowed.empty()) {
      return ErrorResponse(
          {core::ErrorCode::kNotFound,
           fmt::format("no route for {} {}", MethodName(request.method), request.path),
           {}},
          request.request_id);
    }
    std::string allowed;
    for (Method m : match.allowed) {
      allowed += allowed.empty() ? "" : ", ";
      allowed += MethodName(m);
    }
    Response response = internal::ProtocolErrorResponse(
        405, "METHOD_NOT_ALLOWED",
        fmt::format("method {} is not allowed on {}; allowed: {}", MethodName(request.method),
                    request.path, allowed),
        request.request_id);
    response.headers.emplace_back("Allow", allowed);
    return response;
  }
  request.path_params = match.params;
  try {
    return (*match.handler)(request);
  } catch (const std::exception& e) {
    // The last-resort net: a handler bug must cost one 500, never the process.
    spdlog::error("handler for {} {} threw: {}", MethodName(request.method), match.route->pattern,
                  e.what());
  } catch (...) {
    spdlog::error("handler for {} {} threw a non-standard exception", MethodName(request.method),
                  match.route->pattern);
  }
  return ErrorResponse(
      {core::ErrorCode::kInternal, "internal error while handling the request", {}},
      request.request_id);
}

Response Router::Dispatch(Request& request) const {
  return Run(Find(request.method, request.path), request);
}

const std::vector<RouteInfo>& Router::routes() const { return impl_->infos; }

}  // namespace storeops::api
