#include "core/names.h"

namespace dqc {
namespace {

std::string Trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return "";
  size_t e = s.find_last_not_of(" \t");
  return s.substr(b, e - b + 1);
}

}  // namespace

Result<std::vector<std::string>> ParseNameList(const std::string& text, char separator) {
  std::vector<std::string> names;
  size_t i = 0;
  const size_t n = text.size();
  while (i <= n) {
    while (i < n && (text[i] == ' ' || text[i] == '\t')) ++i;
    std::string name;
    if (i < n && text[i] == '"') {
      ++i;
      bool closed = false;
      while (i < n) {
        if (text[i] == '"') {
          if (i + 1 < n && text[i + 1] == '"') {
            name += '"';
            i += 2;
            continue;
          }
          closed = true;
          ++i;
          break;
        }
        name += text[i++];
      }
      if (!closed) return Status::Invalid("unbalanced double quote in names: " + text);
      while (i < n && (text[i] == ' ' || text[i] == '\t')) ++i;
      if (i < n && text[i] != separator) {
        return Status::Invalid("unexpected text after a quoted name in: " + text);
      }
    } else {
      size_t start = i;
      while (i < n && text[i] != separator) {
        if (text[i] == '"')
          return Status::Invalid("a double quote inside a name must be quoted: " + text);
        ++i;
      }
      name = Trim(text.substr(start, i - start));
    }
    if (name.empty()) return Status::Invalid("empty name in: '" + text + "'");
    names.push_back(name);
    if (i >= n) break;
    ++i;  // the separator
    if (i == n) return Status::Invalid("empty name at the end of: " + text);
  }
  if (names.empty()) return Status::Invalid("no name given");
  return names;
}

Result<TableName> ParseTableName(const std::string& text) {
  auto parts = ParseNameList(text, '.');
  if (!parts.ok()) return Status::Invalid("table name: " + parts.status().message());
  if (parts->size() == 1) return TableName{"", (*parts)[0]};
  if (parts->size() == 2) return TableName{(*parts)[0], (*parts)[1]};
  return Status::Invalid("table name has more than schema.table: " + text);
}

std::string QuoteIdentifier(const std::string& name) {
  std::string out = "\"";
  for (char c : name) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string QuoteIdentifierFor(const std::string& dialect, const std::string& name) {
  if (dialect != "mysql") return QuoteIdentifier(name);
  std::string out = "`";
  for (char c : name) {
    if (c == '`') out += '`';
    out += c;
  }
  return out + "`";
}

}  // namespace dqc
