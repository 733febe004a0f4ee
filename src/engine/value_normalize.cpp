#include "engine/value_normalize.h"

#include "engine/time_zone.h"

namespace dqc {
namespace {

// "2026-03-29T01:30:00.120000+00" -> "2026-03-29 01:30:00.12". Sessions run in UTC, so a zone
// suffix, when the engine prints one, is always UTC's.
std::string CanonicalDateTime(std::string text) {
  if (text.size() > 10 && text[10] == 'T') text[10] = ' ';
  for (const char* suffix : {"+00:00", "+00", "Z"}) {
    const std::string s = suffix;
    if (text.size() > s.size() && text.compare(text.size() - s.size(), s.size(), s) == 0) {
      text.resize(text.size() - s.size());
      break;
    }
  }
  size_t dot = text.find('.');
  if (dot != std::string::npos && text.find(':') != std::string::npos) {
    while (text.size() > dot + 1 && text.back() == '0') text.pop_back();
    if (text.size() == dot + 1) text.pop_back();
  }
  return text;
}

}  // namespace

bool IsDateTime(ColumnKind kind) {
  return kind == ColumnKind::kDate || kind == ColumnKind::kTimestamp ||
         kind == ColumnKind::kTimestampTz || kind == ColumnKind::kTime;
}

Result<Value> NormalizeForColumn(const Value& value, const ColumnInfo& column) {
  if (value.is_null()) return value;
  switch (column.kind) {
    case ColumnKind::kBool:
      if (value.kind == Value::Kind::kExact) return Value::Bool(value.text != "0");
      if (value.kind == Value::Kind::kText) {
        if (value.text == "t" || value.text == "true" || value.text == "1")
          return Value::Bool(true);
        if (value.text == "f" || value.text == "false" || value.text == "0") {
          return Value::Bool(false);
        }
      }
      return value;
    case ColumnKind::kChar:
      if (value.kind == Value::Kind::kText) {
        std::string t = value.text;
        while (!t.empty() && t.back() == ' ') t.pop_back();
        return Value::Text(t);
      }
      return value;
    case ColumnKind::kTimestamp:
      if (value.kind == Value::Kind::kText) {
        std::string text = CanonicalDateTime(value.text);
        if (column.time_zone.empty() || column.time_zone == "UTC") return Value::Text(text);
        auto utc = LocalDateTimeToUtc(text, column.time_zone);
        if (!utc.ok()) {
          return Status::Invalid("column '" + column.name + "': " + utc.status().message());
        }
        return Value::Text(*utc);
      }
      return value;
    case ColumnKind::kDate:
    case ColumnKind::kTimestampTz:
    case ColumnKind::kTime:
      if (value.kind == Value::Kind::kText) return Value::Text(CanonicalDateTime(value.text));
      return value;
    default:
      return value;
  }
}

std::string TruncateFraction(const std::string& datetime, int digits) {
  size_t dot = datetime.find('.');
  if (dot == std::string::npos) return datetime;
  if (digits <= 0) return datetime.substr(0, dot);
  std::string out = datetime.substr(0, std::min(datetime.size(), dot + 1 + size_t(digits)));
  while (out.back() == '0') out.pop_back();
  if (out.back() == '.') out.pop_back();
  return out;
}

}  // namespace dqc
