// SPDX-License-Identifier: Apache-2.0
// The network side of the API, modelled on the CppCon2018 Beast chat server: a listener, one
// session object per connection owning its stream, every failure funnelled through OnError, and
// shared server state for shutdown. Only this file includes Beast, to keep compile times down.
#include "storeops/api/server.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <thread>
#include <vector>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "error_mapping.hpp"
#include "metrics.hpp"
#include "routes.hpp"
#include "routes_jobs.hpp"
#include "static_files.hpp"

namespace storeops::api {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;

// A concrete strand type rather than Beast's default type-erased executor: the erasure costs a
// few percent of CPU per request at tens of thousands of requests a second.
using SessionExecutor = asio::strand<asio::io_context::executor_type>;
using SessionSocket = asio::basic_stream_socket<tcp, SessionExecutor>;
using SessionStream = beast::basic_stream<tcp, SessionExecutor>;

constexpr std::string_view kStreamPath = "/api/v1/stream";
// A client that does not take the close frame within this long is disconnected outright.
constexpr auto kStreamCloseTimeout = std::chrono::seconds(3);
constexpr size_t kStreamMessageMaxBytes = 64 * 1024;

constexpr uint32_t kHeaderLimitBytes = 16 * 1024;
// Read size for request bodies (see Session::ReadBody); kept per connection once a body came.
constexpr size_t kBodyReadBytes = 64 * 1024;
constexpr auto kLingerTime = std::chrono::seconds(2);
constexpr size_t kLingerMaxBytes = 64 * 1024 * 1024;

bool IsValidRequestId(std::string_view id) {
  if (id.empty() || id.size() > 64) {
    return false;
  }
  for (char c : id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_' || c == '.';
    if (!ok) {
      return false;
    }
  }
  return true;
}

// Request ids: a per-process random prefix plus a counter, unique without coordination.
class RequestIdGenerator {
 public:
  RequestIdGenerator() : prefix_(static_cast<uint32_t>(std::random_device{}())) {}

  std::string Next() {
    return fmt::format("{:08x}-{:x}", prefix_, counter_.fetch_add(1, std::memory_order_relaxed));
  }

 private:
  uint32_t prefix_;
  std::atomic<uint64_t> counter_{1};
};

// Paths are logged byte-safe: anything unusual is escaped, never interpreted. Most paths need no
// escaping, and then no copy is made.
std::string_view JsonSafe(std::string_view text, std::string& storage) {
  auto plain = [](char c) {
    const auto byte = static_cast<unsigned char>(c);
    return byte >= 0x20 && byte < 0x7f && c != '"' && c != '\\';
  };
  if (std::all_of(text.begin(), text.end(), plain)) {
    return text;
  }
  storage.clear();
  for (char c : text) {
    if (plain(c)) {
      storage.push_back(c);
    } else {
      storage += fmt::format("\\u{:04x}", static_cast<unsigned char>(c));
    }
  }
  return storage;
}

std::string_view ToStd(beast::string_view text) { return {text.data(), text.size()}; }

int ResolveIoThreads(int requested) {
  return requested > 0 ? requested
                       : static_cast<int>(std::max(1U, std::thread::hardware_concurrency()));
}

}  // namespace

class Session;
class StreamSession;

