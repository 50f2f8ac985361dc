// SPDX-License-Identifier: Apache-2.0
#include "storeops/core/result.hpp"

#include <array>
#include <set>
#include <string>

#include <gtest/gtest.h>

namespace storeops::core {
namespace {

TEST(ErrorCodeName, EveryCodeHasADistinctStableName) {
  constexpr std::array<std::pair<ErrorCode, const char*>, 8> kExpected{{
      {ErrorCode::kInvalidArgument, "INVALID_ARGUMENT"},
      {ErrorCode::kNotFound, "NOT_FOUND"},
      {ErrorCode::kAlreadyExists, "ALREADY_EXISTS"},
      {ErrorCode::kFailedPrecondition, "FAILED_PRECONDITION"},
      {ErrorCode::kUnavailable, "UNAVAILABLE"},
      {ErrorCode::kDeadlineExceeded, "DEADLINE_EXCEEDED"},
      {ErrorCode::kCancelled, "CANCELLED"},
      {ErrorCode::kInternal, "INTERNAL"},
  }};
  std::set<std::string> seen;
  for (const auto& [code, name] : kExpected) {
    EXPECT_EQ(ErrorCodeName(code), name);
    seen.insert(std::string(ErrorCodeName(code)));
  }
  EXPECT_EQ(seen.size(), kExpected.size());
}

TEST(Result, FailCarriesCodeMessageAndFieldDetails) {
  Result<int> result =
      Fail(ErrorCode::kInvalidArgument, "bad zone", {{"zones[0].area_m2", "must be positive"}});
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(result.error().message, "bad zone");
  ASSERT_EQ(result.error().details.size(), 1U);
  EXPECT_EQ(result.error().details[0].field, "zones[0].area_m2");
}

TEST(Result, ErrorPropagatesUnchangedAcrossTypes) {
  Result<int> inner = Fail(ErrorCode::kNotFound, "no store");
  Result<std::string> outer = inner.has_value() ? Result<std::string>("x") : Fail(inner.error());
  ASSERT_FALSE(outer.has_value());
  EXPECT_EQ(outer.error().code, ErrorCode::kNotFound);
  EXPECT_TRUE(Ok().has_value());
}

}  // namespace
}  // namespace storeops::core
