// SPDX-License-Identifier: Apache-2.0
// The StoreOps HTTP server: Boost.Beast over Asio, one I/O thread per core, keep-alive, request
// size and time limits, JSON errors, request ids, Prometheus metrics, JSON access logs, the
// dashboard's static files and graceful shutdown on SIGINT/SIGTERM.
//
//   api::Server server(options, {.stores = catalog, .health = health});
//   auto port = server.Start();          // bound; port 0 picks a free one
//   server.Run();                        // returns after SIGINT/SIGTERM or Stop()
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "storeops/core/result.hpp"
#include "storeops/live/hub.hpp"
#include "storeops/service/health.hpp"
#include "storeops/service/ingest_service.hpp"
#include "storeops/service/store_catalog.hpp"

namespace storeops::service {
class JobRunner;
class SimulationService;
class ForecastService;
class StaffingService;
}  // namespace storeops::service

namespace storeops::api {

namespace internal {
struct ServerState;
}  // namespace internal

struct ServerOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 8080;                      ///< 0: the kernel picks a free port.
  int io_threads = 0;                        ///< 0: one per core.
  int worker_threads = 2;                    ///< For handlers that block (storage writes).
  size_t max_body_bytes = 16 * 1024 * 1024;  ///< Larger bodies get 413.
  std::chrono::seconds request_timeout{30};  ///< Reading a request or writing a response.
  std::chrono::seconds idle_timeout{60};     ///< A keep-alive connection with no request.
  std::chrono::seconds shutdown_grace{10};   ///< In-flight requests get this long to finish.
  std::string static_dir;                    ///< Dashboard files; empty: none served.
  bool access_log = true;                    ///< One JSON line per request.
  bool handle_signals = true;                ///< Run() stops on SIGINT/SIGTERM.
  size_t stream_queue_messages =
      256;  ///< Per WebSocket client; a client this far behind is dropped.
};

/// What the handlers work with; owned by the caller and alive while the server runs.
struct ApiServices {
  service::StoreCatalog& stores;
  service::HealthCheck& health;
  service::IngestService& ingest;
  live::LiveHub* live = nullptr;  ///< Live state and stream; null: the live routes answer 404.
  /// Long work started over HTTP (simulations, rosters). Null: those POSTs answer 404.
  service::JobRunner* jobs = nullptr;
  service::SimulationService* simulations = nullptr;  ///< Null: /api/v1/simulations answers 404.
  service::ForecastService* forecasts = nullptr;      ///< Null: /api/v1/forecast answers 404.
  service::StaffingService* staffing = nullptr;       ///< Null: /api/v1/staff/... answer 404.
};

class Server {
 public:
  Server(ServerOptions options, ApiServices services);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  /// Binds and listens. Returns the bound port. kUnavailable when the address is taken or
  /// cannot be bound; kInvalidArgument for a host that is not an IP address.
  [[nodiscard]] core::Result<uint16_t> Start();

  /// Serves until Stop() or a signal, then stops accepting, lets in-flight requests finish (up
  /// to shutdown_grace) and returns.
  void Run();

  /// Thread-safe and signal-safe to call from any thread.
  void Stop();

 private:
  std::unique_ptr<internal::ServerState> impl_;
};

}  // namespace storeops::api