namespace internal {
struct ServerState {
  ServerState(ServerOptions opts, ApiServices svc)
      : options(std::move(opts)),
        services(svc),
        io(ResolveIoThreads(options.io_threads)),
        workers(static_cast<size_t>(std::max(1, options.worker_threads))),
        acceptor(io),
        signals(io),
        static_files(options.static_dir) {
    internal::AddSystemRoutes(router, services.health,
                              [this] { return metrics ? metrics->RenderPrometheus() : ""; });
    internal::AddStoreRoutes(router, services.stores);
    internal::AddEventRoutes(router, services.ingest);
    if (services.live != nullptr) {
      internal::AddLiveRoutes(router, services.stores, *services.live);
    }
    if (services.forecasts != nullptr) {
      internal::AddForecastRoutes(router, *services.forecasts);
    }
    if (services.jobs != nullptr) {
      internal::AddJobRoutes(router, *services.jobs);
    }
    if (services.jobs != nullptr && services.simulations != nullptr) {
      internal::AddSimulationRoutes(router, *services.simulations, *services.jobs);
    }
    if (services.staffing != nullptr && services.jobs != nullptr) {
      internal::AddStaffingRoutes(router, *services.staffing, *services.jobs);
    }
    metrics = std::make_unique<internal::Metrics>(router.routes());
    if (options.access_log) {
      access_logger = spdlog::get("access");
      if (!access_logger) {
        access_logger = spdlog::default_logger();
      }
    }
  }

  void Accept();
  void BeginShutdown();
  void Register(const std::shared_ptr<Session>& session);
  void Unregister(Session* session);
  void Register(const std::shared_ptr<StreamSession>& stream);
  void Unregister(StreamSession* stream);
  void LogAccess(const Request& request, const Response& response, std::string_view route,
                 std::chrono::nanoseconds latency, size_t bytes_in, const std::string& remote);

  ServerOptions options;
  ApiServices services;
  Router router;
  std::unique_ptr<internal::Metrics> metrics;
  asio::io_context io;
  asio::thread_pool workers;
  tcp::acceptor acceptor;
  asio::signal_set signals;
  internal::StaticFiles static_files;
  std::shared_ptr<spdlog::logger> access_logger;
  RequestIdGenerator request_ids;
  std::atomic<bool> stopping{false};
  std::mutex sessions_mutex;
  std::map<Session*, std::weak_ptr<Session>> sessions;
  std::map<StreamSession*, std::weak_ptr<StreamSession>> streams;
};
}  // namespace internal

// One WebSocket client of GET /api/v1/stream. Commands come in as JSON text frames; outgoing
// frames are the replies to them (kept here) and the bus's messages (kept, bounded, in the bus
// subscriber). Only one frame is written at a time, on the connection's strand. When the bus drops
// the subscriber for being slow, the client gets a close frame saying so.
class StreamSession : public std::enable_shared_from_this<StreamSession> {
 public:
  StreamSession(SessionStream stream, internal::ServerState& server, std::string remote)
      : ws_(std::move(stream)),
        server_(server),
        hub_(*server.services.live),
        close_timer_(ws_.get_executor()),
        remote_(std::move(remote)) {
    server_.metrics->ConnectionOpened();
  }

  ~StreamSession() {
    if (subscriber_) {
      hub_.bus().Unsubscribe(subscriber_);
    }
    server_.metrics->ConnectionClosed();
    server_.Unregister(this);
  }

  void Start(http::request<http::string_body> request) {
    upgrade_ = std::move(request);
    // The WebSocket layer keeps its own timers (handshake, idle pings); the TCP timer stays off.
    beast::get_lowest_layer(ws_).expires_never();
    ws_.set_option(websocket::stream_base::timeout::suggested(beast::role_type::server));
    ws_.set_option(websocket::stream_base::decorator(
        [](websocket::response_type& response) { response.set(http::field::server, "storeops"); }));
    ws_.read_message_max(kStreamMessageMaxBytes);
    ws_.text(true);
    ws_.async_accept(upgrade_,
                     [self = shared_from_this()](beast::error_code ec) { self->OnAccept(ec); });
  }

  /// Server shutdown: a close frame ("going away"), then the connection ends.
  void Shutdown() {
    asio::dispatch(ws_.get_executor(), [self = shared_from_this()] {
      self->BeginClose(websocket::close_code::going_away, "server shutting down");
    });
  }

