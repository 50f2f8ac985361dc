// SPDX-License-Identifier: Apache-2.0
#include "storeops/testing/websocket_client.hpp"

#include <string>
#include <utility>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>

namespace storeops::testing {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;

}  // namespace

struct WebSocketClient::Impl {
  asio::io_context io;
  websocket::stream<tcp::socket> ws{io};
  beast::flat_buffer buffer;
  bool connected = false;
  bool closed = false;
  std::string error;

  // Runs one async operation with a deadline; on timeout the operation is cancelled.
  template <class Op>
  beast::error_code Run(Op op, std::chrono::milliseconds timeout, bool& timed_out) {
    beast::error_code result;
    bool done = false;
    timed_out = false;
    op([&](beast::error_code ec, size_t = 0) {
      result = ec;
      done = true;
    });
    io.restart();
    io.run_for(timeout);
    if (!done) {
      timed_out = true;
      beast::get_lowest_layer(ws).cancel();
      io.restart();
      io.run();
    }
    return result;
  }
};

WebSocketClient::WebSocketClient(const std::string& host, uint16_t port, const std::string& target,
                                 int receive_buffer_bytes)
    : impl_(std::make_unique<Impl>()) {
  beast::error_code ec;
  auto& socket = beast::get_lowest_layer(impl_->ws);
  socket.open(tcp::v4(), ec);
  if (!ec && receive_buffer_bytes > 0) {
    socket.set_option(asio::socket_base::receive_buffer_size(receive_buffer_bytes), ec);
  }
  if (!ec) {
    socket.connect(tcp::endpoint(asio::ip::make_address(host), port), ec);
  }
  if (!ec) {
    impl_->ws.handshake(host + ":" + std::to_string(port), target, ec);
  }
  if (ec) {
    impl_->error = "connect: " + ec.message();
    return;
  }
  impl_->ws.text(true);
  impl_->connected = true;
}

WebSocketClient::~WebSocketClient() {
  beast::error_code ignored;
  beast::get_lowest_layer(impl_->ws).close(ignored);
}

bool WebSocketClient::connected() const { return impl_->connected; }

const std::string& WebSocketClient::error() const { return impl_->error; }

bool WebSocketClient::Send(const std::string& text) {
  beast::error_code ec;
  impl_->ws.write(asio::buffer(text), ec);
  if (ec) {
    impl_->error = "write: " + ec.message();
    return false;
  }
  return true;
}

std::optional<std::string> WebSocketClient::Read(std::chrono::milliseconds timeout) {
  if (!impl_->connected || impl_->closed) {
    return std::nullopt;
  }
  bool timed_out = false;
  auto ec = impl_->Run([&](auto handler) { impl_->ws.async_read(impl_->buffer, handler); }, timeout,
                       timed_out);
  if (timed_out) {
    // A cancelled read leaves a Beast stream unusable; a test that times out is over anyway.
    impl_->error = "read: timed out";
    impl_->connected = false;
    return std::nullopt;
  }
  if (ec) {
    if (ec == websocket::error::closed) {
      impl_->closed = true;
    }
    impl_->error = "read: " + ec.message();
    return std::nullopt;
  }
  std::string text = beast::buffers_to_string(impl_->buffer.data());
  impl_->buffer.consume(impl_->buffer.size());
  return text;
}

bool WebSocketClient::closed() const { return impl_->closed; }

int WebSocketClient::close_code() const { return static_cast<int>(impl_->ws.reason().code); }

std::string WebSocketClient::close_reason() const {
  const auto& reason = impl_->ws.reason().reason;
  return {reason.data(), reason.size()};
}

}  // namespace storeops::testing
