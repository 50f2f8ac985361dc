// SPDX-License-Identifier: Apache-2.0
#include "request_parsing.hpp"

#include <gtest/gtest.h>

namespace storeops::api::internal {
namespace {

TEST(RequestParsing, QueryParametersAreDecodedAndAbsentOnesAreEmpty) {
  const std::string_view query = "store_id=store%5F001&departments=produce,deli&note=a+b%2Bc&flag";
  EXPECT_EQ(QueryParam(query, "store_id").value(), "store_001");
  EXPECT_EQ(QueryParam(query, "departments").value(), "produce,deli");
  EXPECT_EQ(QueryParam(query, "note").value(), "a b+c");
  EXPECT_EQ(QueryParam(query, "flag").value(), "");
  EXPECT_FALSE(QueryParam(query, "store").value().has_value());  // a prefix is not a match
  EXPECT_FALSE(QueryParam("", "store_id").value().has_value());
  auto bad = QueryParam("store_id=%zz", "store_id");
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().details.at(0).field, "store_id");
}

TEST(RequestParsing, IntegersAreWholeNumbersOrNamedErrors) {
  EXPECT_EQ(QueryInteger("limit=25", "limit").value(), 25);
  EXPECT_FALSE(QueryInteger("before=3", "limit").value().has_value());
  for (const auto* query : {"limit=", "limit=2x", "limit=1.5", "limit"}) {
    auto parsed = QueryInteger(query, "limit");
    ASSERT_FALSE(parsed.has_value()) << query;
    EXPECT_EQ(parsed.error().details.at(0).field, "limit");
  }
}

TEST(RequestParsing, BodiesMustBeJsonObjects) {
  Request request;
  request.body = R"({"a":1})";
  EXPECT_TRUE(JsonObjectBody(request).has_value());
  request.content_type = "text/plain";
  EXPECT_EQ(JsonObjectBody(request).error().details.at(0).field, "Content-Type");
  request.content_type = "application/json; charset=utf-8";
  request.body = "[1]";
  EXPECT_EQ(JsonObjectBody(request).error().details.at(0).field, "body");
  request.body = "{";
  EXPECT_EQ(JsonObjectBody(request).error().details.at(0).field, "body");
  EXPECT_EQ(ParseStoreId("bad id", "store_id").error().details.at(0).field, "store_id");
}

}  // namespace
}  // namespace storeops::api::internal