 private:
  void OnAccept(beast::error_code ec) {
    if (ec) {
      OnError(ec, "websocket accept");
      return;
    }
    std::weak_ptr<StreamSession> weak = shared_from_this();
    auto executor = ws_.get_executor();
    // Called on the publishing thread: only a post, never work or a lock of ours.
    subscriber_ = hub_.bus().Subscribe(server_.options.stream_queue_messages, [weak, executor] {
      asio::post(executor, [weak] {
        if (auto self = weak.lock()) {
          self->Pump();
        }
      });
    });
    Read();
  }

  void Read() {
    ws_.async_read(input_,
                   [self = shared_from_this()](beast::error_code ec, size_t) { self->OnRead(ec); });
  }

  void OnRead(beast::error_code ec) {
    if (ec) {
      if (ec == websocket::error::closed || ec == asio::error::eof) {
        Finish();
        return;
      }
      OnError(ec, "websocket read");
      return;
    }
    if (!closing_) {
      const auto data = input_.cdata();
      Command(std::string_view(static_cast<const char*>(data.data()), data.size()));
    }
    input_.consume(input_.size());
    Read();
  }

  void Reply(std::string text) {
    control_.push_back(std::make_shared<const std::string>(std::move(text)));
  }

  void ReplyError(std::string_view reason) {
    Reply(nlohmann::json{{"type", "error"}, {"reason", reason}}.dump(
        -1, ' ', false, nlohmann::json::error_handler_t::replace));
  }

  // {"action":"subscribe"|"unsubscribe","topics":[...],"store_id":"..."} (store_id optional).
  void Command(std::string_view text) {
    auto message = nlohmann::json::parse(text, nullptr, false);
    if (message.is_discarded() || !message.is_object()) {
      ReplyError(
          "a message must be a JSON object such as "
          "{\"action\":\"subscribe\",\"topics\":[\"live\"]}");
      Pump();
      return;
    }
    auto action = message.find("action");
    const bool subscribe = action != message.end() && *action == "subscribe";
    const bool unsubscribe = action != message.end() && *action == "unsubscribe";
    if (!subscribe && !unsubscribe) {
      ReplyError("action must be \"subscribe\" or \"unsubscribe\"");
      Pump();
      return;
    }
    auto topics = message.find("topics");
    if (topics == message.end() || !topics->is_array() || topics->empty()) {
      ReplyError("topics must be a non-empty array of \"live\", \"events\", \"alerts\"");
      Pump();
      return;
    }
    std::vector<std::string> names;
    for (const auto& topic : *topics) {
      if (!topic.is_string() || !live::IsKnownTopic(topic.get_ref<const std::string&>())) {
        ReplyError(
            fmt::format("unknown topic {}: topics are \"live\", \"events\", \"alerts\"",
                        topic.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)));
        Pump();
        return;
      }
      names.push_back(topic.get<std::string>());
    }
    core::StoreId store;
    std::shared_ptr<const core::Store> definition;
    if (auto id = message.find("store_id"); id != message.end() && !id->is_null()) {
      if (!id->is_string() || !core::IsValidIdText(id->get_ref<const std::string&>())) {
        ReplyError("store_id must be a store id (or absent for every store)");
        Pump();
        return;
      }
      store = core::StoreId{id->get<std::string>()};
      auto found = server_.services.stores.GetStore(store);
      if (!found) {
        ReplyError(found.error().message);
        Pump();
        return;
      }
      definition = *found;
    }
    for (const auto& name : names) {
      if (subscribe) {
        subscriber_->Add(name, store);
      } else {
        subscriber_->Remove(name, store);
      }
    }
    nlohmann::json reply = {
        {"type", subscribe ? "subscribed" : "unsubscribed"},
        {"topics", names},
        {"store_id", store.empty() ? nlohmann::json(nullptr) : nlohmann::json(store.value())}};
    Reply(reply.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    // A new "live" subscriber of one store gets the current state at once, not at the next change.
    if (subscribe && definition &&
        std::find(names.begin(), names.end(), live::kTopicLive) != names.end()) {
      Reply(hub_.RenderLiveMessage(*definition));
    }
    Pump();
  }

