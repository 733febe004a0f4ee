// Table and column names as rules write them (DESIGN §3.8): names are literal (case, spaces,
// reserved words); a name holding a comma, a dot or a double quote is written in double quotes with
// "" for a quote.
#pragma once

#include <string>
#include <vector>

#include "core/status.h"

namespace dqc {

// "a, b,\"c,d\"" -> {"a", "b", "c,d"}. Spaces around unquoted names are trimmed.
Result<std::vector<std::string>> ParseNameList(const std::string& text, char separator = ',');

struct TableName {
  std::string schema;  // empty when not given
  std::string table;
};
// "table" or "schema.table".
Result<TableName> ParseTableName(const std::string& text);

// The identifier quoted for SQL with double quotes (SQLite, PostgreSQL).
std::string QuoteIdentifier(const std::string& name);
// The identifier quoted for a connector's dialect ("sqlite", "postgresql": "a""b"; "mysql":
// `a``b`, which works whatever the server's sql_mode says about ANSI_QUOTES).
std::string QuoteIdentifierFor(const std::string& dialect, const std::string& name);

}  // namespace dqc
