// SPDX-License-Identifier: Apache-2.0
#include "terminal.hpp"

#include <cstdio>
#include <fstream>
#include <sstream>

#include <unistd.h>

namespace storeops::app {

int ExitCodeFor(const core::Error& error) {
  return error.code == core::ErrorCode::kInvalidArgument || error.code == core::ErrorCode::kNotFound
             ? 2
             : 1;
}

void PrintError(const core::Error& error) {
  std::fprintf(stderr, "storeops: %s\n", error.message.c_str());
  for (const auto& detail : error.details) {
    std::fprintf(stderr, "  %s: %s\n", detail.field.c_str(), detail.reason.c_str());
  }
}

int ReportError(const core::Error& error) {
  PrintError(error);
  return ExitCodeFor(error);
}

std::optional<std::string> ReadTextFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return std::nullopt;
  }
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

ProgressBar::ProgressBar(std::string label)
    : label_(std::move(label)), enabled_(::isatty(STDERR_FILENO) != 0) {}

void ProgressBar::Update(size_t done, size_t total) {
  if (!enabled_) {
    return;
  }
  const size_t percent = total == 0 ? 100 : done * 100 / total;
  if (percent == last_percent_) {
    return;
  }
  last_percent_ = percent;
  constexpr size_t kWidth = 40;
  const size_t filled = percent * kWidth / 100;
  std::fprintf(stderr, "\r%s%s[%s%s] %3zu%% %zu/%zu", label_.c_str(), label_.empty() ? "" : " ",
               std::string(filled, '#').c_str(), std::string(kWidth - filled, ' ').c_str(), percent,
               done, total);
  open_line_ = done < total;
  if (!open_line_) {
    std::fputc('\n', stderr);
  }
  std::fflush(stderr);
}

ProgressBar::~ProgressBar() {
  if (open_line_) {
    std::fputc('\n', stderr);
  }
}

}  // namespace storeops::app