  // Writes the next frame if none is in flight: replies first, then the bus's messages.
  void Pump() {
    if (closing_) {
      return;
    }
    if (subscriber_ && subscriber_->dropped()) {
      spdlog::warn("stream client {} dropped: {}", remote_, subscriber_->drop_reason());
      BeginClose(websocket::close_code::policy_error, subscriber_->drop_reason());
      return;
    }
    if (writing_) {
      return;
    }
    std::shared_ptr<const std::string> next;
    if (!control_.empty()) {
      next = std::move(control_.front());
      control_.pop_front();
    } else if (subscriber_) {
      if (auto message = subscriber_->Pop()) {
        next = std::move(*message);
      }
    }
    if (!next) {
      return;
    }
    writing_ = true;
    current_ = std::move(next);
    ws_.async_write(asio::buffer(*current_),
                    [self = shared_from_this()](beast::error_code ec, size_t) {
                      self->writing_ = false;
                      self->current_.reset();
                      if (ec) {
                        self->OnError(ec, "websocket write");
                        return;
                      }
                      self->Pump();
                    });
  }

  // Sends a close frame with `reason` (after a write in flight, if any) and ends the connection
  // when the client answers or kStreamCloseTimeout passes, whichever comes first.
  void BeginClose(websocket::close_code code, std::string reason) {
    if (closing_) {
      return;
    }
    closing_ = true;
    if (subscriber_) {
      hub_.bus().Unsubscribe(subscriber_);
    }
    control_.clear();
    close_timer_.expires_after(kStreamCloseTimeout);
    close_timer_.async_wait([self = shared_from_this()](beast::error_code ec) {
      if (!ec) {
        self->Finish();
      }
    });
    ws_.async_close(websocket::close_reason(code, reason),
                    [self = shared_from_this()](beast::error_code) { self->Finish(); });
  }

  void OnError(beast::error_code ec, std::string_view where) {
    // A browser tab closing mid-read is an ordinary goodbye, not a failure worth a warning.
    if (ec != asio::error::operation_aborted && ec != beast::error::timeout &&
        ec != asio::error::broken_pipe && ec != asio::error::connection_reset &&
        ec != asio::error::not_connected && ec != asio::error::eof &&
        ec != websocket::error::closed) {
      spdlog::warn("stream session {} failed: {}", where, ec.message());
    }
    Finish();
  }

  void Finish() {
    closing_ = true;
    if (subscriber_) {
      hub_.bus().Unsubscribe(subscriber_);
    }
    beast::error_code ignored;
    close_timer_.cancel();
    auto& socket = beast::get_lowest_layer(ws_).socket();
    if (socket.is_open()) {
      socket.shutdown(tcp::socket::shutdown_both, ignored);
      socket.close(ignored);
    }
  }

  websocket::stream<SessionStream> ws_;
  internal::ServerState& server_;
  live::LiveHub& hub_;
  asio::steady_timer close_timer_;
  std::string remote_;
  http::request<http::string_body> upgrade_;
  beast::flat_buffer input_;
  std::shared_ptr<live::Subscriber> subscriber_;
  std::deque<std::shared_ptr<const std::string>> control_;
  std::shared_ptr<const std::string> current_;
  bool writing_ = false;
  bool closing_ = false;
};

