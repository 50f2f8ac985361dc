// SPDX-License-Identifier: Apache-2.0
#include "storeops/api/router.hpp"

#include <stdexcept>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace storeops::api {
namespace {

Router MakeRouter() {
  Router router;
  router.Add(Method::kGet, "/api/v1/stores",
             [](const Request&) { return JsonResponse(200, "[]"); });
  router.Add(Method::kGet, "/api/v1/stores/{id}", [](const Request& request) {
    return JsonResponse(200, std::string(request.Param("id")));
  });
  router.Add(
      Method::kPut, "/api/v1/stores/{id}", [](const Request&) { return JsonResponse(201, "{}"); },
      /*blocking=*/true);
  router.Add(Method::kGet, "/boom",
             [](const Request&) -> Response { throw std::runtime_error("bug"); });
  return router;
}

Response Call(const Router& router, Method method, const std::string& path) {
  Request request;
  request.method = method;
  request.path = path;
  request.request_id = "req-1";
  return router.Dispatch(request);
}

TEST(Router, MatchesStaticAndParameterisedPatterns) {
  const Router router = MakeRouter();
  EXPECT_EQ(Call(router, Method::kGet, "/api/v1/stores").body, "[]");
  EXPECT_EQ(Call(router, Method::kGet, "/api/v1/stores/store_001").body, "store_001");
  EXPECT_EQ(Call(router, Method::kPut, "/api/v1/stores/x").status, 201);
}

TEST(Router, HeadIsAnsweredByGet) {
  const Router router = MakeRouter();
  EXPECT_EQ(Call(router, Method::kHead, "/api/v1/stores").status, 200);
}

TEST(Router, UnknownPathIs404WithJsonError) {
  const Router router = MakeRouter();
  for (const char* path : {"/nope", "/api/v1/stores/a/b", "/api/v1/stores/", "/api/v1", ""}) {
    Response response = Call(router, Method::kGet, path);
    EXPECT_EQ(response.status, 404) << path;
    auto body = nlohmann::json::parse(response.body);
    EXPECT_EQ(body["error"]["code"], "NOT_FOUND") << path;
    EXPECT_EQ(body["error"]["request_id"], "req-1");
  }
}

TEST(Router, WrongMethodIs405ListingAllowedMethods) {
  const Router router = MakeRouter();
  Response response = Call(router, Method::kDelete, "/api/v1/stores/x");
  EXPECT_EQ(response.status, 405);
  auto body = nlohmann::json::parse(response.body);
  EXPECT_EQ(body["error"]["code"], "METHOD_NOT_ALLOWED");
  ASSERT_EQ(response.headers.size(), 1U);
  EXPECT_EQ(response.headers[0].first, "Allow");
  EXPECT_EQ(response.headers[0].second, "GET, PUT");
}

TEST(Router, HandlerExceptionBecomes500AndNeverEscapes) {
  const Router router = MakeRouter();
  Response response = Call(router, Method::kGet, "/boom");
  EXPECT_EQ(response.status, 500);
  EXPECT_EQ(nlohmann::json::parse(response.body)["error"]["code"], "INTERNAL");
}

TEST(Router, ReportsRouteInfoForMetricsAndScheduling) {
  const Router router = MakeRouter();
  auto match = router.Find(Method::kPut, "/api/v1/stores/x");
  ASSERT_NE(match.route, nullptr);
  EXPECT_TRUE(match.route->blocking);
  EXPECT_EQ(match.route->pattern, "/api/v1/stores/{id}");
  EXPECT_EQ(router.routes().size(), 4U);
  EXPECT_EQ(router.routes()[match.route->index].pattern, match.route->pattern);
}

TEST(Method, NamesRoundTrip) {
  for (Method m : {Method::kGet, Method::kHead, Method::kPost, Method::kPut, Method::kPatch,
                   Method::kDelete, Method::kOptions}) {
    EXPECT_EQ(ParseMethod(MethodName(m)), m);
  }
  EXPECT_EQ(ParseMethod("BREW"), Method::kOther);
}

}  // namespace
}  // namespace storeops::api
