// SPDX-License-Identifier: Apache-2.0
// Paths of files kept in the repository for tests, and small domain objects to build on.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "storeops/core/store.hpp"

namespace storeops::testing {

/// <repo>/relative, e.g. SourcePath("data/stores/supercenter.json").
[[nodiscard]] std::filesystem::path SourcePath(const std::string& relative);

/// The whole text of a file; aborts the test binary when it cannot be read (a broken checkout).
[[nodiscard]] std::string ReadFileText(const std::filesystem::path& path);

/// A small but complete valid store: 5 zones (entrance, produce, aisle, checkout, stockroom),
/// 2 departments, 2 categories, 3 SKUs, 2 lanes, opening 07:00-22:00 every day.
[[nodiscard]] core::Store SmallStore(const std::string& id = "test_store");

/// Every common spelling of a MAC address ("a4:5e:60:c1:22:9b" or "A4-5E-..."): 12 hex digits in
/// lower and upper case, colon- and hyphen-separated in both cases, Cisco's dotted form, and the 6
/// raw bytes. Privacy tests search stored files, logs and replies for each.
[[nodiscard]] std::vector<std::string> MacSpellings(const std::string& mac);

}  // namespace storeops::testing