// One connection: read a request, answer it, repeat while keep-alive holds.
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(SessionSocket socket, internal::ServerState& server)
      : stream_(std::move(socket)), executor_(stream_.get_executor()), server_(server) {
    beast::error_code ec;
    auto endpoint = stream_.socket().remote_endpoint(ec);
    if (!ec) {
      remote_ = endpoint.address().to_string();
    }
    server_.metrics->ConnectionOpened();
  }

  ~Session() {
    server_.metrics->ConnectionClosed();
    server_.Unregister(this);
  }

  void Start() {
    asio::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->ReadHeader(); });
  }

  /// Called on shutdown: an idle connection closes now, a busy one after its response.
  void Shutdown() {
    asio::dispatch(executor_, [self = shared_from_this()] {
      if (self->upgraded_) {
        return;  // the stream now belongs to a StreamSession
      }
      self->close_after_response_ = true;
      if (!self->busy_) {
        self->Close();
      }
    });
  }

 private:
  void ReadHeader() {
    if (server_.stopping.load()) {
      Close();
      return;
    }
    parser_.emplace();
    parser_->header_limit(kHeaderLimitBytes);
    parser_->body_limit(server_.options.max_body_bytes);
    stream_.expires_after(server_.options.request_timeout);
    http::async_read_header(
        stream_, buffer_, *parser_,
        [self = shared_from_this()](beast::error_code ec, size_t) { self->OnHeader(ec); });
  }

  void OnHeader(beast::error_code ec) {
    if (ec) {
      OnReadError(ec, "read header");
      return;
    }
    busy_ = true;
    started_ = std::chrono::steady_clock::now();
    auto& header = parser_->get();
    // curl and other clients wait for this before sending a large body.
    if (beast::iequals(header[http::field::expect], "100-continue")) {
      auto cont = std::make_shared<http::response<http::empty_body>>(http::status::continue_,
                                                                     header.version());
      http::async_write(stream_, *cont,
                        [self = shared_from_this(), cont](beast::error_code wec, size_t) {
                          if (wec) {
                            self->OnError(wec, "write 100-continue");
                            return;
                          }
                          self->ReadBody();
                        });
      return;
    }
    ReadBody();
  }

  void ReadBody() {
    // Beast reads at most the buffer's free capacity per read_some, and string_body drains the
    // buffer into the body as it goes, so a header-sized buffer meant one recvmsg, one timer
    // reset and one strand hop per ~512 bytes: about 300 of each for a 150 KB ingest batch.
    if (buffer_.capacity() < kBodyReadBytes) {
      buffer_.reserve(kBodyReadBytes);
    }
    http::async_read(stream_, buffer_, *parser_,
                     [self = shared_from_this()](beast::error_code ec, size_t bytes) {
                       if (ec) {
                         self->OnReadError(ec, "read body");
                         return;
                       }
                       self->bytes_in_ = bytes;
                       self->Handle();
                     });
  }

  void OnReadError(beast::error_code ec, std::string_view where) {
    if (ec == http::error::end_of_stream || ec == asio::error::eof ||
        ec == asio::error::operation_aborted || ec == beast::error::timeout ||
        ec == asio::error::connection_reset) {
      Close();
      return;
    }
    Request request;
    request.request_id = server_.request_ids.Next();
    if (ec == http::error::body_limit) {
      Reply(
          request,
          internal::ProtocolErrorResponse(413, "PAYLOAD_TOO_LARGE",
                                          fmt::format("request body exceeds the limit of {} bytes",
                                                      server_.options.max_body_bytes),
                                          request.request_id),
          server_.metrics->UnmatchedSlot(), /*force_close=*/true);
      return;
    }
    if (ec == http::error::header_limit) {
      Reply(request,
            internal::ProtocolErrorResponse(
                431, "HEADERS_TOO_LARGE",
                fmt::format("request headers exceed {} bytes", kHeaderLimitBytes),
                request.request_id),
            server_.metrics->UnmatchedSlot(), true);
      return;
    }
    if (ec.category() == http::make_error_code(http::error::bad_target).category()) {
      Reply(request,
            internal::ProtocolErrorResponse(400, "BAD_REQUEST",
                                            fmt::format("malformed HTTP request: {}", ec.message()),
                                            request.request_id),
            server_.metrics->UnmatchedSlot(), true);
      return;
    }
    OnError(ec, where);
  }

  void Handle() {
    auto& message = parser_->get();
    Request request;
    request.method = ParseMethod(ToStd(message.method_string()));
    const std::string_view target = ToStd(message.target());
    const size_t question = target.find('?');
    request.path = std::string(target.substr(0, question));
    if (question != std::string_view::npos) {
      request.query = std::string(target.substr(question + 1));
    }
    request.content_type = std::string(ToStd(message[http::field::content_type]));
    const std::string_view incoming_id = ToStd(message["X-Request-Id"]);
    request.request_id =
        IsValidRequestId(incoming_id) ? std::string(incoming_id) : server_.request_ids.Next();
    request.body = std::move(message.body());
    keep_alive_ = message.keep_alive();
    head_ = request.method == Method::kHead;

    if (request.path == kStreamPath && server_.services.live != nullptr &&
        websocket::is_upgrade(message) && !server_.stopping.load()) {
      Upgrade(request);
      return;
    }
    auto match = server_.router.Find(request.method, request.path);
    if (match.route == nullptr && match.allowed.empty() &&
        (request.method == Method::kGet || request.method == Method::kHead) &&
        !request.path.starts_with("/api/")) {
      Reply(request, server_.static_files.Serve(request), server_.metrics->UnmatchedSlot(), false);
      return;
    }
    const size_t slot = match.route ? match.route->index : server_.metrics->UnmatchedSlot();
    if (match.route != nullptr && match.route->blocking) {
      // Storage work leaves the I/O thread; the guard keeps io_context::run() alive meanwhile.
      asio::post(server_.workers,
                 [self = shared_from_this(), match = std::move(match), request = std::move(request),
                  slot, guard = asio::make_work_guard(stream_.get_executor())]() mutable {
                   Response response = Router::Run(match, request);
                   asio::dispatch(self->stream_.get_executor(),
                                  [self, request = std::move(request),
                                   response = std::move(response), slot]() mutable {
                                    self->Reply(request, std::move(response), slot, false);
                                  });
                 });
      return;
    }
    Response response = Router::Run(match, request);
    Reply(request, std::move(response), slot, false);
  }

  // Hands the connection to a StreamSession; this object ends when the last handler lets go.
  void Upgrade(const Request& request) {
    upgraded_ = true;
    Response switching;
    switching.status = 101;
    server_.LogAccess(request, switching, kStreamPath, std::chrono::steady_clock::now() - started_,
                      bytes_in_, remote_);
    auto stream = std::make_shared<StreamSession>(std::move(stream_), server_, remote_);
    server_.Register(stream);
    stream->Start(parser_->release());
  }

  void Reply(const Request& request, Response response, size_t slot, bool force_close) {
    busy_ = true;
    const auto latency = std::chrono::steady_clock::now() - started_;
    server_.metrics->Record(slot, response.status, latency);
    const bool close = force_close || response.close_connection || !keep_alive_ ||
                       close_after_response_ || server_.stopping.load();
    linger_ = force_close;
    server_.LogAccess(request, response,
                      slot < server_.router.routes().size() ? server_.router.routes()[slot].pattern
                                                            : std::string_view("unmatched"),
                      latency, bytes_in_, remote_);

    // One response object per connection, reused: only one is ever in flight.
    response_ = {};
    response_.result(static_cast<unsigned>(response.status));
    response_.version(11);
    response_.set(http::field::server, "storeops");
    response_.set(http::field::content_type, response.content_type);
    response_.set("X-Request-Id", request.request_id);
    for (auto& [name, value] : response.headers) {
      response_.set(name, value);
    }
    response_.keep_alive(!close);
    const size_t length = response.body.size();
    if (!head_) {
      response_.body() = std::move(response.body);
    }
    response_.content_length(length);
    stream_.expires_after(server_.options.request_timeout);
    http::async_write(stream_, response_,
                      [self = shared_from_this(), close](beast::error_code ec, size_t) {
                        self->OnWrite(ec, close);
                      });
  }

  void OnWrite(beast::error_code ec, bool close) {
    busy_ = false;
    bytes_in_ = 0;
    head_ = false;
    if (ec) {
      OnError(ec, "write");
      return;
    }
    if (close) {
      if (linger_) {
        LingerClose();
      } else {
        Close();
      }
      return;
    }
    ReadHeader();
  }

  // After refusing a request whose body we did not read (413, 431, 400), closing at once would
  // make the kernel answer the unread bytes with a reset, and the client would lose our error
  // response. So: stop sending, read and discard what still arrives for a short while, then close.
  void LingerClose() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    discard_ = std::make_unique<std::array<char, 16 * 1024>>();
    stream_.expires_after(kLingerTime);
    Discard();
  }

  void Discard() {
    stream_.async_read_some(asio::buffer(*discard_),
                            [self = shared_from_this()](beast::error_code ec, size_t bytes) {
                              self->discarded_ += bytes;
                              if (ec || self->discarded_ > kLingerMaxBytes) {
                                self->Close();
                                return;
                              }
                              self->Discard();
                            });
  }

  void OnError(beast::error_code ec, std::string_view where) {
    // Client disconnects are routine; everything else is worth a line (without the peer's data).
    if (ec != asio::error::operation_aborted && ec != beast::error::timeout &&
        ec != asio::error::broken_pipe && ec != asio::error::connection_reset) {
      spdlog::warn("http session {} failed: {}", where, ec.message());
    }
    Close();
  }

  void Close() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
    stream_.socket().close(ignored);
  }

  SessionStream stream_;
  SessionExecutor executor_;
  http::response<http::string_body> response_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  internal::ServerState& server_;
  std::string remote_;
  std::chrono::steady_clock::time_point started_;
  size_t bytes_in_ = 0;
  bool keep_alive_ = true;
  bool head_ = false;
  bool busy_ = false;
  bool close_after_response_ = false;
  bool linger_ = false;
  bool upgraded_ = false;
  std::unique_ptr<std::array<char, 16 * 1024>> discard_;
  size_t discarded_ = 0;
};

