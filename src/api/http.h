// Plain HTTP request and response structs: the only thing handlers see of HTTP. The RESTinio
// adapter fills a request and sends back the response, so handlers compile fast and can be tested
// without sockets.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace dqc::api {

struct HttpRequest {
  std::string method;                          // "GET", "POST", ...
  std::string path;                            // without the query string, not decoded
  std::string query;                           // raw, without '?'
  std::map<std::string, std::string> headers;  // names in lower case
  std::string body;
  std::string request_id;  // for logs and error bodies

  const std::string* Header(const std::string& lower_name) const {
    auto it = headers.find(lower_name);
    return it == headers.end() ? nullptr : &it->second;
  }
};

struct HttpResponse {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

}  // namespace dqc::api
