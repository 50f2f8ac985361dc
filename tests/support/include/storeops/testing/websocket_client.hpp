// SPDX-License-Identifier: Apache-2.0
// A small blocking WebSocket client for integration tests and the stream benchmark: connect to
// ws://host:port/target, send text frames, read text frames with a timeout, see the close reason.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace storeops::testing {

class WebSocketClient {
 public:
  /// Connects and completes the handshake; check `connected()`/`error()`. `receive_buffer_bytes`
  /// > 0 shrinks the socket's receive buffer (to make a slow reader fill up quickly).
  WebSocketClient(const std::string& host, uint16_t port, const std::string& target,
                  int receive_buffer_bytes = 0);
  ~WebSocketClient();
  WebSocketClient(const WebSocketClient&) = delete;
  WebSocketClient& operator=(const WebSocketClient&) = delete;

  [[nodiscard]] bool connected() const;
  [[nodiscard]] const std::string& error() const;

  bool Send(const std::string& text);

  /// The next text message, or empty on timeout, error or close (see `closed()`/`error()`).
  std::optional<std::string> Read(std::chrono::milliseconds timeout = std::chrono::seconds(5));

  /// True once the server's close frame was read; `close_code`/`close_reason` then say why.
  [[nodiscard]] bool closed() const;
  [[nodiscard]] int close_code() const;
  [[nodiscard]] std::string close_reason() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace storeops::testing
