// SPDX-License-Identifier: Apache-2.0
// A fresh folder under the system temp dir, removed with everything in it when the object dies.
#pragma once

#include <filesystem>

namespace storeops::testing {

class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  [[nodiscard]] const std::filesystem::path& path() const { return path_; }

  [[nodiscard]] std::filesystem::path operator/(const std::filesystem::path& name) const {
    return path_ / name;
  }

 private:
  std::filesystem::path path_;
};

}  // namespace storeops::testing
