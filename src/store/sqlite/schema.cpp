#include "store/sqlite/schema.h"

namespace dqc::sqlite {

const std::vector<const char*>& Migrations() {
  static const std::vector<const char*> kMigrations = {
      // 1: the first vertical slice.
      R"sql(
CREATE TABLE workspaces (
  id TEXT PRIMARY KEY, project_id TEXT NOT NULL, name TEXT NOT NULL, create_time INTEGER NOT NULL,
  UNIQUE (project_id, name));
CREATE TABLE users (
  project_id TEXT NOT NULL, name TEXT NOT NULL, password_hash TEXT NOT NULL,
  PRIMARY KEY (project_id, name));
CREATE TABLE memberships (
  workspace_id TEXT NOT NULL REFERENCES workspaces(id), user_name TEXT NOT NULL,
  role INTEGER NOT NULL, PRIMARY KEY (workspace_id, user_name));
CREATE TABLE tokens (
  hash TEXT PRIMARY KEY, project_id TEXT NOT NULL, user_name TEXT NOT NULL,
  expires_at INTEGER NOT NULL, revoked INTEGER NOT NULL DEFAULT 0);
CREATE INDEX tokens_by_user ON tokens (project_id, user_name);

CREATE TABLE connections (
  id TEXT PRIMARY KEY, project_id TEXT NOT NULL, workspace_id TEXT NOT NULL, name TEXT NOT NULL,
  type TEXT NOT NULL, config TEXT NOT NULL, create_time INTEGER NOT NULL, creator TEXT NOT NULL,
  UNIQUE (workspace_id, name));

CREATE TABLE categories (
  id INTEGER PRIMARY KEY, project_id TEXT NOT NULL, workspace_id TEXT NOT NULL,
  parent_id INTEGER NOT NULL, name TEXT NOT NULL, create_time INTEGER NOT NULL,
  UNIQUE (workspace_id, parent_id, name));

CREATE TABLE jobs (
  id INTEGER PRIMARY KEY, project_id TEXT NOT NULL, workspace_id TEXT NOT NULL,
  name TEXT NOT NULL, category_id INTEGER NOT NULL, schedule_status TEXT NOT NULL,
  schedule_period TEXT, schedule_interval TEXT, create_time INTEGER NOT NULL,
  last_run_time INTEGER, creator TEXT NOT NULL, run_count INTEGER NOT NULL DEFAULT 0,
  settings TEXT NOT NULL,
  UNIQUE (workspace_id, name));
CREATE INDEX jobs_by_time ON jobs (workspace_id, project_id, create_time DESC, id DESC);
CREATE INDEX jobs_by_category ON jobs (workspace_id, category_id);
-- A trigram index so a case-insensitive substring filter on names does not scan every job.
CREATE VIRTUAL TABLE job_names USING fts5 (name, tokenize = 'trigram');
CREATE TRIGGER jobs_name_insert AFTER INSERT ON jobs BEGIN
  INSERT INTO job_names (rowid, name) VALUES (new.id, new.name);
END;
CREATE TRIGGER jobs_name_update AFTER UPDATE OF name ON jobs BEGIN
  DELETE FROM job_names WHERE rowid = old.id;
  INSERT INTO job_names (rowid, name) VALUES (new.id, new.name);
END;
CREATE TRIGGER jobs_name_delete AFTER DELETE ON jobs BEGIN
  DELETE FROM job_names WHERE rowid = old.id;
END;

CREATE TABLE rules (
  id INTEGER PRIMARY KEY, job_id INTEGER NOT NULL, pair_index INTEGER NOT NULL,
  side INTEGER NOT NULL, connection_id TEXT NOT NULL, definition TEXT NOT NULL);
CREATE INDEX rules_by_job ON rules (job_id);
CREATE INDEX rules_by_connection ON rules (connection_id);

-- Instances outlive their jobs: the history stays listable after a delete.
CREATE TABLE instances (
  id INTEGER PRIMARY KEY, project_id TEXT NOT NULL, workspace_id TEXT NOT NULL,
  job_id INTEGER NOT NULL, name TEXT NOT NULL, task_type TEXT NOT NULL, run_status TEXT NOT NULL,
  notify_status TEXT NOT NULL, start_time INTEGER NOT NULL, end_time INTEGER,
  failure_reason TEXT);
CREATE INDEX instances_by_time ON instances (workspace_id, project_id, start_time DESC, id DESC);
CREATE INDEX instances_running ON instances (job_id) WHERE run_status = 'RUNNING';
CREATE TABLE instance_results (
  instance_id INTEGER NOT NULL, pair_index INTEGER NOT NULL, sub_rule_id TEXT NOT NULL,
  sub_instance_id TEXT NOT NULL, rows TEXT NOT NULL, PRIMARY KEY (instance_id, pair_index));
)sql",
      // 2: batch delete marks jobs deleted (a small write, so a 1,000-ID delete stays fast and
      // atomic); a background purge removes their rows, rules and name-index entries later.
      R"sql(
CREATE TABLE deleted_jobs (id INTEGER PRIMARY KEY);
)sql",
      // 3: user rule templates. AUTOINCREMENT never hands out an ID twice, and the sequence
      // starts past the IDs kept for system templates (core/rule_template.h). Rules find their
      // template through an index on the stored definition, for the "in use" check of a delete.
      R"sql(
CREATE TABLE rule_templates (
  id INTEGER PRIMARY KEY AUTOINCREMENT, project_id TEXT NOT NULL, workspace_id TEXT NOT NULL,
  name TEXT NOT NULL, category_id INTEGER NOT NULL, create_time INTEGER NOT NULL,
  creator TEXT NOT NULL, definition TEXT NOT NULL,
  UNIQUE (workspace_id, name));
CREATE INDEX rule_templates_by_time
  ON rule_templates (workspace_id, project_id, create_time DESC, id DESC);
INSERT INTO sqlite_sequence (name, seq) VALUES ('rule_templates', 1000000);
CREATE INDEX rules_by_template ON rules (json_extract(definition, '$.template_id'));
)sql",
  };
  return kMigrations;
}

}  // namespace dqc::sqlite
