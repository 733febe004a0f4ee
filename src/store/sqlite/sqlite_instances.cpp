// Instances (runs of jobs) and their results in the SQLite store.
#include <nlohmann/json.hpp>

#include "core/id_generator.h"
#include "store/sqlite/sqlite_store.h"

namespace dqc {

using nlohmann::json;
using sqlite::Db;
using sqlite::Stmt;
using sqlite::Transaction;

namespace {

constexpr const char* kInstanceColumns =
    "SELECT id, project_id, workspace_id, job_id, name, task_type, run_status, notify_status, "
    "start_time, end_time, failure_reason FROM instances ";

Instance ReadInstance(const Stmt& st) {
  Instance i;
  i.id = st.Int(0);
  i.project_id = st.Text(1);
  i.workspace_id = st.Text(2);
  i.task_id = st.Int(3);
  i.name = st.Text(4);
  i.task_type = st.Text(5);
  i.run_status = st.Text(6);
  i.notify_status = st.Text(7);
  i.start_time = st.Int(8);
  i.end_time = st.OptInt(9);
  i.failure_reason = st.OptText(10);
  return i;
}

// Rows keep their label order: stored as arrays of [label, value] pairs.
std::string RowsToJson(const std::vector<ResultRow>& rows) {
  json out = json::array();
  for (const auto& row : rows) {
    json r = json::array();
    for (const auto& [label, value] : row) {
      r.push_back(json::array({label, value ? json(*value) : json(nullptr)}));
    }
    out.push_back(std::move(r));
  }
  return out.dump();
}

std::vector<ResultRow> RowsFromJson(const std::string& text) {
  std::vector<ResultRow> rows;
  for (const auto& r : json::parse(text)) {
    ResultRow row;
    for (const auto& cell : r) {
      row.emplace_back(cell[0].get<std::string>(),
                       cell[1].is_null() ? std::nullopt
                                         : std::optional<std::string>(cell[1].get<std::string>()));
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace

Result<Instance> SqliteStore::StartInstance(const Scope& scope, int64_t job_id,
                                            int64_t instance_id) {
  return WithWriter([&](Db& db) -> Result<Instance> {
    Transaction txn(db);
    if (!txn.status().ok()) return txn.status();
    Stmt job(db,
             "SELECT name, run_count FROM jobs WHERE id = ? AND project_id = ? AND "
             "workspace_id = ? AND id NOT IN (SELECT id FROM deleted_jobs)");
    if (!job.Bind(1, job_id).Bind(2, scope.project_id).Bind(3, scope.workspace_id).Step()) {
      return job.status().ok() ? Status::NotFound("comparison job " + std::to_string(job_id))
                               : job.status();
    }
    Stmt busy(db, "SELECT id FROM instances WHERE job_id = ? AND run_status = 'RUNNING'");
    if (busy.Bind(1, job_id).Step()) {
      return Status::Conflict("comparison job " + std::to_string(job_id) +
                              " is already running (instance " + std::to_string(busy.Int(0)) + ")");
    }
    if (!busy.status().ok()) return busy.status();
    Instance inst;
    inst.id = instance_id;
    inst.project_id = scope.project_id;
    inst.workspace_id = scope.workspace_id;
    inst.task_id = job_id;
    inst.name = job.Text(0) + "-" + std::to_string(job.Int(1));
    inst.start_time = NowMillis();
    Stmt ins(db,
             "INSERT INTO instances (id, project_id, workspace_id, job_id, name, task_type, "
             "run_status, notify_status, start_time) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    Status s = ins.Bind(1, inst.id)
                   .Bind(2, inst.project_id)
                   .Bind(3, inst.workspace_id)
                   .Bind(4, inst.task_id)
                   .Bind(5, inst.name)
                   .Bind(6, inst.task_type)
                   .Bind(7, inst.run_status)
                   .Bind(8, inst.notify_status)
                   .Bind(9, inst.start_time)
                   .Run();
    if (!s.ok()) return s;
    Stmt upd(db, "UPDATE jobs SET run_count = run_count + 1, last_run_time = ? WHERE id = ?");
    s = upd.Bind(1, inst.start_time).Bind(2, job_id).Run();
    if (!s.ok()) return s;
    s = txn.Commit();
    if (!s.ok()) return s;
    return inst;
  });
}

Status SqliteStore::FinishInstance(int64_t instance_id, const std::string& run_status,
                                   const std::optional<std::string>& failure_reason,
                                   const std::vector<PairResult>& results) {
  return WithWriter([&](Db& db) -> Status {
    Transaction txn(db);
    if (!txn.status().ok()) return txn.status();
    Stmt upd(db,
             "UPDATE instances SET run_status = ?, failure_reason = ?, end_time = ? "
             "WHERE id = ? AND run_status = 'RUNNING'");
    Status s = upd.Bind(1, run_status)
                   .Bind(2, failure_reason)
                   .Bind(3, NowMillis())
                   .Bind(4, instance_id)
                   .Run();
    if (!s.ok()) return s;
    if (db.Changes() == 0) return Status::Ok();  // already ended: a deleted job or a restart
    Stmt ins(db,
             "INSERT INTO instance_results (instance_id, pair_index, sub_rule_id, "
             "sub_instance_id, rows) VALUES (?, ?, ?, ?, ?)");
    for (size_t i = 0; i < results.size(); ++i) {
      ins.Reset();
      s = ins.Bind(1, instance_id)
              .Bind(2, static_cast<int64_t>(i))
              .Bind(3, results[i].sub_rule_id)
              .Bind(4, results[i].sub_instance_id)
              .Bind(5, RowsToJson(results[i].rows))
              .Run();
      if (!s.ok()) return s;
    }
    return txn.Commit();
  });
}

Result<Page<Instance>> SqliteStore::ListInstances(const Scope& scope, const InstanceFilter& f) {
  return WithReader([&](Db& db) -> Result<Page<Instance>> {
    std::string where = " WHERE project_id = ?1 AND workspace_id = ?2";
    if (f.name) where += " AND instr(lower(name), lower(?3)) > 0";
    if (f.task_type) where += " AND task_type = ?4";
    if (f.run_status) where += " AND run_status = ?5";
    if (f.notify_status) where += " AND notify_status = ?6";
    if (f.start_time) where += " AND start_time >= ?7";
    if (f.end_time) where += " AND start_time <= ?8";
    if (f.task_id) where += " AND job_id = ?9";
    auto bind = [&](Stmt& st) {
      st.Bind(1, scope.project_id).Bind(2, scope.workspace_id);
      if (f.name) st.Bind(3, *f.name);
      if (f.task_type) st.Bind(4, *f.task_type);
      if (f.run_status) st.Bind(5, *f.run_status);
      if (f.notify_status) st.Bind(6, *f.notify_status);
      if (f.start_time) st.Bind(7, *f.start_time);
      if (f.end_time) st.Bind(8, *f.end_time);
      if (f.task_id) st.Bind(9, *f.task_id);
    };
    sqlite::ReadTransaction snapshot(db);
    Page<Instance> page;
    Stmt count(db, "SELECT count(*) FROM instances" + where);
    bind(count);
    if (!count.Step()) return count.status();
    page.count = count.Int(0);
    Stmt st(db, std::string(kInstanceColumns) + where +
                    " ORDER BY start_time DESC, id DESC LIMIT ?10 OFFSET ?11");
    bind(st);
    st.Bind(10, static_cast<int64_t>(f.limit)).Bind(11, f.offset);
    while (st.Step()) page.items.push_back(ReadInstance(st));
    if (!st.status().ok()) return st.status();
    return page;
  });
}

Result<Instance> SqliteStore::GetInstance(const Scope& scope, int64_t id) {
  return WithReader([&](Db& db) -> Result<Instance> {
    Stmt st(db,
            std::string(kInstanceColumns) + "WHERE id = ? AND project_id = ? AND workspace_id = ?");
    if (!st.Bind(1, id).Bind(2, scope.project_id).Bind(3, scope.workspace_id).Step()) {
      return st.status().ok() ? Status::NotFound("instance " + std::to_string(id)) : st.status();
    }
    return ReadInstance(st);
  });
}

Result<Page<PairResult>> SqliteStore::GetResults(const Scope& scope, int64_t instance_id, int limit,
                                                 int64_t offset) {
  auto inst = GetInstance(scope, instance_id);
  if (!inst.ok()) return inst.status();
  return WithReader([&](Db& db) -> Result<Page<PairResult>> {
    sqlite::ReadTransaction snapshot(db);
    Page<PairResult> page;
    Stmt count(db, "SELECT count(*) FROM instance_results WHERE instance_id = ?");
    if (!count.Bind(1, instance_id).Step()) return count.status();
    page.count = count.Int(0);
    Stmt st(db,
            "SELECT sub_rule_id, sub_instance_id, rows FROM instance_results "
            "WHERE instance_id = ? ORDER BY pair_index LIMIT ? OFFSET ?");
    st.Bind(1, instance_id).Bind(2, static_cast<int64_t>(limit)).Bind(3, offset);
    while (st.Step()) page.items.push_back({st.Text(0), st.Text(1), RowsFromJson(st.Text(2))});
    if (!st.status().ok()) return st.status();
    return page;
  });
}

Result<int> SqliteStore::FailOrphanedInstances() {
  return WithWriter([&](Db& db) -> Result<int> {
    Stmt st(db,
            "UPDATE instances SET run_status = 'FAILED', failure_reason = 'server restarted', "
            "end_time = ? WHERE run_status = 'RUNNING'");
    Status s = st.Bind(1, NowMillis()).Run();
    if (!s.ok()) return s;
    return static_cast<int>(db.Changes());
  });
}

}  // namespace dqc
