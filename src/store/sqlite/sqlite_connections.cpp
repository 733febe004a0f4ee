// Data connections in the SQLite store.
#include "store/sqlite/sqlite_store.h"

namespace dqc {

using sqlite::Db;
using sqlite::Stmt;

namespace {
Connection ReadConnection(const Stmt& st) {
  Connection c;
  c.id = st.Text(0);
  c.project_id = st.Text(1);
  c.workspace_id = st.Text(2);
  c.name = st.Text(3);
  c.type = st.Text(4);
  c.config_json = st.Text(5);
  c.create_time = st.Int(6);
  c.creator = st.Text(7);
  return c;
}
constexpr const char* kColumns =
    "SELECT id, project_id, workspace_id, name, type, config, create_time, creator "
    "FROM connections ";
}  // namespace

Status SqliteStore::CreateConnection(const Connection& c) {
  return WithWriter([&](Db& db) -> Status {
    Stmt st(db,
            "INSERT INTO connections (id, project_id, workspace_id, name, type, config, "
            "create_time, creator) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    Status s = st.Bind(1, c.id)
                   .Bind(2, c.project_id)
                   .Bind(3, c.workspace_id)
                   .Bind(4, c.name)
                   .Bind(5, c.type)
                   .Bind(6, c.config_json)
                   .Bind(7, c.create_time)
                   .Bind(8, c.creator)
                   .Run();
    if (s.code() == Status::Code::kConflict) {
      return Status::Conflict("a data connection named '" + c.name + "' already exists");
    }
    return s;
  });
}

Status SqliteStore::UpdateConnection(const Scope& scope, const Connection& c) {
  return WithWriter([&](Db& db) -> Status {
    Stmt st(db,
            "UPDATE connections SET name = ?, type = ?, config = ? "
            "WHERE id = ? AND project_id = ? AND workspace_id = ?");
    Status s = st.Bind(1, c.name)
                   .Bind(2, c.type)
                   .Bind(3, c.config_json)
                   .Bind(4, c.id)
                   .Bind(5, scope.project_id)
                   .Bind(6, scope.workspace_id)
                   .Run();
    if (s.code() == Status::Code::kConflict) {
      return Status::Conflict("a data connection named '" + c.name + "' already exists");
    }
    if (s.ok() && db.Changes() == 0) return Status::NotFound("data connection " + c.id);
    return s;
  });
}

Result<Connection> SqliteStore::GetConnection(const Scope& scope, const std::string& id) {
  return WithReader([&](Db& db) -> Result<Connection> {
    Stmt st(db, std::string(kColumns) + "WHERE id = ? AND project_id = ? AND workspace_id = ?");
    if (!st.Bind(1, id).Bind(2, scope.project_id).Bind(3, scope.workspace_id).Step()) {
      return st.status().ok() ? Status::NotFound("data connection " + id) : st.status();
    }
    return ReadConnection(st);
  });
}

Result<std::vector<Connection>> SqliteStore::ListConnections(const Scope& scope) {
  return WithReader([&](Db& db) -> Result<std::vector<Connection>> {
    Stmt st(db, std::string(kColumns) +
                    "WHERE project_id = ? AND workspace_id = ? ORDER BY create_time, id");
    st.Bind(1, scope.project_id).Bind(2, scope.workspace_id);
    std::vector<Connection> out;
    while (st.Step()) out.push_back(ReadConnection(st));
    if (!st.status().ok()) return st.status();
    return out;
  });
}

Status SqliteStore::DeleteConnection(const Scope& scope, const std::string& id) {
  return WithWriter([&](Db& db) -> Status {
    sqlite::Transaction txn(db);
    if (!txn.status().ok()) return txn.status();
    Stmt used(db,
              "SELECT count(*) FROM rules WHERE connection_id = ? AND job_id NOT IN "
              "(SELECT id FROM deleted_jobs)");
    if (!used.Bind(1, id).Step()) return used.status();
    if (used.Int(0) > 0) {
      return Status::Conflict("data connection " + id + " is used by " +
                              std::to_string(used.Int(0)) + " rule(s) of comparison jobs");
    }
    Stmt st(db, "DELETE FROM connections WHERE id = ? AND project_id = ? AND workspace_id = ?");
    Status s = st.Bind(1, id).Bind(2, scope.project_id).Bind(3, scope.workspace_id).Run();
    if (!s.ok()) return s;
    if (db.Changes() == 0) return Status::NotFound("data connection " + id);
    return txn.Commit();
  });
}

}  // namespace dqc
