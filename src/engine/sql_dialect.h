// The SQL that differs between engines for the same metric (DESIGN §6): how a column is made
// comparable byte for byte, how it is summed without overflow, how a subquery is written.
#pragma once

#include <string>

#include "connectors/connector.h"

namespace dqc {

class SqlDialect {
 public:
  explicit SqlDialect(std::string name) : name_(std::move(name)) {}
  const std::string& name() const { return name_; }

  std::string Quote(const std::string& identifier) const;

  // `column` as an expression whose equality and order are binary and no-pad on every engine
  // (MariaDB's default collation folds case and ignores trailing spaces; PostgreSQL's follows the
  // locale). CHAR(n) pad spaces are dropped: they are not part of the value.
  std::string Comparable(const std::string& column, ColumnKind kind) const;
  // An aggregate over Comparable(...) brought back as text (MariaDB would answer bytes).
  std::string ComparableResult(const std::string& aggregate, ColumnKind kind) const;

  // SELECT list items giving the exact sum of the column (and for SQLite whether any value was
  // floating). Integer sums cannot overflow on any engine.
  std::string Sum(const std::string& column, ColumnKind kind) const;
  bool SumCarriesFloatFlag() const { return name_ == "sqlite"; }

  // Minimum or maximum of a column of `kind`.
  std::string Extreme(bool maximum, const std::string& column, ColumnKind kind) const;

  // --- pieces of the check templates (engine/check_templates.cpp) ---
  // `text` as a string literal that means the same whatever the session's settings (PostgreSQL's
  // standard_conforming_strings, MariaDB's NO_BACKSLASH_ESCAPES). `text` holds no NUL byte.
  std::string Literal(const std::string& text) const;
  // `column` as text that compares binary and no-pad (for regular expressions, lengths, lists).
  std::string TextOf(const std::string& column) const;
  // Characters (not bytes) of a text expression.
  std::string CharLength(const std::string& text) const;
  // Whether a text expression matches a pattern literal: SQLite's REGEXP (dqc registers it, PCRE2),
  // PostgreSQL's `~` (POSIX ARE), MariaDB's REGEXP (PCRE2). All case-sensitive.
  std::string RegexMatch(const std::string& text, const std::string& pattern) const;
  // True when a and b differ, NULL counting as a value equal only to NULL.
  std::string IsDistinct(const std::string& a, const std::string& b) const;

 private:
  std::string name_;
};

}  // namespace dqc
