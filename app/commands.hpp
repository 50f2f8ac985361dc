// SPDX-License-Identifier: Apache-2.0
// The subcommands of `storeops`. Each returns the process exit code: 0 success, 1 failure at run
// time (database unreachable, port taken), 2 bad input (flags, config, files).
#pragma once

#include <string>
#include <vector>

#include "config.hpp"

namespace storeops::app {

struct ServeExtras {
  std::string port_file;                   ///< Written with the bound port once listening.
  std::vector<std::string> import_stores;  ///< Store definition files loaded before serving.
};

int RunServe(const Config& config, const ServeExtras& extras);

int RunStoreImport(const std::string& file, const std::string& db_path);

}  // namespace storeops::app
