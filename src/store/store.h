// The Store: everything dqc keeps (DESIGN §1). Every method is one transaction: after a crash the
// store is as before or as after a call, never between. Implementations: sqlite/ (embedded
// default); postgres/ later. Methods are safe to call from several threads.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/category.h"
#include "core/connection.h"
#include "core/instance.h"
#include "core/job.h"
#include "core/principal.h"
#include "core/rule_template.h"
#include "core/status.h"

namespace dqc {

// The scope every API call works in: a project and one of its workspaces.
struct Scope {
  std::string project_id;
  std::string workspace_id;
};

struct JobFilter {
  std::optional<int64_t> category_id;  // this directory and its subdirectories
  std::optional<std::string> name;     // case-insensitive substring
  std::optional<std::string> schedule_status;
  std::optional<int64_t> start_time, end_time;  // inclusive bounds on last_run_time
  std::optional<std::string> creator;           // exact
  int limit = 10;
  int64_t offset = 0;
};

struct InstanceFilter {
  std::optional<std::string> name;  // substring of the instance (job) name
  std::optional<std::string> task_type;
  std::optional<std::string> run_status;
  std::optional<std::string> notify_status;
  std::optional<int64_t> task_id;
  std::optional<int64_t> start_time, end_time;  // inclusive bounds on start_time
  int limit = 10;
  int64_t offset = 0;
};

struct RuleTemplateFilter {
  std::optional<int64_t> category_id;  // this directory and its subdirectories
  std::optional<std::string> name;     // case-insensitive substring
  std::optional<std::string> creator;  // exact
  int limit = 10;
  int64_t offset = 0;
};

template <typename T>
struct Page {
  int64_t count = 0;
  std::vector<T> items;
};

class Store {
 public:
  virtual ~Store() = default;

  // A number that changes whenever committed data may have changed, by this process or any other
  // sharing the store. Read it before reading data: a value cached under it stays valid for as
  // long as DataVersion() returns the same number. 0 means "unknown": cache nothing.
  virtual uint64_t DataVersion() = 0;

  // --- Principals (operator commands and authentication) ---
  virtual Result<std::string> CreateWorkspace(const std::string& project_id,
                                              const std::string& name) = 0;
  virtual Result<Workspace> GetWorkspace(const std::string& workspace_id) = 0;
  virtual Status Grant(const std::string& workspace_id, const std::string& user, Role role) = 0;
  virtual Status Revoke(const std::string& workspace_id, const std::string& user) = 0;
  // The user's role in the workspace, nullopt when not a member.
  virtual Result<std::optional<Role>> GetRole(const std::string& workspace_id,
                                              const std::string& user) = 0;
  virtual Status CreateUser(const User& user) = 0;
  virtual Status DeleteUser(const std::string& project_id, const std::string& name) = 0;
  virtual Result<User> GetUser(const std::string& project_id, const std::string& name) = 0;
  virtual Status SaveToken(const std::string& token_hash, const TokenRecord& record) = 0;
  virtual Status RevokeToken(const std::string& token_hash) = 0;
  virtual Result<TokenRecord> GetToken(const std::string& token_hash) = 0;

  // --- Data connections ---
  virtual Status CreateConnection(const Connection& c) = 0;
  virtual Status UpdateConnection(const Scope& scope, const Connection& c) = 0;
  virtual Result<Connection> GetConnection(const Scope& scope, const std::string& id) = 0;
  virtual Result<std::vector<Connection>> ListConnections(const Scope& scope) = 0;
  virtual Status DeleteConnection(const Scope& scope, const std::string& id) = 0;  // not in use

  // --- Directories ---
  virtual Result<std::vector<Category>> ListCategories(const Scope& scope) = 0;
  virtual Status CreateCategory(const Scope& scope, const Category& c) = 0;
  virtual Status DeleteCategory(const Scope& scope, int64_t id) = 0;  // empty ones only

  // --- Comparison jobs ---
  virtual Status CreateJob(const Job& job) = 0;  // Conflict on a duplicate name
  virtual Status UpdateJob(const Job& job) = 0;  // replaces definition; keeps id, create_time
  virtual Result<Job> GetJob(const Scope& scope, int64_t id) = 0;
  virtual Result<Page<Job>> ListJobs(const Scope& scope, const JobFilter& filter) = 0;
  // All or nothing: if any ID is not a job of this scope, deletes nothing and returns those IDs.
  // Otherwise deletes the jobs, fails their running instances with "job deleted", returns the
  // IDs of the instances it failed in `cancelled`.
  struct DeleteOutcome {
    std::vector<int64_t> missing;
    std::vector<int64_t> cancelled;
  };
  virtual Result<DeleteOutcome> DeleteJobs(const Scope& scope, const std::vector<int64_t>& ids) = 0;

  // --- User rule templates (system templates are not stored: engine/check_templates.h) ---
  // Sets t.id (from kFirstUserTemplateId up, never reused) and returns it; Conflict on a
  // duplicate name in the workspace.
  virtual Result<int64_t> CreateRuleTemplate(const RuleTemplate& t) = 0;
  // Replaces the definition (keeps id, create_time, creator); NotFound, Conflict as above.
  virtual Status UpdateRuleTemplate(const Scope& scope, const RuleTemplate& t) = 0;
  virtual Result<RuleTemplate> GetRuleTemplate(const Scope& scope, int64_t id) = 0;
  // Ordered by create_time then id, both descending.
  virtual Result<Page<RuleTemplate>> ListRuleTemplates(const Scope& scope,
                                                       const RuleTemplateFilter& filter) = 0;
  // All or nothing: IDs that are no template of this scope come back in `missing`, and a template
  // that rules of a (not deleted) job use comes back in `in_use` with that job; then nothing is
  // deleted.
  struct TemplateDeleteOutcome {
    std::vector<int64_t> missing;
    std::vector<std::pair<int64_t, int64_t>> in_use;  // template ID, a job ID using it
  };
  virtual Result<TemplateDeleteOutcome> DeleteRuleTemplates(const Scope& scope,
                                                            const std::vector<int64_t>& ids) = 0;

  // --- Instances ---
  // Starts an instance of the job; Conflict when one is already RUNNING.
  virtual Result<Instance> StartInstance(const Scope& scope, int64_t job_id,
                                         int64_t instance_id) = 0;
  // Ends a RUNNING instance; does nothing if it already ended (deleted job, restart).
  virtual Status FinishInstance(int64_t instance_id, const std::string& run_status,
                                const std::optional<std::string>& failure_reason,
                                const std::vector<PairResult>& results) = 0;
  virtual Result<Page<Instance>> ListInstances(const Scope& scope, const InstanceFilter& f) = 0;
  virtual Result<Instance> GetInstance(const Scope& scope, int64_t id) = 0;
  virtual Result<Page<PairResult>> GetResults(const Scope& scope, int64_t instance_id, int limit,
                                              int64_t offset) = 0;
  // At start: instances a previous process left RUNNING end FAILED ("server restarted").
  virtual Result<int> FailOrphanedInstances() = 0;
};

// Opens the store named by `url`: "sqlite:/path/dqc.db" or a plain file path.
Result<std::unique_ptr<Store>> OpenStore(const std::string& url);

}  // namespace dqc
