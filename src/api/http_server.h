// The HTTP server: the one part of dqc that knows RESTinio (DESIGN §1). It turns each request into
// an api::HttpRequest, calls the handler, and sends back its api::HttpResponse.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "api/http.h"
#include "core/status.h"

namespace dqc::api {

struct HttpServerOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 8080;
  std::string tls_cert;  // PEM files; both set = HTTPS
  std::string tls_key;
  unsigned threads = 2;
};

using RequestHandler = std::function<HttpResponse(const HttpRequest&)>;

// Serves until SIGINT or SIGTERM. `on_listening` runs once the socket accepts connections.
Status RunHttpServer(const HttpServerOptions& options, RequestHandler handler,
                     const std::function<void()>& on_listening);

}  // namespace dqc::api
