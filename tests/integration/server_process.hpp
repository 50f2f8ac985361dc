// SPDX-License-Identifier: Apache-2.0
// Starts `storeops` as a child process for a test and stops it again.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <sys/types.h>

namespace storeops::testing {

struct CommandResult {
  int exit_code = -1;
  std::string output;  ///< stdout and stderr together.
};

/// Runs `storeops args...` to completion (bounded by `timeout`) and captures its output.
CommandResult RunStoreops(const std::vector<std::string>& args,
                          std::chrono::seconds timeout = std::chrono::seconds(60));

class ServerProcess {
 public:
  /// `storeops serve --listen 127.0.0.1:0 --db <db> --port-file ... extra_args`; waits (up to
  /// 20 s) until it listens. Output goes to `log_path`.
  ServerProcess(const std::filesystem::path& db, const std::filesystem::path& work_dir,
                std::vector<std::string> extra_args = {}, std::string subcommand = "serve");
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  [[nodiscard]] bool running() const { return pid_ > 0 && port_ != 0; }

  [[nodiscard]] uint16_t port() const { return port_; }

  [[nodiscard]] std::string Log() const;

  /// Sends `signal_number` and waits up to `timeout`; returns the exit code (128+signal when
  /// killed by a signal, -1 on timeout, after which it is SIGKILLed).
  int Stop(int signal_number, std::chrono::seconds timeout = std::chrono::seconds(20));

 private:
  pid_t pid_ = -1;
  uint16_t port_ = 0;
  std::filesystem::path log_path_;
};

}  // namespace storeops::testing
