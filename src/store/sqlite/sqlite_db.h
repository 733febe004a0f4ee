// A thin RAII layer over the SQLite C API for the store: a connection, prepared statements and
// transactions. Errors become Status values.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/status.h"

namespace dqc::sqlite {

class Db;

// A prepared statement borrowed from its connection's cache (SQL is compiled once per connection,
// not once per call); reset and returned to the cache when the Stmt goes out of scope.
class Stmt {
 public:
  Stmt(Db& db, std::string_view sql);  // check ok() before use
  ~Stmt();
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;

  bool ok() const { return stmt_ != nullptr; }
  const Status& status() const { return status_; }

  // Binding is 1-based, as in SQLite. Each returns *this for chaining.
  Stmt& Bind(int i, int64_t v);
  Stmt& Bind(int i, const std::string& v);
  Stmt& Bind(int i, std::string_view v);
  Stmt& Bind(int i, const char* v) { return Bind(i, std::string_view(v)); }
  Stmt& Bind(int i, const std::optional<std::string>& v);
  Stmt& Bind(int i, const std::optional<int64_t>& v);
  Stmt& BindNull(int i);

  // Steps once: true when a row is ready, false when done. Errors land in status().
  bool Step();
  // Runs to completion (for writes); returns the Status.
  Status Run();
  void Reset();

  int64_t Int(int col) const;
  std::string Text(int col) const;
  std::optional<std::string> OptText(int col) const;
  std::optional<int64_t> OptInt(int col) const;
  bool IsNull(int col) const;

 private:
  Db& owner_;
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
  bool cached_ = false;
  Status status_;
};

class Db {
 public:
  // Opens (creating if needed) the file read-write, with WAL, FULL sync and a busy timeout.
  static Result<std::unique_ptr<Db>> Open(const std::string& path);
  ~Db();

  sqlite3* raw() const { return db_; }
  // Runs one statement without results (through the statement cache).
  Status Exec(const std::string& sql);
  int64_t Changes() const { return sqlite3_changes64(db_); }
  Status Error(const std::string& what) const;

 private:
  friend class Stmt;
  explicit Db(sqlite3* db) : db_(db) {}
  // A cached statement for `sql` that no live Stmt is using, or nullptr (then the Stmt prepares
  // its own and finalizes it).
  sqlite3_stmt* TakeCached(std::string_view sql);
  void GiveBack(sqlite3_stmt* stmt);

  sqlite3* db_;
  struct CacheEntry {
    sqlite3_stmt* stmt;
    bool in_use;
  };
  std::map<std::string, CacheEntry, std::less<>> cache_;
};

// BEGIN IMMEDIATE ... COMMIT; rolls back unless Commit() succeeded.
class Transaction {
 public:
  explicit Transaction(Db& db);
  ~Transaction();
  const Status& status() const { return status_; }
  Status Commit();

 private:
  Db& db_;
  bool open_ = false;
  Status status_;
};

// Read snapshot: BEGIN (deferred) ... COMMIT, so several SELECTs see one state.
class ReadTransaction {
 public:
  explicit ReadTransaction(Db& db);
  ~ReadTransaction();

 private:
  Db& db_;
};

}  // namespace dqc::sqlite
