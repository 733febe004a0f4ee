#include "store/sqlite/sqlite_db.h"

#include <memory>

namespace dqc::sqlite {

Stmt::Stmt(Db& db, std::string_view sql) : owner_(db), db_(db.raw()) {
  stmt_ = db.TakeCached(sql);
  if (stmt_) {
    cached_ = true;
    return;
  }
  int rc = sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &stmt_, nullptr);
  if (rc != SQLITE_OK) {
    status_ = Status::Internal(std::string("sqlite prepare: ") + sqlite3_errmsg(db_));
    stmt_ = nullptr;
  }
}

Stmt::~Stmt() {
  if (cached_) {
    owner_.GiveBack(stmt_);
  } else {
    sqlite3_finalize(stmt_);
  }
}

Stmt& Stmt::Bind(int i, int64_t v) {
  sqlite3_bind_int64(stmt_, i, v);
  return *this;
}
Stmt& Stmt::Bind(int i, const std::string& v) {
  return Bind(i, std::string_view(v));
}
Stmt& Stmt::Bind(int i, std::string_view v) {
  sqlite3_bind_text(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
  return *this;
}
Stmt& Stmt::Bind(int i, const std::optional<std::string>& v) {
  return v ? Bind(i, *v) : BindNull(i);
}
Stmt& Stmt::Bind(int i, const std::optional<int64_t>& v) {
  return v ? Bind(i, *v) : BindNull(i);
}
Stmt& Stmt::BindNull(int i) {
  sqlite3_bind_null(stmt_, i);
  return *this;
}

bool Stmt::Step() {
  if (!stmt_) return false;
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc != SQLITE_DONE) {
    int ext = sqlite3_extended_errcode(db_);
    std::string msg = std::string("sqlite: ") + sqlite3_errmsg(db_);
    status_ = (ext == SQLITE_CONSTRAINT_UNIQUE || ext == SQLITE_CONSTRAINT_PRIMARYKEY)
                  ? Status::Conflict(msg)
                  : Status::Internal(msg);
  }
  return false;
}

Status Stmt::Run() {
  if (!stmt_) return status_;
  while (Step()) {
  }
  return status_;
}

void Stmt::Reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
  status_ = Status::Ok();
}

int64_t Stmt::Int(int col) const {
  return sqlite3_column_int64(stmt_, col);
}
std::string Stmt::Text(int col) const {
  const unsigned char* p = sqlite3_column_text(stmt_, col);
  return p ? std::string(reinterpret_cast<const char*>(p),
                         static_cast<size_t>(sqlite3_column_bytes(stmt_, col)))
           : std::string();
}
std::optional<std::string> Stmt::OptText(int col) const {
  if (IsNull(col)) return std::nullopt;
  return Text(col);
}
std::optional<int64_t> Stmt::OptInt(int col) const {
  if (IsNull(col)) return std::nullopt;
  return Int(col);
}
bool Stmt::IsNull(int col) const {
  return sqlite3_column_type(stmt_, col) == SQLITE_NULL;
}

Result<std::unique_ptr<Db>> Db::Open(const std::string& path) {
  sqlite3* raw = nullptr;
  int rc =
      sqlite3_open_v2(path.c_str(), &raw,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  std::unique_ptr<Db> db(new Db(raw));
  if (rc != SQLITE_OK) {
    return Status::Internal("cannot open store " + path + ": " + sqlite3_errmsg(raw));
  }
  sqlite3_busy_timeout(raw, 10000);
  // WAL: readers never block the writer. FULL: a committed write survives a power cut, not
  // only a process crash.
  for (const char* pragma : {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL",
                             "PRAGMA foreign_keys=ON", "PRAGMA temp_store=MEMORY"}) {
    Status s = db->Exec(pragma);
    if (!s.ok()) return s;
  }
  return db;
}

Db::~Db() {
  for (auto& [sql, entry] : cache_) sqlite3_finalize(entry.stmt);
  sqlite3_close_v2(db_);
}

sqlite3_stmt* Db::TakeCached(std::string_view sql) {
  auto it = cache_.find(sql);
  if (it == cache_.end()) {
    // Bounded: dynamic SQL (list filters) has a few dozen forms; beyond that, prepare per call.
    if (cache_.size() >= 256) return nullptr;
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                           &stmt, nullptr) != SQLITE_OK ||
        !stmt) {
      sqlite3_finalize(stmt);
      return nullptr;  // the caller prepares again and reports the error
    }
    it = cache_.emplace(std::string(sql), CacheEntry{stmt, false}).first;
  }
  if (it->second.in_use) return nullptr;
  it->second.in_use = true;
  return it->second.stmt;
}

void Db::GiveBack(sqlite3_stmt* stmt) {
  sqlite3_reset(stmt);
  sqlite3_clear_bindings(stmt);
  for (auto& [sql, entry] : cache_) {
    if (entry.stmt == stmt) {
      entry.in_use = false;
      return;
    }
  }
}

Status Db::Exec(const std::string& sql) {
  // One-command statements (BEGIN, COMMIT, PRAGMA x = y) go through the cache; scripts (the
  // schema migrations) through sqlite3_exec.
  if (sql.find(';') == std::string::npos) {
    Stmt st(*this, sql);
    if (!st.ok()) return st.status();
    while (st.Step()) {
    }
    return st.status();
  }
  char* err = nullptr;
  if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err ? err : "unknown error";
    sqlite3_free(err);
    return Status::Internal("sqlite: " + msg);
  }
  return Status::Ok();
}

Status Db::Error(const std::string& what) const {
  return Status::Internal(what + ": " + sqlite3_errmsg(db_));
}

Transaction::Transaction(Db& db) : db_(db) {
  status_ = db_.Exec("BEGIN IMMEDIATE");
  open_ = status_.ok();
}

Transaction::~Transaction() {
  if (open_) db_.Exec("ROLLBACK");
}

Status Transaction::Commit() {
  if (!open_) return status_;
  Status s = db_.Exec("COMMIT");
  if (s.ok()) open_ = false;
  return s;
}

ReadTransaction::ReadTransaction(Db& db) : db_(db) {
  db_.Exec("BEGIN");
}
ReadTransaction::~ReadTransaction() {
  db_.Exec("COMMIT");
}

}  // namespace dqc::sqlite
