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
  // The WAL is checkpointed by the maintenance thread, not by whichever commit crosses 1,000
  // pages (that commit would copy thousands of pages into the database inside a request).
  s = store->writer_->Exec("PRAGMA wal_autocheckpoint = 0");
  if (!s.ok()) return s;
  auto version_db = Db::Open(path);
  if (!version_db.ok()) return version_db.status();
  store->version_db_ = std::move(*version_db);
  store->maintenance_ = std::thread([raw = store.get()] { raw->MaintenanceLoop(); });
  return store;
}

SqliteStore::~SqliteStore() {
  {
    std::lock_guard<std::mutex> lock(maintenance_mu_);
    maintenance_stop_ = true;
  }
  maintenance_cv_.notify_all();
  if (maintenance_.joinable()) maintenance_.join();
}

uint64_t SqliteStore::DataVersion() {
  std::lock_guard<std::mutex> lock(version_mu_);
  Stmt st(*version_db_, "PRAGMA data_version");
  if (!st.ok() || !st.Step()) return 0;
  return static_cast<uint64_t>(st.Int(0));
}

void SqliteStore::WakeMaintenance() {
  {
    std::lock_guard<std::mutex> lock(maintenance_mu_);
    maintenance_due_ = true;
  }
  maintenance_cv_.notify_all();
}

void SqliteStore::MaintenanceLoop() {
  auto checkpointer = Db::Open(path_);
  for (;;) {
    {
      std::unique_lock<std::mutex> lock(maintenance_mu_);
      maintenance_cv_.wait_for(lock, std::chrono::seconds(1),
                               [this] { return maintenance_stop_ || maintenance_due_; });
      if (maintenance_stop_) return;
      maintenance_due_ = false;
    }
    // Small batches with a pause between them: a request that needs the writer waits for one
    // short batch at most, and a burst of deletes is not slowed by the purge of the last one.
    for (;;) {
      auto purged = PurgeSomeDeletedJobs(25);
      if (!purged.ok() || *purged == 0) break;
      std::unique_lock<std::mutex> lock(maintenance_mu_);
      if (maintenance_cv_.wait_for(lock, std::chrono::milliseconds(20),
                                   [this] { return maintenance_stop_; })) {
        return;
      }
    }
    // PASSIVE: copies what it can without blocking readers or the writer.
    if (checkpointer.ok()) (*checkpointer)->Exec("PRAGMA wal_checkpoint(PASSIVE)");
  }
}

Status SqliteStore::Migrate() {
  std::lock_guard<std::mutex> lock(write_mu_);
  const auto& migrations = sqlite::Migrations();
  for (;;) {
    sqlite::Transaction txn(*writer_);
    if (!txn.status().ok()) return txn.status();
    Stmt version(*writer_, "PRAGMA user_version");
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
