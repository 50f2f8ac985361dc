// SPDX-License-Identifier: Apache-2.0
#include "storeops/testing/http_client.hpp"

#include <cctype>
#include <optional>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace storeops::testing {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

HttpResult ToResult(http::response<http::string_body>& response) {
  HttpResult result;
  result.status = static_cast<int>(response.result_int());
  result.body = std::move(response.body());
  for (const auto& field : response) {
    result.headers[Lower(std::string(field.name_string()))] = std::string(field.value());
  }
  return result;
}

}  // namespace

std::string HttpResult::Header(const std::string& lower_name) const {
  auto it = headers.find(lower_name);
  return it == headers.end() ? std::string() : it->second;
}

struct HttpClient::Impl {
  std::string host;
  uint16_t port;
  std::chrono::milliseconds timeout;
  asio::io_context io;
  std::optional<beast::tcp_stream> stream;
  beast::flat_buffer buffer;

  beast::error_code Connect() {
    stream.emplace(io);
    stream->expires_after(timeout);
    beast::error_code ec;
    stream->socket().connect(tcp::endpoint(asio::ip::make_address(host), port), ec);
    return ec;
  }

  // Blocking calls via io.run(): beast::tcp_stream timeouts only apply to async operations.
  template <class Op>
  beast::error_code RunWithTimeout(Op op) {
    beast::error_code result;
    stream->expires_after(timeout);
    op([&result](beast::error_code ec, size_t) { result = ec; });
    io.restart();
    io.run();
    return result;
  }
};

HttpClient::HttpClient(std::string host, uint16_t port, std::chrono::milliseconds timeout)
    : impl_(std::make_unique<Impl>()) {
  impl_->host = std::move(host);
  impl_->port = port;
  impl_->timeout = timeout;
}

HttpClient::~HttpClient() = default;

HttpResult HttpClient::Get(const std::string& target) { return Send("GET", target); }

HttpResult HttpClient::Send(const std::string& method, const std::string& target,
                            const std::string& body,
                            const std::vector<std::pair<std::string, std::string>>& headers) {
  for (int attempt = 0; attempt < 2; ++attempt) {
    if (!impl_->stream || !impl_->stream->socket().is_open()) {
      if (auto ec = impl_->Connect()) {
        return {0, {}, {}, "connect: " + ec.message()};
      }
      impl_->buffer.clear();
    }
    http::request<http::string_body> request(http::string_to_verb(method), target, 11);
    request.set(http::field::host, impl_->host);
    bool has_content_type = false;
    for (const auto& [name, value] : headers) {
      request.set(name, value);
      has_content_type = has_content_type || Lower(name) == "content-type";
    }
    if (!body.empty() && !has_content_type) {
      request.set(http::field::content_type, "application/json");
    }
    request.body() = body;
    request.prepare_payload();
    auto write_ec = impl_->RunWithTimeout(
        [&](auto handler) { http::async_write(*impl_->stream, request, handler); });
    http::response_parser<http::string_body> parser;
    parser.body_limit(256 * 1024 * 1024);
    parser.skip(method == "HEAD");
    beast::error_code read_ec = write_ec;
    if (!write_ec) {
      read_ec = impl_->RunWithTimeout(
          [&](auto handler) { http::async_read(*impl_->stream, impl_->buffer, parser, handler); });
    }
    if (read_ec) {
      // The server may close a kept-alive connection between requests: retry once on a new one.
      impl_->stream.reset();
      if (attempt == 0 &&
          (read_ec == http::error::end_of_stream || read_ec == asio::error::connection_reset ||
           read_ec == asio::error::broken_pipe)) {
        continue;
      }
      return {0, {}, {}, "exchange: " + read_ec.message()};
    }
    auto response = parser.release();
    if (!response.keep_alive()) {
      impl_->stream.reset();
    }
    return ToResult(response);
  }
  return {0, {}, {}, "no answer"};
}

HttpResult HttpClient::SendRaw(const std::string& bytes) {
  impl_->stream.reset();
  if (auto ec = impl_->Connect()) {
    return {0, {}, {}, "connect: " + ec.message()};
  }
  impl_->buffer.clear();
  auto write_ec = impl_->RunWithTimeout([&](auto handler) {
    asio::async_write(impl_->stream->socket(), asio::buffer(bytes), handler);
  });
  http::response_parser<http::string_body> parser;
  beast::error_code read_ec = write_ec;
  if (!write_ec) {
    read_ec = impl_->RunWithTimeout(
        [&](auto handler) { http::async_read(*impl_->stream, impl_->buffer, parser, handler); });
  }
  impl_->stream.reset();
  if (read_ec) {
    return {0, {}, {}, "exchange: " + read_ec.message()};
  }
  auto response = parser.release();
  return ToResult(response);
}

}  // namespace storeops::testing
