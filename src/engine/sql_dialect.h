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

 private:
  std::string name_;
};

}  // namespace dqc
