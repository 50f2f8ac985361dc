// SPDX-License-Identifier: Apache-2.0
#include "storeops/testing/temp_dir.hpp"

#include <cstdlib>
#include <string>
#include <system_error>

#include <unistd.h>

namespace storeops::testing {

TempDir::TempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "storeops-test-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) {
    std::abort();
  }
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

}  // namespace storeops::testing
