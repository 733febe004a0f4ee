// The embedded default store: one SQLite file in WAL mode. One writer connection (SQLite allows one
// writer at a time anyway) behind a mutex, and a pool of reader connections so reads on the HTTP
// threads never wait for a write.
#pragma once

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "store/sqlite/sqlite_db.h"
#include "store/store.h"

namespace dqc {

class SqliteStore final : public Store {
 public:
  static Result<std::unique_ptr<SqliteStore>> Open(const std::string& path);
  ~SqliteStore() override;

  // Purges up to `limit` jobs marked deleted; returns how many. The maintenance thread calls it;
  // tests and benchmarks may too.
  Result<int> PurgeSomeDeletedJobs(int limit);

  uint64_t DataVersion() override;

  Result<std::string> CreateWorkspace(const std::string& project_id,
                                      const std::string& name) override;
  Result<Workspace> GetWorkspace(const std::string& workspace_id) override;
  Status Grant(const std::string& workspace_id, const std::string& user, Role role) override;
  Status Revoke(const std::string& workspace_id, const std::string& user) override;
  Result<std::optional<Role>> GetRole(const std::string& workspace_id,
                                      const std::string& user) override;
  Status CreateUser(const User& user) override;
  Status DeleteUser(const std::string& project_id, const std::string& name) override;
  Result<User> GetUser(const std::string& project_id, const std::string& name) override;
  Status SaveToken(const std::string& token_hash, const TokenRecord& record) override;
  Status RevokeToken(const std::string& token_hash) override;
  Result<TokenRecord> GetToken(const std::string& token_hash) override;

  Status CreateConnection(const Connection& c) override;
  Status UpdateConnection(const Scope& scope, const Connection& c) override;
  Result<Connection> GetConnection(const Scope& scope, const std::string& id) override;
  Result<std::vector<Connection>> ListConnections(const Scope& scope) override;
  Status DeleteConnection(const Scope& scope, const std::string& id) override;

  Result<std::vector<Category>> ListCategories(const Scope& scope) override;
  Status CreateCategory(const Scope& scope, const Category& c) override;
  Status DeleteCategory(const Scope& scope, int64_t id) override;

  Status CreateJob(const Job& job) override;
  // Many jobs in one transaction (bulk import; tests and benchmarks seed large stores with it).
  Status CreateJobs(const std::vector<Job>& jobs);
  Status UpdateJob(const Job& job) override;
  Result<Job> GetJob(const Scope& scope, int64_t id) override;
  Result<Page<Job>> ListJobs(const Scope& scope, const JobFilter& filter) override;
  Result<DeleteOutcome> DeleteJobs(const Scope& scope, const std::vector<int64_t>& ids) override;

  Result<int64_t> CreateRuleTemplate(const RuleTemplate& t) override;
  Status UpdateRuleTemplate(const Scope& scope, const RuleTemplate& t) override;
  Result<RuleTemplate> GetRuleTemplate(const Scope& scope, int64_t id) override;
  Result<Page<RuleTemplate>> ListRuleTemplates(const Scope& scope,
                                               const RuleTemplateFilter& filter) override;
  Result<TemplateDeleteOutcome> DeleteRuleTemplates(const Scope& scope,
                                                    const std::vector<int64_t>& ids) override;

  Result<Instance> StartInstance(const Scope& scope, int64_t job_id, int64_t instance_id) override;
  Status FinishInstance(int64_t instance_id, const std::string& run_status,
                        const std::optional<std::string>& failure_reason,
                        const std::vector<PairResult>& results) override;
  Result<Page<Instance>> ListInstances(const Scope& scope, const InstanceFilter& f) override;
  Result<Instance> GetInstance(const Scope& scope, int64_t id) override;
  Result<Page<PairResult>> GetResults(const Scope& scope, int64_t instance_id, int limit,
                                      int64_t offset) override;
  Result<int> FailOrphanedInstances() override;

 private:
  explicit SqliteStore(std::string path) : path_(std::move(path)) {}
  Status Migrate();

  // Runs fn with the writer connection, holding the write lock.
  template <typename Fn>
  auto WithWriter(Fn&& fn) {
    std::lock_guard<std::mutex> lock(write_mu_);
    return fn(*writer_);
  }
  // Runs fn with a pooled reader connection.
  template <typename Fn>
  auto WithReader(Fn&& fn) {
    std::unique_ptr<sqlite::Db> db = BorrowReader();
    if (!db) return decltype(fn(*writer_))(Status::Internal("cannot open a store reader"));
    auto result = fn(*db);
    ReturnReader(std::move(db));
    return result;
  }
  std::unique_ptr<sqlite::Db> BorrowReader();
  void ReturnReader(std::unique_ptr<sqlite::Db> db);

  // Rule rows of a job, in pair order (reads with the given connection).
  Status LoadRules(sqlite::Db& db, Job& job);
  Status InsertRules(sqlite::Db& db, const Job& job);
  Status InsertJob(sqlite::Db& db, const Job& job);
  // Removes jobs marked deleted: their rows, rules and name-index entries, and the marks.
  Status PurgeJobs(sqlite::Db& db, const std::string& ids_json);
  // A deleted job still holding `name` in the workspace goes at once, so the name is free.
  Status PurgeDeletedNamed(sqlite::Db& db, const std::string& workspace_id,
                           const std::string& name);

  // Background maintenance (one thread per store): purges deleted jobs in small transactions and
  // checkpoints the WAL, so neither runs inside a request.
  void MaintenanceLoop();
  void WakeMaintenance();
  std::thread maintenance_;
  std::mutex maintenance_mu_;
  std::condition_variable maintenance_cv_;
  bool maintenance_stop_ = false;
  bool maintenance_due_ = false;

  std::string path_;
  // A connection that only answers PRAGMA data_version: every commit by any other connection
  // (this store's writer, an operator command, another server) changes its value.
  std::mutex version_mu_;
  std::unique_ptr<sqlite::Db> version_db_;
  std::mutex write_mu_;
  std::unique_ptr<sqlite::Db> writer_;
  std::mutex pool_mu_;
  std::vector<std::unique_ptr<sqlite::Db>> readers_;
};

}  // namespace dqc
