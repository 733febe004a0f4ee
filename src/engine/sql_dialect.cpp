#include "engine/sql_dialect.h"

#include "core/names.h"

namespace dqc {
namespace {

bool IsText(ColumnKind kind) {
  return kind == ColumnKind::kText || kind == ColumnKind::kChar;
}

}  // namespace

std::string SqlDialect::Quote(const std::string& identifier) const {
  return QuoteIdentifierFor(name_, identifier);
}

std::string SqlDialect::Comparable(const std::string& column, ColumnKind kind) const {
  if (name_ == "sqlite") {
    // Dynamic types: any value may be text. CHAR(n) copies may hold pad spaces (not values).
    if (kind == ColumnKind::kChar) return "rtrim(" + column + ", ' ') COLLATE BINARY";
    return column + " COLLATE BINARY";
  }
  if (name_ == "postgresql") {
    if (kind == ColumnKind::kChar) return "(" + column + "::text) COLLATE \"C\"";
    if (kind == ColumnKind::kText) return column + " COLLATE \"C\"";
    return column;
  }
  // MariaDB: bytes compare without a collation and without padding; utf8mb4 first, so that the
  // same text in columns of different character sets gives the same bytes.
  if (IsText(kind)) return "CAST(CONVERT(" + column + " USING utf8mb4) AS BINARY)";
  return column;
}

std::string SqlDialect::ComparableResult(const std::string& aggregate, ColumnKind kind) const {
  if (name_ == "mysql" && IsText(kind)) return "CONVERT(" + aggregate + " USING utf8mb4)";
  return aggregate;
}

std::string SqlDialect::Sum(const std::string& column, ColumnKind kind) const {
  if (name_ == "sqlite") return "dqc_sum(" + column + "), dqc_has_float(" + column + ")";
  // PostgreSQL sums bigint as numeric already; casting every integer keeps int4/int2 alike.
  if (name_ == "postgresql" && kind == ColumnKind::kInteger) return "sum(" + column + "::numeric)";
  return "sum(" + column + ")";  // MariaDB: SUM of integers is DECIMAL(41,0), exact
}

std::string SqlDialect::Extreme(bool maximum, const std::string& column, ColumnKind kind) const {
  if (kind == ColumnKind::kBool && name_ == "postgresql") {
    return std::string(maximum ? "bool_or(" : "bool_and(") + column + ")";
  }
  const std::string fn = maximum ? "max(" : "min(";
  return ComparableResult(fn + Comparable(column, kind) + ")", kind);
}

std::string SqlDialect::Literal(const std::string& text) const {
  if (name_ == "mysql") {
    // A hex literal has no escapes for any sql_mode to change; CONVERT makes it utf8mb4 text.
    static const char* kHex = "0123456789ABCDEF";
    std::string hex;
    for (unsigned char c : text) {
      hex += kHex[c >> 4];
      hex += kHex[c & 15];
    }
    return "CONVERT(X'" + hex + "' USING utf8mb4)";
  }
  std::string out = name_ == "postgresql" ? "E'" : "'";  // E'': backslash escapes either way
  for (char c : text) {
    if (c == '\\' && name_ == "postgresql") out += '\\';
    if (c == '\'') out += '\'';
    out += c;
  }
  return out + "'";
}

std::string SqlDialect::TextOf(const std::string& column) const {
  if (name_ == "sqlite") return "CAST(" + column + " AS TEXT) COLLATE BINARY";
  if (name_ == "postgresql") return "(" + column + ")::text COLLATE \"C\"";
  return "CONVERT(" + column + " USING utf8mb4) COLLATE utf8mb4_nopad_bin";
}

std::string SqlDialect::CharLength(const std::string& text) const {
  if (name_ == "sqlite") return "length(" + text + ")";
  return "char_length(" + text + ")";
}

std::string SqlDialect::RegexMatch(const std::string& text, const std::string& pattern) const {
  if (name_ == "postgresql") return "(" + text + ") ~ " + pattern;
  return "(" + text + ") REGEXP " + pattern;
}

std::string SqlDialect::IsDistinct(const std::string& a, const std::string& b) const {
  if (name_ == "sqlite") return "(" + a + ") IS NOT (" + b + ")";
  if (name_ == "postgresql") return "(" + a + ") IS DISTINCT FROM (" + b + ")";
  return "NOT ((" + a + ") <=> (" + b + "))";
}

}  // namespace dqc
