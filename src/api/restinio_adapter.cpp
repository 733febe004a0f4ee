// The RESTinio adapter: the only translation unit that includes RESTinio (its headers are slow to
// compile). Everything HTTP-specific stays here; api/router.cpp decides what to answer.
#include <atomic>
#include <csignal>
#include <restinio/all.hpp>
#include <restinio/tls.hpp>

#include "api/http_server.h"
#include "api/router.h"

namespace dqc::api {
namespace {

std::atomic<uint64_t> g_request_counter{0};

const char* Reason(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 201:
      return "Created";
    case 204:
      return "No Content";
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 413:
      return "Payload Too Large";
    case 500:
      return "Internal Server Error";
    default:
      return "Unknown";
  }
}

template <typename Request>
restinio::request_handling_status_t Serve(const RequestHandler& handler, const Request& req) {
  HttpRequest in;
  const auto& h = req->header();
  in.method = std::string(h.method().c_str());
  in.path = std::string(h.path());
  in.query = std::string(h.query());
  h.for_each_field([&](const auto& field) {
    std::string name = field.name();
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    in.headers[name] = field.value();
  });
  in.body = req->body();
  in.request_id = std::to_string(++g_request_counter);
  HttpResponse out = handler(in);
  auto resp = req->create_response(restinio::http_status_line_t{
      restinio::http_status_code_t{static_cast<std::uint16_t>(out.status)}, Reason(out.status)});
  resp.append_header("X-Request-Id", in.request_id);
  for (const auto& [name, value] : out.headers) resp.append_header(name, value);
  resp.set_body(std::move(out.body));
  return resp.done();
}

// RESTinio's own body limit closes the connection without an answer; it is set far above dqc's
// 1 MiB so that dqc itself answers 413 with an error body. Larger bodies still drop.
constexpr std::uint64_t kTransportBodyLimit = 64ull << 20;

template <typename Traits, typename Settings>
Status RunWith(Settings settings, unsigned threads, const std::function<void()>& on_listening) {
  // SIGINT/SIGTERM are blocked in every thread (so the server's threads never take them) and
  // taken here with sigwait.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  try {
    auto server =
        restinio::run_async<Traits>(restinio::own_io_context(), std::move(settings), threads);
    on_listening();
    int sig = 0;
    sigwait(&signals, &sig);
    server->stop();
    server->wait();
  } catch (const std::exception& e) {
    return Status::Unavailable(std::string("HTTP server: ") + e.what());
  }
  return Status::Ok();
}

}  // namespace

Status RunHttpServer(const HttpServerOptions& options, RequestHandler handler,
                     const std::function<void()>& on_listening) {
  auto limits = restinio::incoming_http_msg_limits_t{}.max_body_size(kTransportBodyLimit);
  if (options.tls_cert.empty()) {
    using Traits = restinio::default_traits_t;
    restinio::server_settings_t<Traits> settings;
    settings.address(options.host)
        .port(options.port)
        .incoming_http_msg_limits(limits)
        .request_handler([handler](auto req) { return Serve(handler, req); });
    return RunWith<Traits>(std::move(settings), options.threads, on_listening);
  }
  using Traits = restinio::default_tls_traits_t;
  asio::ssl::context tls(asio::ssl::context::tls_server);
  try {
    tls.set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                    asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 |
                    asio::ssl::context::no_tlsv1_1);
    tls.use_certificate_chain_file(options.tls_cert);
    tls.use_private_key_file(options.tls_key, asio::ssl::context::pem);
  } catch (const std::exception& e) {
    return Status::Invalid(std::string("TLS certificate or key: ") + e.what());
  }
  restinio::server_settings_t<Traits> settings;
  settings.address(options.host)
      .port(options.port)
      .incoming_http_msg_limits(limits)
      .tls_context(std::move(tls))
      .request_handler([handler](auto req) { return Serve(handler, req); });
  return RunWith<Traits>(std::move(settings), options.threads, on_listening);
}

}  // namespace dqc::api
