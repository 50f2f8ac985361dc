// SPDX-License-Identifier: Apache-2.0
// A small blocking HTTP/1.1 client for integration tests, over one keep-alive connection, plus a
// raw mode for sending bytes that are not valid HTTP.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace storeops::testing {

struct HttpResult {
  int status = 0;  ///< 0 when the connection failed or closed without an answer.
  std::string body;
  std::map<std::string, std::string> headers;  ///< Lower-case names.
  std::string error;                           ///< Why status is 0.

  [[nodiscard]] std::string Header(const std::string& lower_name) const;
};

class HttpClient {
 public:
  HttpClient(std::string host, uint16_t port,
             std::chrono::milliseconds timeout = std::chrono::seconds(10));
  ~HttpClient();

  HttpResult Get(const std::string& target);

  HttpResult Send(const std::string& method, const std::string& target,
                  const std::string& body = {},
                  const std::vector<std::pair<std::string, std::string>>& headers = {});

  /// Opens a fresh connection, writes `bytes` as they are and reads one response.
  HttpResult SendRaw(const std::string& bytes);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace storeops::testing
