#include "store/sqlite/sqlite_store.h"

#include "store/sqlite/schema.h"

namespace dqc {

using sqlite::Db;
using sqlite::Stmt;

Result<std::unique_ptr<SqliteStore>> SqliteStore::Open(const std::string& path) {
  std::unique_ptr<SqliteStore> store(new SqliteStore(path));
  auto writer = Db::Open(path);
  if (!writer.ok()) return writer.status();
  store->writer_ = std::move(*writer);
  Status s = store->Migrate();
  if (!s.ok()) return s;
  return store;
}

Status SqliteStore::Migrate() {
  std::lock_guard<std::mutex> lock(write_mu_);
  const auto& migrations = sqlite::Migrations();
  for (;;) {
    sqlite::Transaction txn(*writer_);
    if (!txn.status().ok()) return txn.status();
    Stmt version(writer_->raw(), "PRAGMA user_version");
    if (!version.Step()) return version.status();
    int64_t current = version.Int(0);
    if (current > static_cast<int64_t>(migrations.size())) {
      return Status::Internal("the store was written by a newer dqc (schema version " +
                              std::to_string(current) + ")");
    }
    if (current == static_cast<int64_t>(migrations.size())) return Status::Ok();
    Status s = writer_->Exec(migrations[static_cast<size_t>(current)]);
    if (!s.ok()) return s;
    s = writer_->Exec("PRAGMA user_version = " + std::to_string(current + 1));
    if (!s.ok()) return s;
    s = txn.Commit();
    if (!s.ok()) return s;
  }
}

std::unique_ptr<Db> SqliteStore::BorrowReader() {
  {
    std::lock_guard<std::mutex> lock(pool_mu_);
    if (!readers_.empty()) {
      auto db = std::move(readers_.back());
      readers_.pop_back();
      return db;
    }
  }
  auto db = Db::Open(path_);
  return db.ok() ? std::move(*db) : nullptr;
}

void SqliteStore::ReturnReader(std::unique_ptr<Db> db) {
  std::lock_guard<std::mutex> lock(pool_mu_);
  if (readers_.size() < 16) readers_.push_back(std::move(db));
}

Result<std::unique_ptr<Store>> OpenStore(const std::string& url) {
  std::string path = url;
  if (path.rfind("sqlite:", 0) == 0) path = path.substr(7);
  if (path.rfind("postgresql:", 0) == 0 || path.rfind("postgres:", 0) == 0) {
    return Status::Invalid("the PostgreSQL store is not available in this version");
  }
  auto store = SqliteStore::Open(path);
  if (!store.ok()) return store.status();
  return std::unique_ptr<Store>(std::move(*store));
}

}  // namespace dqc
