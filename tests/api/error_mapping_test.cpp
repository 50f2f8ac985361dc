// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "storeops/api/router.hpp"

namespace storeops::api {
namespace {

TEST(HttpStatusFor, MapsEveryCanonicalCode) {
  const std::pair<core::ErrorCode, int> kTable[] = {
      {core::ErrorCode::kInvalidArgument, 400}, {core::ErrorCode::kNotFound, 404},
      {core::ErrorCode::kAlreadyExists, 409},   {core::ErrorCode::kFailedPrecondition, 409},
      {core::ErrorCode::kUnavailable, 503},     {core::ErrorCode::kDeadlineExceeded, 504},
      {core::ErrorCode::kCancelled, 499},       {core::ErrorCode::kInternal, 500},
  };
  for (const auto& [code, status] : kTable) {
    EXPECT_EQ(HttpStatusFor(code), status) << core::ErrorCodeName(code);
    Response response = ErrorResponse({code, "m", {}});
    EXPECT_EQ(response.status, status);
    EXPECT_EQ(nlohmann::json::parse(response.body)["error"]["code"], core::ErrorCodeName(code));
  }
}

TEST(ErrorResponse, CarriesMessageDetailsAndRequestId) {
  Response response = ErrorResponse(
      {core::ErrorCode::kInvalidArgument, "bad store", {{"zones[2].area_m2", "must be positive"}}},
      "abc");
  auto body = nlohmann::json::parse(response.body);
  EXPECT_EQ(response.content_type, "application/json");
  EXPECT_EQ(body["error"]["message"], "bad store");
  EXPECT_EQ(body["error"]["details"][0]["field"], "zones[2].area_m2");
  EXPECT_EQ(body["error"]["details"][0]["reason"], "must be positive");
  EXPECT_EQ(body["error"]["request_id"], "abc");
}

TEST(ErrorResponse, InvalidUtf8InAMessageStillGivesValidJson) {
  Response response = ErrorResponse({core::ErrorCode::kInvalidArgument, "bad \xff\xfe byte", {}});
  EXPECT_TRUE(nlohmann::json::accept(response.body)) << response.body;
}

}  // namespace
}  // namespace storeops::api
