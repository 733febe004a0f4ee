#include "support/http_client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <optional>

namespace dqctest {
namespace {

using Clock = std::chrono::steady_clock;

char Lower(char c) {
  return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

class Socket {
 public:
  explicit Socket(int fd) : fd_(fd) {}
  ~Socket() {
    if (fd_ >= 0) ::close(fd_);
  }
  Socket(const Socket&) = delete;
  Socket& operator=(const Socket&) = delete;
  int fd() const { return fd_; }

 private:
  int fd_;
};

int RemainingMs(Clock::time_point deadline) {
  auto left =
      std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
  return left <= 0 ? 0 : static_cast<int>(std::min<long long>(left, 1000 * 60 * 60));
}

// Outcome of trying to parse the bytes received so far.
enum class Parse { kIncomplete, kComplete, kMalformed };

// Decodes a chunked body starting at `pos`. On completion, appends the data to `out`.
Parse DecodeChunked(const std::string& buf, std::size_t pos, std::string* out, std::string* why) {
  std::string data;
  for (;;) {
    std::size_t eol = buf.find("\r\n", pos);
    if (eol == std::string::npos) return Parse::kIncomplete;
    std::string_view line(buf.data() + pos, eol - pos);
    if (std::size_t semi = line.find(';'); semi != std::string_view::npos)
      line = line.substr(0, semi);
    line = Trim(line);
    if (line.empty() ||
        !std::all_of(line.begin(), line.end(),
                     [](char c) { return std::isxdigit(static_cast<unsigned char>(c)); }) ||
        line.size() > 15) {
      *why = "bad chunk size line '" + std::string(line) + "'";
      return Parse::kMalformed;
    }
    std::size_t size = std::stoull(std::string(line), nullptr, 16);
    pos = eol + 2;
    if (size == 0) {
      // Trailers (usually none) end with an empty line.
      for (;;) {
        std::size_t end = buf.find("\r\n", pos);
        if (end == std::string::npos) return Parse::kIncomplete;
        if (end == pos) break;
        pos = end + 2;
      }
      *out = std::move(data);
      return Parse::kComplete;
    }
    if (buf.size() < pos + size + 2) return Parse::kIncomplete;
    data.append(buf, pos, size);
    if (buf.compare(pos + size, 2, "\r\n") != 0) {
      *why = "chunk not followed by CRLF";
      return Parse::kMalformed;
    }
    pos += size + 2;
  }
}

// Tries to parse one full response from `buf`. `eof` says the server closed the connection.
Parse TryParse(const std::string& buf, bool eof, bool head_request, HttpResponse* out,
               std::string* why) {
  std::size_t start = 0;
  for (;;) {
    std::size_t head_end = buf.find("\r\n\r\n", start);
    if (head_end == std::string::npos) {
      if (eof)
        *why = buf.empty() ? "connection closed without a response"
                           : "connection closed inside the headers";
      return eof ? Parse::kMalformed : Parse::kIncomplete;
    }
    std::string_view head(buf.data() + start, head_end - start);
    std::size_t line_end = head.find("\r\n");
    std::string_view status_line = head.substr(0, line_end);
    // "HTTP/1.1 200 OK"
    if (status_line.size() < 12 || status_line.substr(0, 5) != "HTTP/") {
      *why = "bad status line '" + std::string(status_line) + "'";
      return Parse::kMalformed;
    }
    std::size_t sp = status_line.find(' ');
    std::string_view code = status_line.substr(sp + 1, 3);
    if (!std::all_of(code.begin(), code.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      *why = "bad status code in '" + std::string(status_line) + "'";
      return Parse::kMalformed;
    }
    HttpResponse r;
    r.status = std::stoi(std::string(code));
    if (status_line.size() > sp + 5) r.reason = std::string(status_line.substr(sp + 5));
    std::size_t pos = line_end == std::string_view::npos ? head.size() : line_end + 2;
    while (pos < head.size()) {
      std::size_t e = head.find("\r\n", pos);
      if (e == std::string_view::npos) e = head.size();
      std::string_view line = head.substr(pos, e - pos);
      std::size_t colon = line.find(':');
      if (colon == std::string_view::npos) {
        *why = "header line without a colon: '" + std::string(line) + "'";
        return Parse::kMalformed;
      }
      std::string name(Trim(line.substr(0, colon)));
      std::string value(Trim(line.substr(colon + 1)));
      auto it = r.headers.find(name);
      if (it == r.headers.end()) {
        r.headers.emplace(std::move(name), std::move(value));
      } else {
        it->second += ", " + value;
      }
      pos = e + 2;
    }
    std::size_t body_start = head_end + 4;
    if (r.status >= 100 && r.status < 200) {  // 100 Continue and friends: skip, read the next one
      start = body_start;
      continue;
    }
    if (head_request || r.status == 204 || r.status == 304) {
      *out = std::move(r);
      return Parse::kComplete;
    }
    std::string te = r.Header("Transfer-Encoding");
    if (!te.empty() && te.find("chunked") != std::string::npos) {
      Parse p = DecodeChunked(buf, body_start, &r.body, why);
      if (p == Parse::kComplete) *out = std::move(r);
      if (p == Parse::kIncomplete && eof) {
        *why = "connection closed inside a chunked body";
        return Parse::kMalformed;
      }
      return p;
    }
    std::string cl = r.Header("Content-Length");
    if (!cl.empty()) {
      if (!std::all_of(cl.begin(), cl.end(), [](char c) { return c >= '0' && c <= '9'; }) ||
          cl.size() > 15) {
        *why = "bad Content-Length '" + cl + "'";
        return Parse::kMalformed;
      }
      std::size_t len = std::stoull(cl);
      if (buf.size() - body_start < len) {
        if (eof) {
          *why = "connection closed after " + std::to_string(buf.size() - body_start) + " of " +
                 cl + " body bytes";
          return Parse::kMalformed;
        }
        return Parse::kIncomplete;
      }
      r.body = buf.substr(body_start, len);
      *out = std::move(r);
      return Parse::kComplete;
    }
    if (!eof) return Parse::kIncomplete;  // body delimited by the end of the connection
    r.body = buf.substr(body_start);
    *out = std::move(r);
    return Parse::kComplete;
  }
}

}  // namespace

bool CaseInsensitiveLess::operator()(std::string_view a, std::string_view b) const {
  return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end(),
                                      [](char x, char y) { return Lower(x) < Lower(y); });
}

std::string HttpResponse::Header(std::string_view name) const {
  auto it = headers.find(name);
  return it == headers.end() ? std::string() : it->second;
}

nlohmann::json HttpResponse::Json() const {
  return ParseJson(body);
}

std::string HttpResponse::Describe(std::size_t max_body) const {
  std::string s;
  if (status == 0) {
    s = "no HTTP response (" + error + ")";
  } else {
    s = "HTTP " + std::to_string(status) + " " +
        (body.size() > max_body ? body.substr(0, max_body) + "..." : body);
    if (!error.empty()) s += " [" + error + "]";
  }
  return s;
}

nlohmann::json ParseJson(const std::string& text) {
  return nlohmann::json::parse(text, /*cb=*/nullptr, /*allow_exceptions=*/false);
}

HttpResponse Request(int port, const std::string& method, const std::string& target,
                     const Headers& headers, const std::string& body,
                     std::chrono::milliseconds timeout) {
  HttpResponse result;
  const auto deadline = Clock::now() + timeout;

  Socket sock(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (sock.fd() < 0) {
    result.error = std::string("socket: ") + std::strerror(errno);
    return result;
  }
  int one = 1;
  ::setsockopt(sock.fd(), IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(sock.fd(), reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0) {
    result.error = "connect to 127.0.0.1:" + std::to_string(port) + ": " + std::strerror(errno);
    return result;
  }

  std::string req = method + " " + target + " HTTP/1.1\r\n";
  if (headers.find("Host") == headers.end())
    req += "Host: 127.0.0.1:" + std::to_string(port) + "\r\n";
  if (headers.find("Connection") == headers.end()) req += "Connection: close\r\n";
  const bool body_method =
      method == "POST" || method == "PUT" || method == "PATCH" || method == "DELETE";
  if (headers.find("Content-Length") == headers.end() && (!body.empty() || body_method)) {
    req += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  }
  for (const auto& [name, value] : headers) req += name + ": " + value + "\r\n";
  req += "\r\n";
  req += body;

  // Send everything. A server may answer (413, say) and close before reading the whole body, so a
  // failed send is remembered and the response is still read.
  std::string send_error;
  std::size_t sent = 0;
  while (sent < req.size()) {
    pollfd p{sock.fd(), POLLOUT, 0};
    int ms = RemainingMs(deadline);
    int n = ::poll(&p, 1, ms);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      send_error = "timed out sending the request after " + std::to_string(sent) + " bytes";
      break;
    }
    ssize_t w = ::send(sock.fd(), req.data() + sent, req.size() - sent, MSG_NOSIGNAL);
    if (w < 0) {
      if (errno == EINTR || errno == EAGAIN) continue;
      send_error = "send failed after " + std::to_string(sent) + " of " +
                   std::to_string(req.size()) + " bytes: " + std::strerror(errno);
      break;
    }
    sent += static_cast<std::size_t>(w);
  }
  // No half-close (shutdown SHUT_WR): some servers read EOF as the client going away.

  std::string buf;
  std::string why;
  bool eof = false;
  char chunk[65536];
  for (;;) {
    Parse p = TryParse(buf, eof, method == "HEAD", &result, &why);
    if (p == Parse::kComplete) break;
    if (p == Parse::kMalformed) {
      result = HttpResponse{};
      result.error = why;
      break;
    }
    pollfd pfd{sock.fd(), POLLIN, 0};
    int ms = RemainingMs(deadline);
    int n = ms == 0 ? 0 : ::poll(&pfd, 1, ms);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      result = HttpResponse{};
      result.error = "timed out after " + std::to_string(timeout.count()) +
                     " ms waiting for the response (" + std::to_string(buf.size()) +
                     " bytes received)";
      break;
    }
    ssize_t r = ::recv(sock.fd(), chunk, sizeof chunk, 0);
    if (r < 0) {
      if (errno == EINTR || errno == EAGAIN) continue;
      // A reset after a complete response was handled above; here the response is cut short.
      std::string err = std::strerror(errno);
      if (TryParse(buf, true, method == "HEAD", &result, &why) == Parse::kComplete) break;
      result = HttpResponse{};
      result.error = "recv failed after " + std::to_string(buf.size()) + " bytes: " + err;
      break;
    }
    if (r == 0) {
      eof = true;
      continue;
    }
    buf.append(chunk, static_cast<std::size_t>(r));
  }
  if (!send_error.empty()) {
    result.error = result.error.empty() ? send_error : result.error + "; " + send_error;
  }
  return result;
}

}  // namespace dqctest