void internal::ServerState::Accept() {
  auto socket = std::make_shared<SessionSocket>(asio::make_strand(io.get_executor()));
  acceptor.async_accept(*socket, [this, socket](beast::error_code ec) {
    if (ec) {
      if (ec == asio::error::operation_aborted || stopping.load()) {
        return;
      }
      // Running out of descriptors must not stop the listener for good.
      spdlog::warn("accept failed: {}", ec.message());
    } else {
      beast::error_code ignored;
      socket->set_option(tcp::no_delay(true), ignored);
      auto session = std::make_shared<Session>(std::move(*socket), *this);
      Register(session);
      session->Start();
    }
    Accept();
  });
}

void internal::ServerState::Register(const std::shared_ptr<Session>& session) {
  std::lock_guard lock(sessions_mutex);
  sessions.emplace(session.get(), session);
}

void internal::ServerState::Unregister(Session* session) {
  std::lock_guard lock(sessions_mutex);
  sessions.erase(session);
}

void internal::ServerState::Register(const std::shared_ptr<StreamSession>& stream) {
  std::lock_guard lock(sessions_mutex);
  streams.emplace(stream.get(), stream);
}

void internal::ServerState::Unregister(StreamSession* stream) {
  std::lock_guard lock(sessions_mutex);
  streams.erase(stream);
}

