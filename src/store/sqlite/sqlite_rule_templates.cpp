// User rule templates in the SQLite store. The searchable fields are columns; the rest of the
// definition is one JSON text, as jobs keep theirs.
#include <nlohmann/json.hpp>

#include "store/sqlite/sqlite_store.h"

namespace dqc {

using nlohmann::json;
using sqlite::Db;
using sqlite::Stmt;

namespace {

constexpr const char* kColumns =
    "SELECT id, project_id, workspace_id, name, category_id, create_time, creator, definition "
    "FROM rule_templates ";

std::string Definition(const RuleTemplate& t) {
  return json{{"dimension", t.dimension},
              {"type", t.type},
              {"sql_info", t.sql_info},
              {"result_description", t.result_description},
              {"abnormal_table_template", t.abnormal_table_template},
              {"description", t.description}}
      .dump();
}

RuleTemplate ReadTemplate(const Stmt& st) {
  RuleTemplate t;
  t.id = st.Int(0);
  t.project_id = st.Text(1);
  t.workspace_id = st.Text(2);
  t.name = st.Text(3);
  t.category_id = st.Int(4);
  t.create_time = st.Int(5);
  t.creator = st.Text(6);
  json d = json::parse(st.Text(7), nullptr, false);
  auto text = [&](const char* key) {
    return d.is_object() && d.contains(key) && d[key].is_string() ? d[key].get<std::string>()
                                                                  : std::string();
  };
  t.dimension = text("dimension");
  t.type = text("type");
  t.sql_info = text("sql_info");
  t.result_description = text("result_description");
  t.abnormal_table_template = text("abnormal_table_template");
  t.description = text("description");
  return t;
}

Status NameTaken(const RuleTemplate& t) {
  return Status::Conflict("a rule template named '" + t.name +
                          "' already exists in this workspace");
}

}  // namespace

Result<int64_t> SqliteStore::CreateRuleTemplate(const RuleTemplate& t) {
  return WithWriter([&](Db& db) -> Result<int64_t> {
    Stmt st(db,
            "INSERT INTO rule_templates (project_id, workspace_id, name, category_id, create_time, "
            "creator, definition) VALUES (?, ?, ?, ?, ?, ?, ?)");
    Status s = st.Bind(1, t.project_id)
                   .Bind(2, t.workspace_id)
                   .Bind(3, t.name)
                   .Bind(4, t.category_id)
                   .Bind(5, t.create_time)
                   .Bind(6, t.creator)
                   .Bind(7, Definition(t))
                   .Run();
    if (s.code() == Status::Code::kConflict) return NameTaken(t);
    if (!s.ok()) return s;
    return static_cast<int64_t>(sqlite3_last_insert_rowid(db.raw()));
  });
}

Status SqliteStore::UpdateRuleTemplate(const Scope& scope, const RuleTemplate& t) {
  return WithWriter([&](Db& db) -> Status {
    Stmt st(db,
            "UPDATE rule_templates SET name = ?, category_id = ?, definition = ? "
            "WHERE id = ? AND project_id = ? AND workspace_id = ?");
    Status s = st.Bind(1, t.name)
                   .Bind(2, t.category_id)
                   .Bind(3, Definition(t))
                   .Bind(4, t.id)
                   .Bind(5, scope.project_id)
                   .Bind(6, scope.workspace_id)
                   .Run();
    if (s.code() == Status::Code::kConflict) return NameTaken(t);
    if (s.ok() && db.Changes() == 0)
      return Status::NotFound("rule template " + std::to_string(t.id));
    return s;
  });
}

Result<RuleTemplate> SqliteStore::GetRuleTemplate(const Scope& scope, int64_t id) {
  return WithReader([&](Db& db) -> Result<RuleTemplate> {
    Stmt st(db, std::string(kColumns) + "WHERE id = ? AND project_id = ? AND workspace_id = ?");
    if (!st.Bind(1, id).Bind(2, scope.project_id).Bind(3, scope.workspace_id).Step()) {
      return st.status().ok() ? Status::NotFound("rule template " + std::to_string(id))
                              : st.status();
    }
    return ReadTemplate(st);
  });
}

Result<Page<RuleTemplate>> SqliteStore::ListRuleTemplates(const Scope& scope,
                                                          const RuleTemplateFilter& f) {
  return WithReader([&](Db& db) -> Result<Page<RuleTemplate>> {
    // Numbered parameters, so the same WHERE serves the count and the page.
    std::string where = " WHERE project_id = ?1 AND workspace_id = ?2";
    if (f.category_id) {
      where +=
          " AND category_id IN (WITH RECURSIVE sub(id) AS (SELECT ?3 UNION ALL "
          "SELECT c.id FROM categories c JOIN sub ON c.parent_id = sub.id "
          "WHERE c.workspace_id = ?2) SELECT id FROM sub)";
    }
    if (f.name) where += " AND instr(lower(name), lower(?4)) > 0";
    if (f.creator) where += " AND creator = ?5";
    auto bind = [&](Stmt& st) {
      st.Bind(1, scope.project_id).Bind(2, scope.workspace_id);
      if (f.category_id) st.Bind(3, *f.category_id);
      if (f.name) st.Bind(4, *f.name);
      if (f.creator) st.Bind(5, *f.creator);
    };
    sqlite::ReadTransaction snapshot(db);
    Page<RuleTemplate> page;
    Stmt count(db, "SELECT count(*) FROM rule_templates" + where);
    if (!count.ok()) return count.status();
    bind(count);
    if (!count.Step()) return count.status();
    page.count = count.Int(0);
    Stmt st(db, std::string(kColumns) + where +
                    " ORDER BY create_time DESC, id DESC LIMIT ?6 OFFSET ?7");
    if (!st.ok()) return st.status();
    bind(st);
    st.Bind(6, static_cast<int64_t>(f.limit)).Bind(7, f.offset);
    while (st.Step()) page.items.push_back(ReadTemplate(st));
    if (!st.status().ok()) return st.status();
    return page;
  });
}

Result<Store::TemplateDeleteOutcome> SqliteStore::DeleteRuleTemplates(
    const Scope& scope, const std::vector<int64_t>& ids) {
  TemplateDeleteOutcome out;
  Status status = WithWriter([&](Db& db) -> Status {
    sqlite::Transaction txn(db);
    if (!txn.status().ok()) return txn.status();
    Stmt exists(db,
                "SELECT 1 FROM rule_templates WHERE id = ? AND project_id = ? AND "
                "workspace_id = ?");
    // Jobs of the same workspace only: a template is visible to no other.
    Stmt used(db,
              "SELECT r.job_id FROM rules r JOIN jobs j ON j.id = r.job_id "
              "WHERE json_extract(r.definition, '$.template_id') = ? AND j.workspace_id = ? "
              "AND r.job_id NOT IN (SELECT id FROM deleted_jobs) ORDER BY r.job_id LIMIT 1");
    for (int64_t id : ids) {
      exists.Reset();
      if (!exists.Bind(1, id).Bind(2, scope.project_id).Bind(3, scope.workspace_id).Step()) {
        if (!exists.status().ok()) return exists.status();
        out.missing.push_back(id);
        continue;
      }
      used.Reset();
      if (used.Bind(1, id).Bind(2, scope.workspace_id).Step()) {
        out.in_use.emplace_back(id, used.Int(0));
      } else if (!used.status().ok()) {
        return used.status();
      }
    }
    if (!out.missing.empty() || !out.in_use.empty()) return Status::Ok();  // rolls back
    Stmt del(db, "DELETE FROM rule_templates WHERE id = ? AND project_id = ? AND workspace_id = ?");
    for (int64_t id : ids) {
      del.Reset();
      Status s = del.Bind(1, id).Bind(2, scope.project_id).Bind(3, scope.workspace_id).Run();
      if (!s.ok()) return s;
    }
    return txn.Commit();
  });
  if (!status.ok()) return status;
  return out;
}

}  // namespace dqc
