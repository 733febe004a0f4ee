// Workspaces, users, memberships and tokens in the SQLite store.
#include "core/id_generator.h"
#include "core/secrets.h"
#include "store/sqlite/sqlite_store.h"

namespace dqc {

using sqlite::Db;
using sqlite::Stmt;
using sqlite::Transaction;

Result<std::string> SqliteStore::CreateWorkspace(const std::string& project_id,
                                                 const std::string& name) {
  return WithWriter([&](Db& db) -> Result<std::string> {
    std::string id = RandomHex(16);
    Stmt st(db, "INSERT INTO workspaces (id, project_id, name, create_time) VALUES (?, ?, ?, ?)");
    Status s = st.Bind(1, id).Bind(2, project_id).Bind(3, name).Bind(4, NowMillis()).Run();
    if (s.code() == Status::Code::kConflict) {
      return Status::Conflict("a workspace named '" + name + "' already exists in the project");
    }
    if (!s.ok()) return s;
    return id;
  });
}

Result<Workspace> SqliteStore::GetWorkspace(const std::string& workspace_id) {
  return WithReader([&](Db& db) -> Result<Workspace> {
    Stmt st(db, "SELECT id, project_id, name FROM workspaces WHERE id = ?");
    if (!st.Bind(1, workspace_id).Step()) {
      return st.status().ok() ? Status::NotFound("workspace " + workspace_id) : st.status();
    }
    return Workspace{st.Text(0), st.Text(1), st.Text(2)};
  });
}

Status SqliteStore::Grant(const std::string& workspace_id, const std::string& user, Role role) {
  return WithWriter([&](Db& db) -> Status {
    Transaction txn(db);
    if (!txn.status().ok()) return txn.status();
    Stmt ws(db,
            "SELECT 1 FROM workspaces w JOIN users u ON u.project_id = w.project_id "
            "WHERE w.id = ? AND u.name = ?");
    if (!ws.Bind(1, workspace_id).Bind(2, user).Step()) {
      return ws.status().ok() ? Status::NotFound("no workspace " + workspace_id + " with a user '" +
                                                 user + "' in its project")
                              : ws.status();
    }
    Stmt st(db,
            "INSERT INTO memberships (workspace_id, user_name, role) VALUES (?, ?, ?) "
            "ON CONFLICT (workspace_id, user_name) DO UPDATE SET role = excluded.role");
    Status s = st.Bind(1, workspace_id).Bind(2, user).Bind(3, static_cast<int64_t>(role)).Run();
    return s.ok() ? txn.Commit() : s;
  });
}

Status SqliteStore::Revoke(const std::string& workspace_id, const std::string& user) {
  return WithWriter([&](Db& db) -> Status {
    Stmt st(db, "DELETE FROM memberships WHERE workspace_id = ? AND user_name = ?");
    Status s = st.Bind(1, workspace_id).Bind(2, user).Run();
    if (s.ok() && db.Changes() == 0) {
      return Status::NotFound("'" + user + "' is not a member of workspace " + workspace_id);
    }
    return s;
  });
}

Result<std::optional<Role>> SqliteStore::GetRole(const std::string& workspace_id,
                                                 const std::string& user) {
  return WithReader([&](Db& db) -> Result<std::optional<Role>> {
    Stmt st(db, "SELECT role FROM memberships WHERE workspace_id = ? AND user_name = ?");
    if (!st.Bind(1, workspace_id).Bind(2, user).Step()) {
      if (!st.status().ok()) return st.status();
      return std::optional<Role>();
    }
    return std::optional<Role>(static_cast<Role>(st.Int(0)));
  });
}

Status SqliteStore::CreateUser(const User& user) {
  return WithWriter([&](Db& db) -> Status {
    Stmt st(db, "INSERT INTO users (project_id, name, password_hash) VALUES (?, ?, ?)");
    Status s = st.Bind(1, user.project_id).Bind(2, user.name).Bind(3, user.password_hash).Run();
    if (s.code() == Status::Code::kConflict) {
      return Status::Conflict("user '" + user.name + "' already exists in the project");
    }
    return s;
  });
}

Status SqliteStore::DeleteUser(const std::string& project_id, const std::string& name) {
  return WithWriter([&](Db& db) -> Status {
    Transaction txn(db);
    if (!txn.status().ok()) return txn.status();
    Stmt del(db, "DELETE FROM users WHERE project_id = ? AND name = ?");
    Status s = del.Bind(1, project_id).Bind(2, name).Run();
    if (!s.ok()) return s;
    if (db.Changes() == 0) return Status::NotFound("no user '" + name + "' in the project");
    // The user's tokens end and memberships go with the user.
    Stmt tokens(db, "UPDATE tokens SET revoked = 1 WHERE project_id = ? AND user_name = ?");
    s = tokens.Bind(1, project_id).Bind(2, name).Run();
    if (!s.ok()) return s;
    Stmt members(db,
                 "DELETE FROM memberships WHERE user_name = ? AND workspace_id IN "
                 "(SELECT id FROM workspaces WHERE project_id = ?)");
    s = members.Bind(1, name).Bind(2, project_id).Run();
    return s.ok() ? txn.Commit() : s;
  });
}

Result<User> SqliteStore::GetUser(const std::string& project_id, const std::string& name) {
  return WithReader([&](Db& db) -> Result<User> {
    Stmt st(db, "SELECT password_hash FROM users WHERE project_id = ? AND name = ?");
    if (!st.Bind(1, project_id).Bind(2, name).Step()) {
      return st.status().ok() ? Status::NotFound("no user '" + name + "'") : st.status();
    }
    return User{project_id, name, st.Text(0)};
  });
}

Status SqliteStore::SaveToken(const std::string& token_hash, const TokenRecord& record) {
  return WithWriter([&](Db& db) -> Status {
    Stmt st(db,
            "INSERT INTO tokens (hash, project_id, user_name, expires_at, revoked) "
            "VALUES (?, ?, ?, ?, 0)");
    return st.Bind(1, token_hash)
        .Bind(2, record.project_id)
        .Bind(3, record.user_name)
        .Bind(4, record.expires_at_ms)
        .Run();
  });
}

Status SqliteStore::RevokeToken(const std::string& token_hash) {
  return WithWriter([&](Db& db) -> Status {
    Stmt st(db, "UPDATE tokens SET revoked = 1 WHERE hash = ?");
    Status s = st.Bind(1, token_hash).Run();
    if (s.ok() && db.Changes() == 0) return Status::NotFound("no such token");
    return s;
  });
}

Result<TokenRecord> SqliteStore::GetToken(const std::string& token_hash) {
  return WithReader([&](Db& db) -> Result<TokenRecord> {
    Stmt st(db, "SELECT project_id, user_name, expires_at, revoked FROM tokens WHERE hash = ?");
    if (!st.Bind(1, token_hash).Step()) {
      return st.status().ok() ? Status::NotFound("no such token") : st.status();
    }
    return TokenRecord{st.Text(0), st.Text(1), st.Int(2), st.Int(3) != 0};
  });
}

}  // namespace dqc
