#include "core/range_filter.h"

#include <cctype>

namespace dqc {

Result<std::string> NormalizeRangeFilter(const std::string& text) {
  size_t b = 0;
  while (b < text.size() && std::isspace(static_cast<unsigned char>(text[b]))) ++b;
  std::string s = text.substr(b);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.pop_back();
  // The console writes "and age > 18": drop a leading `and` word.
  if (s.size() >= 3 && std::tolower(static_cast<unsigned char>(s[0])) == 'a' &&
      std::tolower(static_cast<unsigned char>(s[1])) == 'n' &&
      std::tolower(static_cast<unsigned char>(s[2])) == 'd' &&
      (s.size() == 3 || std::isspace(static_cast<unsigned char>(s[3])) || s[3] == '(')) {
    s = s.substr(3);
    size_t k = 0;
    while (k < s.size() && std::isspace(static_cast<unsigned char>(s[k]))) ++k;
    s = s.substr(k);
    if (s.empty()) return Status::Invalid("calculation_range_sql: nothing after 'and'");
  }
  int depth = 0;
  char quote = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (quote) {
      if (c == quote) {
        if (i + 1 < s.size() && s[i + 1] == quote) {
          ++i;  // a doubled quote inside a literal
        } else {
          quote = 0;
        }
      }
      continue;
    }
    if (c == '\'' || c == '"' || c == '`') {
      quote = c;
    } else if (c == ';') {
      return Status::Invalid("calculation_range_sql may not contain ';' (one filter only)");
    } else if ((c == '-' && i + 1 < s.size() && s[i + 1] == '-') ||
               (c == '/' && i + 1 < s.size() && s[i + 1] == '*') ||
               (c == '*' && i + 1 < s.size() && s[i + 1] == '/') || c == '#') {
      return Status::Invalid("calculation_range_sql may not contain comments");
    } else if (c == '(') {
      ++depth;
    } else if (c == ')') {
      if (--depth < 0) return Status::Invalid("calculation_range_sql has an unbalanced ')'");
    } else if (c == '\0') {
      return Status::Invalid("calculation_range_sql may not contain a NUL character");
    }
  }
  if (quote) return Status::Invalid("calculation_range_sql has an unbalanced quote");
  if (depth != 0) return Status::Invalid("calculation_range_sql has an unbalanced '('");
  return s;
}

}  // namespace dqc
