// SPDX-License-Identifier: Apache-2.0
// What every subcommand needs at the terminal: errors with the fields they name, the exit code
// that goes with them, a progress bar for long work, and the files named on the command line.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "storeops/core/result.hpp"

namespace storeops::app {

/// 2 for bad input (kInvalidArgument, kNotFound: the user can fix the command), 1 otherwise.
[[nodiscard]] int ExitCodeFor(const core::Error& error);

/// "storeops: message" on stderr, then one "  field: reason" line per detail.
void PrintError(const core::Error& error);

/// PrintError, then the exit code for it.
int ReportError(const core::Error& error);

/// The whole file as bytes; nullopt when it cannot be opened.
[[nodiscard]] std::optional<std::string> ReadTextFile(const std::string& path);

/// A progress bar on stderr, drawn only when stderr is a terminal (logs and pipes stay clean).
/// Redraws only when the whole percentage changes, so a million updates cost 100 writes.
class ProgressBar {
 public:
  explicit ProgressBar(std::string label = "");
  void Update(size_t done, size_t total);
  /// Ends the bar's line if it was drawn and not finished.
  ~ProgressBar();
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;

 private:
  std::string label_;
  bool enabled_;
  bool open_line_ = false;
  size_t last_percent_ = 101;
};

}  // namespace storeops::app
