// SPDX-License-Identifier: Apache-2.0
// Private: serves the dashboard's built files from one folder and nothing outside it.
#pragma once

#include <filesystem>
#include <string>

#include "storeops/api/router.hpp"

namespace storeops::api::internal {

class StaticFiles {
 public:
  /// `root` may not exist yet (dashboard not built): every request then gets 404.
  explicit StaticFiles(std::filesystem::path root);

  /// GET/HEAD of a file under the root; "/" and folders serve their index.html. A path with a
  /// ".." segment (also percent-encoded), a NUL or a backslash is refused with 400; anything
  /// that resolves outside the root (a symlink) is 404, as is a missing file. A missing path whose
  /// last segment has no extension (a client-side route such as /staffing) gets the root's
  /// index.html instead, so the dashboard's routes survive a reload; /api/ paths never do.
  [[nodiscard]] Response Serve(const Request& request) const;

 private:
  std::filesystem::path root_;
};

/// Decodes %XX escapes into `out`; false when an escape is malformed.
[[nodiscard]] bool PercentDecode(std::string_view in, std::string& out);

}  // namespace storeops::api::internal
