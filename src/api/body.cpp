#include "api/body.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <limits>
#include <set>

#include "api/responses.h"

namespace dqc::api {
namespace {

bool IsJsonContentType(const std::string& value) {
  std::string v;
  for (char c : value) v += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::string media = v.substr(0, v.find(';'));
  media.erase(std::remove_if(media.begin(), media.end(), ::isspace), media.end());
  return media == "application/json";
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string PercentDecode(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '+') {
      out += ' ';
    } else if (s[i] == '%' && i + 2 < s.size() && HexValue(s[i + 1]) >= 0 &&
               HexValue(s[i + 2]) >= 0) {
      out += static_cast<char>(HexValue(s[i + 1]) * 16 + HexValue(s[i + 2]));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

}  // namespace

std::variant<nlohmann::json, HttpResponse> ParseJsonBody(const HttpRequest& req) {
  const std::string* type = req.Header("content-type");
  if (!type || !IsJsonContentType(*type)) {
    return Error(errors::kContentType,
                 "the body must be sent with Content-Type: application/json (got " +
                     (type ? "'" + *type + "'" : std::string("none")) + ")",
                 req);
  }
  auto j = nlohmann::json::parse(req.body, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return Error(errors::kBodyNotJson, "the body is not valid JSON", req);
  return j;
}

std::optional<int64_t> IdFromText(const std::string& text) {
  if (text.empty() || text.size() > 19) return std::nullopt;
  uint64_t v = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + static_cast<uint64_t>(c - '0');
  }
  if (v == 0 || v > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) return std::nullopt;
  return static_cast<int64_t>(v);
}

std::optional<int64_t> IdFromJson(const nlohmann::json& j) {
  if (j.is_number_unsigned()) {
    uint64_t v = j.get<uint64_t>();
    if (v == 0 || v > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
      return std::nullopt;
    }
    return static_cast<int64_t>(v);
  }
  if (j.is_number_integer()) {
    int64_t v = j.get<int64_t>();
    return v > 0 ? std::optional<int64_t>(v) : std::nullopt;
  }
  if (j.is_string()) return IdFromText(j.get<std::string>());
  return std::nullopt;  // fractions, exponents (parsed as floats), booleans, null, arrays
}

std::map<std::string, std::string> ParseQuery(const std::string& query) {
  std::map<std::string, std::string> out;
  size_t start = 0;
  while (start <= query.size()) {
    size_t end = query.find('&', start);
    if (end == std::string::npos) end = query.size();
    std::string part = query.substr(start, end - start);
    if (!part.empty()) {
      size_t eq = part.find('=');
      std::string name = PercentDecode(part.substr(0, eq));
      std::string value = eq == std::string::npos ? "" : PercentDecode(part.substr(eq + 1));
      out[name] = value;
    }
    start = end + 1;
  }
  return out;
}

IntParam ReadIntParam(const std::map<std::string, std::string>& q, const std::string& name,
                      int64_t min, int64_t max) {
  IntParam p;
  auto it = q.find(name);
  if (it == q.end()) return p;
  const std::string& s = it->second;
  bool ok = !s.empty() && s.size() <= 19;
  size_t i = (ok && s[0] == '-') ? 1 : 0;
  if (i == s.size()) ok = false;
  for (size_t k = i; ok && k < s.size(); ++k) ok = s[k] >= '0' && s[k] <= '9';
  int64_t v = 0;
  if (ok) {
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    ok = ec == std::errc() && end == s.data() + s.size();
  }
  if (ok) {
    if (v >= min && v <= max) {
      p.value = v;
      return p;
    }
  }
  p.error = "query parameter '" + name + "' must be an integer from " + std::to_string(min) +
            " to " + std::to_string(max) + " (got '" + s + "')";
  return p;
}

PageParams ReadPageParams(const std::map<std::string, std::string>& q) {
  PageParams page;
  auto limit = ReadIntParam(q, "limit", 1, 100);
  auto offset = ReadIntParam(q, "offset", 0, INT64_MAX);
  page.error = !limit.error.empty() ? limit.error : offset.error;
  page.limit = static_cast<int>(limit.value.value_or(10));
  page.offset = offset.value.value_or(0);
  return page;
}

std::variant<std::vector<int64_t>, HttpResponse> ReadBatchIds(const nlohmann::json& list,
                                                              size_t max_count,
                                                              const BatchIdsNaming& naming,
                                                              const HttpRequest& req) {
  if (list.empty()) return Error(errors::kEmptyBatch, naming.list_name + " is empty", req);
  if (list.size() > max_count) {
    return Error(errors::kBatchTooLarge,
                 "at most " + std::to_string(max_count) + " IDs per call (got " +
                     std::to_string(list.size()) + ")",
                 req);
  }
  std::vector<int64_t> ids;
  std::set<int64_t> seen;
  for (size_t i = 0; i < list.size(); ++i) {
    auto id = IdFromJson(list[i]);
    if (!id) {
      return Error(errors::kInvalidId,
                   naming.element_name(i) + " (" + list[i].dump() + ") is not a " + naming.what +
                       " ID: an integer from 1 to 9223372036854775807",
                   req);
    }
    if (seen.insert(*id).second) ids.push_back(*id);
  }
  return ids;
}

}  // namespace dqc::api
