// Comparison jobs and their rules in the SQLite store.
#include <chrono>
#include <cstdlib>
#include <thread>

#include <spdlog/spdlog.h>
#include <nlohmann/json.hpp>

#include "core/id_generator.h"
#include "core/job_json.h"
#include "store/sqlite/sqlite_store.h"

namespace dqc {

using nlohmann::json;
using sqlite::Db;
using sqlite::Stmt;
using sqlite::Transaction;

namespace {

// Jobs marked deleted are gone for every read; the purge removes their rows later.
constexpr const char* kLive = " AND id NOT IN (SELECT id FROM deleted_jobs)";

constexpr const char* kJobColumns =
    "SELECT id, project_id, workspace_id, name, category_id, schedule_status, schedule_period, "
    "schedule_interval, create_time, last_run_time, creator, settings FROM jobs ";

Job ReadJob(const Stmt& st) {
  Job job;
  job.id = st.Int(0);
  job.project_id = st.Text(1);
  job.workspace_id = st.Text(2);
  job.name = st.Text(3);
  job.category_id = st.Int(4);
  job.schedule_status = st.Text(5);
  job.schedule_period = st.OptText(6);
  job.schedule_interval = st.OptText(7);
  job.create_time = st.Int(8);
  job.last_run_time = st.OptInt(9);
  job.creator = st.Text(10);
  JobSettingsFromJson(json::parse(st.Text(11)), job);
  return job;
}

// The IDs as a JSON array text, so one statement can take a whole batch through json_each().
std::string IdsJson(const std::vector<int64_t>& ids) {
  std::string out = "[";
  for (size_t i = 0; i < ids.size(); ++i) {
    if (i) out += ',';
    out += std::to_string(ids[i]);
  }
  return out + "]";
}

// Number of Unicode code points: the trigram index serves filters of 3 or more.
size_t CodePoints(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

// A test build can hold a batch delete inside its transaction, so a crash test can kill the
// server exactly there (DQC_TEST_DELETE_DELAY_MS). Release builds compile this away.
void TestHookInsideDelete(size_t batch_size) {
#ifdef DQC_TEST_HOOKS
  if (const char* ms = std::getenv("DQC_TEST_DELETE_DELAY_MS")) {
    spdlog::warn("test hook: batch delete of {} jobs inside its transaction", batch_size);
    spdlog::default_logger()->flush();
    std::this_thread::sleep_for(std::chrono::milliseconds(std::atoi(ms)));
  }
#else
  (void)batch_size;
#endif
}

}  // namespace

Status SqliteStore::InsertRules(Db& db, const Job& job) {
  Stmt st(db,
          "INSERT INTO rules (id, job_id, pair_index, side, connection_id, definition) "
          "VALUES (?, ?, ?, ?, ?, ?)");
  for (size_t i = 0; i < job.pairs.size(); ++i) {
    const Rule* sides[2] = {&job.pairs[i].source, &job.pairs[i].target};
    for (int side = 0; side < 2; ++side) {
      st.Reset();
      Status s = st.Bind(1, sides[side]->id)
                     .Bind(2, job.id)
                     .Bind(3, static_cast<int64_t>(i))
                     .Bind(4, static_cast<int64_t>(side + 1))
                     .Bind(5, sides[side]->connection)
                     .Bind(6, RuleToJson(*sides[side]).dump())
                     .Run();
      if (!s.ok()) return s;
    }
  }
  return Status::Ok();
}

Status SqliteStore::LoadRules(Db& db, Job& job) {
  Stmt st(db,
          "SELECT pair_index, side, definition FROM rules WHERE job_id = ? "
          "ORDER BY pair_index, side");
  st.Bind(1, job.id);
  job.pairs.clear();
  while (st.Step()) {
    size_t index = static_cast<size_t>(st.Int(0));
    if (job.pairs.size() <= index) job.pairs.resize(index + 1);
    Rule rule = RuleFromJson(json::parse(st.Text(2)));
    (st.Int(1) == 1 ? job.pairs[index].source : job.pairs[index].target) = std::move(rule);
  }
  return st.status();
}

Status SqliteStore::InsertJob(Db& db, const Job& job) {
  if (Status s = PurgeDeletedNamed(db, job.workspace_id, job.name); !s.ok()) return s;
  Stmt st(db,
          "INSERT INTO jobs (id, project_id, workspace_id, name, category_id, schedule_status, "
          "schedule_period, schedule_interval, create_time, last_run_time, creator, settings) "
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  Status s = st.Bind(1, job.id)
                 .Bind(2, job.project_id)
                 .Bind(3, job.workspace_id)
                 .Bind(4, job.name)
                 .Bind(5, job.category_id)
                 .Bind(6, job.schedule_status)
                 .Bind(7, job.schedule_period)
                 .Bind(8, job.schedule_interval)
                 .Bind(9, job.create_time)
                 .Bind(10, job.last_run_time)
                 .Bind(11, job.creator)
                 .Bind(12, JobSettingsToJson(job).dump())
                 .Run();
  if (s.code() == Status::Code::kConflict) {
    return Status::Conflict("a comparison job named '" + job.name +
                            "' already exists in this workspace");
  }
  if (!s.ok()) return s;
  return InsertRules(db, job);
}

Status SqliteStore::CreateJob(const Job& job) {
  return CreateJobs({job});
}

Status SqliteStore::CreateJobs(const std::vector<Job>& jobs) {
  return WithWriter([&](Db& db) -> Status {
    Transaction txn(db);
    if (!txn.status().ok()) return txn.status();
    for (const Job& job : jobs) {
      Status s = InsertJob(db, job);
      if (!s.ok()) return s;
    }
    return txn.Commit();
  });
}

Status SqliteStore::UpdateJob(const Job& job) {
  return WithWriter([&](Db& db) -> Status {
    Transaction txn(db);
    if (!txn.status().ok()) return txn.status();
    if (Status s = PurgeDeletedNamed(db, job.workspace_id, job.name); !s.ok()) return s;
    Stmt st(db,
            "UPDATE jobs SET name = ?, category_id = ?, schedule_period = ?, "
            "schedule_interval = ?, settings = ? "
            "WHERE id = ? AND project_id = ? AND workspace_id = ?" +
                std::string(kLive));
    Status s = st.Bind(1, job.name)
                   .Bind(2, job.category_id)
                   .Bind(3, job.schedule_period)
                   .Bind(4, job.schedule_interval)
                   .Bind(5, JobSettingsToJson(job).dump())
                   .Bind(6, job.id)
                   .Bind(7, job.project_id)
                   .Bind(8, job.workspace_id)
                   .Run();
    if (s.code() == Status::Code::kConflict) {
      return Status::Conflict("a comparison job named '" + job.name +
                              "' already exists in this workspace");
    }
    if (!s.ok()) return s;
    if (db.Changes() == 0) return Status::NotFound("comparison job " + std::to_string(job.id));
    Stmt del(db, "DELETE FROM rules WHERE job_id = ?");
    s = del.Bind(1, job.id).Run();
    if (!s.ok()) return s;
    s = InsertRules(db, job);
    return s.ok() ? txn.Commit() : s;
  });
}

Result<Job> SqliteStore::GetJob(const Scope& scope, int64_t id) {
  return WithReader([&](Db& db) -> Result<Job> {
    sqlite::ReadTransaction snapshot(db);
    Stmt st(db, std::string(kJobColumns) + "WHERE id = ? AND project_id = ? AND workspace_id = ?" +
                    kLive);
    if (!st.Bind(1, id).Bind(2, scope.project_id).Bind(3, scope.workspace_id).Step()) {
      return st.status().ok() ? Status::NotFound("comparison job " + std::to_string(id))
                              : st.status();
    }
    Job job = ReadJob(st);
    Status s = LoadRules(db, job);
    if (!s.ok()) return s;
    return job;
  });
}

Result<Page<Job>> SqliteStore::ListJobs(const Scope& scope, const JobFilter& f) {
  return WithReader([&](Db& db) -> Result<Page<Job>> {
    // Parameters are numbered so the same WHERE serves the count and the page.
    // With a name filter of 3+ characters the trigram index drives the query: the unary `+`
    // keeps SQLite from walking the whole workspace in time order instead (1M rows).
    const bool trigram = f.name && CodePoints(*f.name) >= 3;
    std::string where = trigram ? " WHERE +project_id = ?1 AND +workspace_id = ?2"
                                : " WHERE project_id = ?1 AND workspace_id = ?2";
    where += kLive;
    if (f.category_id) {
      where +=
          " AND category_id IN (WITH RECURSIVE sub(id) AS (SELECT ?3 UNION ALL "
          "SELECT c.id FROM categories c JOIN sub ON c.parent_id = sub.id "
          "WHERE c.workspace_id = ?2) SELECT id FROM sub)";
    }
    std::string name_param;
    if (f.name) {
      if (trigram) {
        // A phrase of the trigram index: a case-insensitive substring match.
        std::string phrase = "\"";
        for (char c : *f.name) phrase += (c == '"') ? std::string("\"\"") : std::string(1, c);
        name_param = phrase + "\"";
        where += " AND id IN (SELECT rowid FROM job_names WHERE job_names MATCH ?4)";
      } else {
        name_param = *f.name;
        where += " AND instr(lower(name), lower(?4)) > 0";
      }
    }
    if (f.schedule_status) where += " AND schedule_status = ?5";
    if (f.start_time) where += " AND last_run_time >= ?6";
    if (f.end_time) where += " AND last_run_time <= ?7";
    if (f.creator) where += " AND creator = ?8";
    auto bind = [&](Stmt& st) {
      st.Bind(1, scope.project_id).Bind(2, scope.workspace_id);
      if (f.category_id) st.Bind(3, *f.category_id);
      if (f.name) st.Bind(4, name_param);
      if (f.schedule_status) st.Bind(5, *f.schedule_status);
      if (f.start_time) st.Bind(6, *f.start_time);
      if (f.end_time) st.Bind(7, *f.end_time);
      if (f.creator) st.Bind(8, *f.creator);
    };
    sqlite::ReadTransaction snapshot(db);
    Page<Job> page;
    Stmt count(db, "SELECT count(*) FROM jobs" + where);
    if (!count.ok()) return count.status();
    bind(count);
    if (!count.Step()) return count.status();
    page.count = count.Int(0);
    Stmt st(db, std::string(kJobColumns) + where +
                    " ORDER BY create_time DESC, id DESC LIMIT ?9 OFFSET ?10");
    if (!st.ok()) return st.status();
    bind(st);
    st.Bind(9, static_cast<int64_t>(f.limit)).Bind(10, f.offset);
    while (st.Step()) page.items.push_back(ReadJob(st));
    if (!st.status().ok()) return st.status();
    return page;
  });
}

Result<Store::DeleteOutcome> SqliteStore::DeleteJobs(const Scope& scope,
                                                     const std::vector<int64_t>& ids) {
  DeleteOutcome out;
  Status status = WithWriter([&](Db& db) -> Status {
    Transaction txn(db);
    if (!txn.status().ok()) return txn.status();
    const std::string batch = IdsJson(ids);
    // IDs of other workspaces or projects look exactly like IDs that never existed.
    Stmt missing(db,
                 "SELECT b.value FROM json_each(?1) b WHERE NOT EXISTS (SELECT 1 FROM jobs j "
                 "WHERE j.id = b.value AND j.project_id = ?2 AND j.workspace_id = ?3) "
                 "OR b.value IN (SELECT id FROM deleted_jobs) ORDER BY b.key");
    missing.Bind(1, batch).Bind(2, scope.project_id).Bind(3, scope.workspace_id);
    while (missing.Step()) out.missing.push_back(missing.Int(0));
    if (!missing.status().ok()) return missing.status();
    if (!out.missing.empty()) return Status::Ok();  // all or nothing: the transaction rolls back

    Stmt running(db,
                 "SELECT id FROM instances WHERE run_status = 'RUNNING' AND job_id IN "
                 "(SELECT value FROM json_each(?1))");
    running.Bind(1, batch);
    while (running.Step()) out.cancelled.push_back(running.Int(0));
    if (!running.status().ok()) return running.status();
    Stmt fail(db,
              "UPDATE instances SET run_status = 'FAILED', failure_reason = 'job deleted', "
              "end_time = ?2 WHERE run_status = 'RUNNING' AND job_id IN "
              "(SELECT value FROM json_each(?1))");
    Status s = fail.Bind(1, batch).Bind(2, NowMillis()).Run();
    if (!s.ok()) return s;
    // The jobs are gone from here on: every read skips deleted_jobs. Marking them is a write of
    // a few pages; removing 1,000 scattered jobs with their rules and name-index entries dirties
    // thousands, so the purge does that later in small batches.
    Stmt mark(db, "INSERT INTO deleted_jobs (id) SELECT value FROM json_each(?1)");
    s = mark.Bind(1, batch).Run();
    if (!s.ok()) return s;
    TestHookInsideDelete(ids.size());
    return txn.Commit();
  });
  if (!status.ok()) return status;
  if (out.missing.empty()) WakeMaintenance();
  return out;
}

Status SqliteStore::PurgeDeletedNamed(Db& db, const std::string& workspace_id,
                                      const std::string& name) {
  Stmt st(db,
          "SELECT j.id FROM jobs j JOIN deleted_jobs d ON d.id = j.id "
          "WHERE j.workspace_id = ? AND j.name = ?");
  if (!st.Bind(1, workspace_id).Bind(2, name).Step()) return st.status();
  return PurgeJobs(db, "[" + std::to_string(st.Int(0)) + "]");
}

Status SqliteStore::PurgeJobs(Db& db, const std::string& ids_json) {
  for (const char* sql :
       {"DELETE FROM rules WHERE job_id IN (SELECT value FROM json_each(?1))",
        "DELETE FROM jobs WHERE id IN (SELECT value FROM json_each(?1))",
        "DELETE FROM deleted_jobs WHERE id IN (SELECT value FROM json_each(?1))"}) {
    Stmt st(db, sql);
    Status s = st.Bind(1, ids_json).Run();
    if (!s.ok()) return s;
  }
  return Status::Ok();
}

Result<int> SqliteStore::PurgeSomeDeletedJobs(int limit) {
  return WithWriter([&](Db& db) -> Result<int> {
    Transaction txn(db);
    if (!txn.status().ok()) return txn.status();
    Stmt pick(db, "SELECT id FROM deleted_jobs LIMIT ?");
    pick.Bind(1, static_cast<int64_t>(limit));
    std::vector<int64_t> ids;
    while (pick.Step()) ids.push_back(pick.Int(0));
    if (!pick.status().ok()) return pick.status();
    if (ids.empty()) return 0;
    Status s = PurgeJobs(db, IdsJson(ids));
    if (!s.ok()) return s;
    s = txn.Commit();
    if (!s.ok()) return s;
    return static_cast<int>(ids.size());
  });
}

}  // namespace dqc