void internal::ServerState::BeginShutdown() {
  if (stopping.exchange(true)) {
    return;
  }
  spdlog::info("shutting down: finishing in-flight requests");
  beast::error_code ignored;
  acceptor.close(ignored);
  signals.cancel(ignored);
  std::vector<std::shared_ptr<Session>> live;
  {
    std::lock_guard lock(sessions_mutex);
    for (auto& [raw, weak] : sessions) {
      if (auto session = weak.lock()) {
        live.push_back(std::move(session));
      }
    }
  }
  std::vector<std::shared_ptr<StreamSession>> open_streams;
  {
    std::lock_guard lock(sessions_mutex);
    for (auto& [raw, weak] : streams) {
      if (auto stream = weak.lock()) {
        open_streams.push_back(std::move(stream));
      }
    }
  }
  for (auto& session : live) {
    session->Shutdown();
  }
  for (auto& stream : open_streams) {
    stream->Shutdown();
  }
}

void internal::ServerState::LogAccess(const Request& request, const Response& response,
                                      std::string_view route, std::chrono::nanoseconds latency,
                                      size_t bytes_in, const std::string& remote) {
  if (!access_logger) {
    return;
  }
  // Path only, never the query string: queries may one day carry identifiers.
  std::string escaped;
  access_logger->info(
      R"({{"type":"access","request_id":"{}","method":"{}","path":"{}","route":"{}","status":{},"duration_ms":{:.3f},"bytes_in":{},"bytes_out":{},"remote":"{}"}})",
      request.request_id, MethodName(request.method), JsonSafe(request.path, escaped), route,
      response.status, std::chrono::duration<double, std::milli>(latency).count(), bytes_in,
      response.body.size(), remote);
}

