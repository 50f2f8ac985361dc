// SPDX-License-Identifier: Apache-2.0
// Adapter for the Shift Scheduling Benchmark (Curtois & Qu 2014, schedulingbenchmarks.org) text
// format: `ParseShiftBenchmark` turns an instance's text into a RosterProblem whose objective
// (request and cover penalties, all staff rules hard) is the benchmark's; `FormatBenchmarkRoster`
// writes a roster as CSV, one line per employee and one column per day. Pure: text in, text out.
//
//   auto problem = staffing::ParseShiftBenchmark(text);
//   auto solution = staffing::SolveRoster(*problem, {.time_limit_seconds = 60});
//   std::string csv = staffing::FormatBenchmarkRoster(*problem, solution->roster);
#pragma once

#include <string>
#include <string_view>

#include "storeops/core/result.hpp"
#include "storeops/staffing/roster.hpp"

namespace storeops::staffing {

/// Parses an instance ("SECTION_HORIZON" ... "SECTION_COVER"; '#' starts a comment). Day 0 is a
/// Monday. kInvalidArgument naming the line ("line 12: ...") on malformed text.
[[nodiscard]] core::Result<RosterProblem> ParseShiftBenchmark(std::string_view text);

/// "employee,day0,day1,..." with the shift id worked that day or empty; a header line first
/// ("# employee,0,1,...").
[[nodiscard]] std::string FormatBenchmarkRoster(const RosterProblem& problem, const Roster& roster);

}  // namespace storeops::staffing
