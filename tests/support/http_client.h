// A small blocking HTTP/1.1 client for black-box tests against a dqc server on 127.0.0.1.
//
// One request per connection (`Connection: close`), no external libraries, no TLS. Every call is
// bounded by a timeout, so a hung server fails a test instead of hanging it. The response body is
// decoded from Content-Length, chunked transfer encoding, or read until the server closes.
#pragma once

#include <chrono>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace dqctest {

// Header names compare case-insensitively (RFC 9110 §5.1).
struct CaseInsensitiveLess {
  using is_transparent = void;
  bool operator()(std::string_view a, std::string_view b) const;
};
using Headers = std::map<std::string, std::string, CaseInsensitiveLess>;

struct HttpResponse {
  int status = 0;  // 0 when no complete response arrived; `error` says why
  std::string reason;
  Headers headers;
  std::string body;
  std::string error;  // transport problem: refused, timeout, malformed response, reset

  // The named header's value, or "" when absent.
  std::string Header(std::string_view name) const;
  // The body parsed as JSON (integers kept exact: int64/uint64), or a discarded value when the
  // body is not JSON (check with `.is_discarded()`).
  nlohmann::json Json() const;
  // "HTTP 400 {...}" (body cut to `max_body` characters), for assertion messages.
  std::string Describe(std::size_t max_body = 600) const;
};

inline constexpr std::chrono::milliseconds kDefaultTimeout{30000};

// Sends `method target` (target = path with query) to 127.0.0.1:port. Adds `Host`,
// `Connection: close` and (for a non-empty body, or any POST/PUT/PATCH/DELETE) `Content-Length`,
// unless `headers` already holds them. Never throws; transport failures are in `error`.
HttpResponse Request(int port, const std::string& method, const std::string& target,
                     const Headers& headers = {}, const std::string& body = {},
                     std::chrono::milliseconds timeout = kDefaultTimeout);

// Parses text as JSON without throwing; a discarded value when it is not JSON.
nlohmann::json ParseJson(const std::string& text);

}  // namespace dqctest
