// SPDX-License-Identifier: Apache-2.0
// Hierarchical reconciliation: departments sum to their store, bottom-up and MinT with answers
// worked out by hand, and bad input.
#include "storeops/forecast/reconcile.hpp"

#include <cmath>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace storeops::forecast {
namespace {

// Two stores: store 0 with departments 0 and 1, store 1 with department 2. H = 2.
ReconcileInput TwoStores() {
  return {.bottom = {{3, 1}, {4, 2}, {7, 7}}, .top = {{10, 2}, {6, 8}}, .parent = {0, 0, 1}};
}

void ExpectCoherent(const Reconciled& r, const std::vector<size_t>& parent) {
  for (size_t h = 0; h < r.top.front().size(); ++h) {
    std::vector<double> sums(r.top.size(), 0.0);
    for (size_t d = 0; d < r.bottom.size(); ++d) {
      sums[parent[d]] += r.bottom[d][h];
    }
    for (size_t s = 0; s < r.top.size(); ++s) {
      EXPECT_NEAR(r.top[s][h], sums[s], 1e-9) << "store " << s << " step " << h;
    }
  }
}

TEST(Reconcile, BottomUpSumsTheDepartments) {
  const ReconcileInput input = TwoStores();
  auto r = Reconcile(input, ReconcileMethod::kBottomUp);
  ASSERT_TRUE(r.has_value()) << r.error().message;
  EXPECT_EQ(r->bottom, input.bottom);
  EXPECT_EQ(r->top, (std::vector<std::vector<double>>{{7, 3}, {7, 7}}));
}

TEST(Reconcile, MinTWithEqualUncorrelatedErrorsIsTheOlsProjection) {
  // Errors that are orthogonal columns of +-1 (Hadamard): sample covariance exactly I, so MinT is
  // OLS. Store 0 at step 1: top 10, departments 3 and 4, gap d = 10 - 7 = 3; OLS moves every
  // series by d / (m + 1) = 1: departments 4 and 5, store 9.
  ReconcileInput input = TwoStores();
  input.top_errors = {{1, 1, -1, -1}, {1, 1, -1, -1}};
  input.bottom_errors = {{1, -1, 1, -1}, {1, -1, -1, 1}, {1, -1, 1, -1}};
  auto r = Reconcile(input, ReconcileMethod::kMinTShrink);
  ASSERT_TRUE(r.has_value()) << r.error().message;
  EXPECT_NEAR(r->bottom[0][0], 4.0, 1e-9);
  EXPECT_NEAR(r->bottom[1][0], 5.0, 1e-9);
  EXPECT_NEAR(r->top[0][0], 9.0, 1e-9);
  // Store 1 (one department): top 6 and department 7 meet half way, 6.5.
  EXPECT_NEAR(r->bottom[2][0], 6.5, 1e-9);
  ExpectCoherent(*r, input.parent);
}

TEST(Reconcile, MinTTrustsTheLevelWithSmallerErrors) {
  // The store's errors are 100x smaller than its departments': the store forecast is kept almost
  // exactly and the departments absorb the gap.
  ReconcileInput input = TwoStores();
  input.top_errors = {{0.01, 0.01, -0.01, -0.01}, {0.01, 0.01, -0.01, -0.01}};
  input.bottom_errors = {{1, -1, 1, -1}, {1, -1, -1, 1}, {1, -1, 1, -1}};
  auto r = Reconcile(input, ReconcileMethod::kMinTShrink);
  ASSERT_TRUE(r.has_value()) << r.error().message;
  EXPECT_NEAR(r->top[0][0], 10.0, 1e-3);
  EXPECT_NEAR(r->top[1][1], 8.0, 1e-3);
  ExpectCoherent(*r, input.parent);
}

TEST(Reconcile, ASingularCovarianceFallsBackToBottomUp) {
  ReconcileInput input = TwoStores();
  input.top_errors = {{0, 0, 0}, {1, 2, 3}};
  input.bottom_errors = {{1, 2, 3}, {3, 1, 2}, {2, 2, 1}};
  auto r = Reconcile(input, ReconcileMethod::kMinTShrink);
  ASSERT_TRUE(r.has_value()) << r.error().message;
  EXPECT_EQ(r->bottom[0], input.bottom[0]);
  EXPECT_EQ(r->bottom[1], input.bottom[1]);
  ExpectCoherent(*r, input.parent);
}

TEST(Reconcile, BadInputIsRejected) {
  struct Case {
    std::string name;
    ReconcileInput input;
    ReconcileMethod method;
    std::string expected;
  };

  auto with = [](auto change) {
    ReconcileInput input = TwoStores();
    change(input);
    return input;
  };
  const std::vector<Case> cases = {
      {"parent out of range", with([](ReconcileInput& i) { i.parent[2] = 5; }),
       ReconcileMethod::kBottomUp, "department 2 has parent 5"},
      {"short forecast", with([](ReconcileInput& i) { i.bottom[1].pop_back(); }),
       ReconcileMethod::kBottomUp, "department 1: forecasts must be 2"},
      {"nan", with([](ReconcileInput& i) { i.top[1][0] = std::nan(""); }),
       ReconcileMethod::kBottomUp, "store 1: forecasts"},
      {"childless store", with([](ReconcileInput& i) { i.parent[2] = 0; }),
       ReconcileMethod::kBottomUp, "store 1 has no department"},
      {"parent count", with([](ReconcileInput& i) { i.parent.pop_back(); }),
       ReconcileMethod::kBottomUp, "3 departments but 2"},
      {"no errors", TwoStores(), ReconcileMethod::kMinTShrink, "needs forecast errors"},
      {"error lengths", with([](ReconcileInput& i) {
         i.top_errors = {{1, 2, 3}, {1, 2, 3}};
         i.bottom_errors = {{1, 2, 3}, {1, 2}, {1, 2, 3}};
       }),
       ReconcileMethod::kMinTShrink, "department 1 has 2 forecast errors"},
  };
  for (const auto& c : cases) {
    auto r = Reconcile(c.input, c.method);
    ASSERT_FALSE(r.has_value()) << c.name;
    EXPECT_EQ(r.error().code, core::ErrorCode::kInvalidArgument) << c.name;
    EXPECT_NE(r.error().message.find(c.expected), std::string::npos)
        << c.name << ": " << r.error().message;
  }
}

}  // namespace
}  // namespace storeops::forecast
