// SPDX-License-Identifier: Apache-2.0
// Structured logs: every line on stdout is one JSON object with ts, level, logger and msg. The
// "access" logger's messages are JSON objects whose fields are spliced into the line.
#pragma once

#include <string>

namespace storeops::app {

/// Installs the default "storeops" logger and, when `access_log`, the "access" logger.
void SetupLogging(const std::string& level, bool access_log);

/// Writes buffered log lines out (also done every second and on warnings).
void FlushLogs();

}  // namespace storeops::app
