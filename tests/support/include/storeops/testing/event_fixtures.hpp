// SPDX-License-Identifier: Apache-2.0
// Raw events for tests and benchmarks: a deterministic mix of all six types, and a field-by-field
// comparison (core's event types have no operator==, and tests must not add one to core).
//
//   auto events = testing::MixedEvents("store_001", 1000, core::FromEpochMs(0));
//   EXPECT_EQ(testing::EventsDifference(events, *loaded), "");
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "storeops/core/events.hpp"
#include "storeops/core/time.hpp"

namespace storeops::testing {

/// `count` events for `store`, cycling through the six types (PosTransaction first), the i-th at
/// `start + i * step`. Fields vary with i and cover every Tender and ClockAction, negative
/// quantities, UTF-8 text, awkward doubles and money up to 9e15 cents. Same arguments, same
/// events.
[[nodiscard]] std::vector<core::Event> MixedEvents(
    const std::string& store, int count, core::Timestamp start,
    std::chrono::milliseconds step = std::chrono::milliseconds(1));

/// Empty when `expected` and `actual` are equal in every field (doubles bit for bit, except that
/// -0.0 matches 0.0, which SQLite cannot tell apart), else a description of the first difference.
[[nodiscard]] std::string EventDifference(const core::Event& expected, const core::Event& actual);

/// As EventDifference for whole lists, naming the index of the first difference.
[[nodiscard]] std::string EventsDifference(const std::vector<core::Event>& expected,
                                           const std::vector<core::Event>& actual);

}  // namespace storeops::testing
