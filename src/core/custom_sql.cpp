#include "core/custom_sql.h"

#include <cctype>
#include <vector>

namespace dqc {
namespace {

std::string Upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

bool IsWordChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$';
}

}  // namespace

Result<std::string> CheckCustomSql(const std::string& sql) {
  // Words outside quotes, and where a `;` ends the statement.
  std::vector<std::string> words;
  size_t end = sql.size();
  bool ended = false;
  for (size_t i = 0; i < sql.size();) {
    char c = sql[i];
    if (ended) {
      if (!std::isspace(static_cast<unsigned char>(c))) {
        return Status::Invalid("'sql' must be a single statement: text follows ';'");
      }
      ++i;
      continue;
    }
    if (c == '\'' || c == '"' || c == '`') {
      size_t j = i + 1;
      for (;; ++j) {
        if (j >= sql.size()) return Status::Invalid("'sql' has an unterminated quote");
        if (sql[j] == c) {
          if (j + 1 < sql.size() && sql[j + 1] == c) {
            ++j;  // a doubled quote stands for itself
            continue;
          }
          break;
        }
        if (c == '\'' && sql[j] == '\\' && j + 1 < sql.size()) ++j;  // MariaDB's \' escape
      }
      i = j + 1;
      continue;
    }
    if ((c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') ||
        (c == '/' && i + 1 < sql.size() && sql[i + 1] == '*') || c == '#') {
      return Status::Invalid("'sql' may not hold comments ('--', '/*', '#')");
    }
    if (c == ';') {
      ended = true;
      end = i;
      ++i;
      continue;
    }
    if (IsWordChar(c)) {
      size_t j = i;
      while (j < sql.size() && IsWordChar(sql[j])) ++j;
      words.push_back(Upper(sql.substr(i, j - i)));
      i = j;
      continue;
    }
    ++i;
  }
  if (words.empty()) return Status::Invalid("'sql' is empty: give one SELECT statement");
  if (words[0] != "SELECT" && words[0] != "WITH") {
    return Status::Invalid("'sql' must be one SELECT statement (it starts with " + words[0] + ")");
  }
  for (const std::string& w : words) {
    if (w == "INTO") return Status::Invalid("'sql' may not SELECT ... INTO");
    for (const char* verb : {"INSERT", "UPDATE", "DELETE", "MERGE", "TRUNCATE", "DROP", "ALTER",
                             "CREATE", "GRANT", "ATTACH", "PRAGMA", "COPY", "CALL"}) {
      if (w == verb) return Status::Invalid("'sql' may only read: it holds " + w);
    }
  }
  std::string statement = sql.substr(0, end);
  while (!statement.empty() && std::isspace(static_cast<unsigned char>(statement.back()))) {
    statement.pop_back();
  }
  return statement;
}

Status CheckCustomOutputCount(size_t columns, const std::string& what) {
  if (columns <= static_cast<size_t>(kMaxCustomOutputs)) return Status::Ok();
  return Status::Invalid(what + " returns " + std::to_string(columns) + " columns; at most " +
                         std::to_string(kMaxCustomOutputs) + " are outputs");
}

}  // namespace dqc
