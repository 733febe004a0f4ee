// Job directories in the SQLite store.
#include "store/sqlite/sqlite_store.h"

namespace dqc {

using sqlite::Db;
using sqlite::Stmt;

Result<std::vector<Category>> SqliteStore::ListCategories(const Scope& scope) {
  return WithReader([&](Db& db) -> Result<std::vector<Category>> {
    Stmt st(db,
            "SELECT id, parent_id, name FROM categories WHERE project_id = ? AND workspace_id = ? "
            "ORDER BY create_time, id");
    st.Bind(1, scope.project_id).Bind(2, scope.workspace_id);
    std::vector<Category> out;
    while (st.Step()) out.push_back(Category{st.Int(0), st.Int(1), st.Text(2)});
    if (!st.status().ok()) return st.status();
    return out;
  });
}

Status SqliteStore::CreateCategory(const Scope& scope, const Category& c) {
  return WithWriter([&](Db& db) -> Status {
    sqlite::Transaction txn(db);
    if (!txn.status().ok()) return txn.status();
    // Depth of the parent: the root is level 0; a new directory may be at most level 7.
    int depth = 0;
    int64_t cursor = c.parent_id;
    while (cursor != 0) {
      Stmt up(db,
              "SELECT parent_id FROM categories WHERE id = ? AND project_id = ? AND "
              "workspace_id = ?");
      if (!up.Bind(1, cursor).Bind(2, scope.project_id).Bind(3, scope.workspace_id).Step()) {
        return up.status().ok()
                   ? Status::NotFound("parent directory " + std::to_string(c.parent_id))
                   : up.status();
      }
      cursor = up.Int(0);
      if (++depth > kMaxCategoryDepth) break;
    }
    if (depth + 1 > kMaxCategoryDepth) {
      return Status::Invalid("directories nest at most " + std::to_string(kMaxCategoryDepth) +
                             " levels below All");
    }
    Stmt st(db,
            "INSERT INTO categories (id, project_id, workspace_id, parent_id, name, create_time) "
            "VALUES (?, ?, ?, ?, ?, strftime('%s','now') * 1000)");
    Status s = st.Bind(1, c.id)
                   .Bind(2, scope.project_id)
                   .Bind(3, scope.workspace_id)
                   .Bind(4, c.parent_id)
                   .Bind(5, c.name)
                   .Run();
    if (s.code() == Status::Code::kConflict) {
      return Status::Conflict("a directory named '" + c.name + "' already exists there");
    }
    return s.ok() ? txn.Commit() : s;
  });
}

Status SqliteStore::DeleteCategory(const Scope& scope, int64_t id) {
  return WithWriter([&](Db& db) -> Status {
    sqlite::Transaction txn(db);
    if (!txn.status().ok()) return txn.status();
    Stmt children(db,
                  "SELECT (SELECT count(*) FROM categories WHERE parent_id = ?1 AND "
                  "workspace_id = ?2), (SELECT count(*) FROM jobs WHERE category_id = ?1 AND "
                  "workspace_id = ?2 AND id NOT IN (SELECT id FROM deleted_jobs)), "
                  "(SELECT count(*) FROM rule_templates WHERE category_id = ?1 AND "
                  "workspace_id = ?2)");
    if (!children.Bind(1, id).Bind(2, scope.workspace_id).Step()) return children.status();
    Stmt st(db, "DELETE FROM categories WHERE id = ? AND project_id = ? AND workspace_id = ?");
    Status s = st.Bind(1, id).Bind(2, scope.project_id).Bind(3, scope.workspace_id).Run();
    if (!s.ok()) return s;
    if (db.Changes() == 0) return Status::NotFound("directory " + std::to_string(id));
    if (children.Int(0) > 0 || children.Int(1) > 0 || children.Int(2) > 0) {
      std::string what = std::to_string(children.Int(0)) + " subdirectories, " +
                         std::to_string(children.Int(1)) + " jobs";
      if (children.Int(2) > 0) what += ", " + std::to_string(children.Int(2)) + " rule templates";
      return Status::Conflict("directory " + std::to_string(id) + " is not empty (" + what + ")");
    }
    return txn.Commit();
  });
}

}  // namespace dqc
