// Reading request bodies and parameters: JSON bodies, 64-bit IDs, query strings.
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "api/http.h"

namespace dqc::api {

// The body as JSON, or the 400 answer (wrong Content-Type, not JSON).
std::variant<nlohmann::json, HttpResponse> ParseJsonBody(const HttpRequest& req);

// The IDs of a batch call (DESIGN §3.2): `list` holds 1 to `max_count` IDs (IdFromJson), and
// duplicates collapse, first seen first; or the 400 that refuses it. Messages name the list as
// `list_name` ("the array of job IDs"), element i as `element_name(i)` and the IDs as `what`.
struct BatchIdsNaming {
  std::string list_name;
  std::string (*element_name)(size_t i);
  std::string what;  // "job", "template"
};
std::variant<std::vector<int64_t>, HttpResponse> ReadBatchIds(const nlohmann::json& list,
                                                              size_t max_count,
                                                              const BatchIdsNaming& naming,
                                                              const HttpRequest& req);

// A 64-bit ID as a JSON integer or a string of decimal digits, in 1..2^63-1 (DESIGN §3.1).
std::optional<int64_t> IdFromJson(const nlohmann::json& j);
std::optional<int64_t> IdFromText(const std::string& text);

// Query-string parameters, percent-decoded. A repeated name keeps the last value.
std::map<std::string, std::string> ParseQuery(const std::string& query);

// An integer query parameter in [min, max]; nullopt value when absent; error text when bad.
struct IntParam {
  std::optional<int64_t> value;
  std::string error;
};
IntParam ReadIntParam(const std::map<std::string, std::string>& q, const std::string& name,
                      int64_t min, int64_t max);

// The paging of every list (DESIGN §3.5): `limit` 1..100, default 10, and `offset` >= 0, default 0;
// error text (naming the parameter) when either is bad.
struct PageParams {
  int limit = 10;
  int64_t offset = 0;
  std::string error;
};
PageParams ReadPageParams(const std::map<std::string, std::string>& q);

}  // namespace dqc::api