Server::Server(ServerOptions options, ApiServices services)
    : impl_(std::make_unique<internal::ServerState>(std::move(options), services)) {}

Server::~Server() { impl_->workers.join(); }

core::Result<uint16_t> Server::Start() {
  auto& impl = *impl_;
  beast::error_code ec;
  const auto address = asio::ip::make_address(impl.options.host, ec);
  if (ec) {
    return core::Fail(core::ErrorCode::kInvalidArgument,
                      fmt::format("listen host '{}' is not an IP address", impl.options.host),
                      {{"listen", "use an address such as 127.0.0.1 or 0.0.0.0"}});
  }
  const tcp::endpoint endpoint(address, impl.options.port);
  auto fail = [&](std::string_view step) {
    return core::Fail(core::ErrorCode::kUnavailable,
                      fmt::format("cannot {} {}:{}: {}", step, impl.options.host, impl.options.port,
                                  ec.message()));
  };
  impl.acceptor.open(endpoint.protocol(), ec);
  if (ec) {
    return fail("open a socket for");
  }
  impl.acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  impl.acceptor.bind(endpoint, ec);
  if (ec) {
    return fail("bind");
  }
  impl.acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    return fail("listen on");
  }
  const uint16_t port = impl.acceptor.local_endpoint(ec).port();
  impl.Accept();
  if (impl.options.handle_signals) {
    impl.signals.add(SIGINT);
    impl.signals.add(SIGTERM);
    impl.signals.async_wait([&impl](beast::error_code sec, int signal_number) {
      if (!sec) {
        spdlog::info("received signal {}", signal_number);
        impl.BeginShutdown();
      }
    });
  }
  return port;
}

void Server::Run() {
  auto& impl = *impl_;
  const int threads = ResolveIoThreads(impl.options.io_threads);
  std::mutex done_mutex;
  std::condition_variable done_cv;
  bool done = false;
  // The watchdog enforces shutdown_grace: a client that never finishes its request cannot keep
  // the process alive.
  std::thread watchdog([&] {
    while (!impl.stopping.load()) {
      std::unique_lock lock(done_mutex);
      if (done_cv.wait_for(lock, std::chrono::milliseconds(200), [&] { return done; })) {
        return;
      }
    }
    std::unique_lock lock(done_mutex);
    if (!done_cv.wait_for(lock, impl.options.shutdown_grace, [&] { return done; })) {
      spdlog::warn("shutdown grace of {} s passed; closing remaining connections",
                   impl.options.shutdown_grace.count());
      impl.io.stop();
    }
  });
  std::vector<std::thread> pool;
  for (int i = 1; i < threads; ++i) {
    pool.emplace_back([&impl] { impl.io.run(); });
  }
  impl.io.run();
  for (auto& thread : pool) {
    thread.join();
  }
  impl.workers.join();
  {
    std::lock_guard lock(done_mutex);
    done = true;
    impl.stopping.store(true);
  }
  done_cv.notify_all();
  watchdog.join();
}

void Server::Stop() {
  asio::post(impl_->io, [impl = impl_.get()] { impl->BeginShutdown(); });
}

}  // namespace storeops::api
