// dqc: the comparison-job server and its operator commands (DESIGN §5).
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include "cli/commands.h"

namespace {

void AddStoreOptions(CLI::App* cmd, dqc::cli::StoreOptions& s) {
  auto* dir = cmd->add_option("--data-dir", s.data_dir, "data directory (the store is DIR/dqc.db)");
  auto* url = cmd->add_option("--store", s.store_url, "store URL, e.g. sqlite:/path/dqc.db");
  dir->excludes(url);
}

}  // namespace

int main(int argc, char** argv) {
  // Logs go to standard error: standard output carries only what operator commands print.
  spdlog::set_default_logger(spdlog::stderr_color_mt("dqc"));
  spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%l%$ %v");

  CLI::App app{"dqc: data-consistency comparison jobs with the DataArts Quality API"};
  app.require_subcommand(1);
  int rc = 0;

  dqc::cli::ServeOptions serve;
  auto* serve_cmd = app.add_subcommand("serve", "run the HTTP API server");
  AddStoreOptions(serve_cmd, serve.store);
  serve_cmd->add_option("--listen", serve.listen, "HOST:PORT to listen on")->capture_default_str();
  serve_cmd->add_option("--sqlite-root", serve.sqlite_roots,
                        "folder that SQLITE connections must lie under (repeatable)");
  serve_cmd->add_option("--tls-cert", serve.tls_cert, "PEM certificate chain: serve HTTPS");
  serve_cmd->add_option("--tls-key", serve.tls_key, "PEM private key for --tls-cert");
  serve_cmd->add_option("--secret-key-file", serve.secret_key_file,
                        "file holding the 64-hex-character key that encrypts connection passwords "
                        "(else $DQC_SECRET_KEY, else DATA_DIR/secret.key, generated)");
  serve_cmd->add_option("--workers", serve.workers, "threads that run instances")
      ->check(CLI::Range(1, 64))
      ->capture_default_str();
  serve_cmd->add_option("--http-threads", serve.http_threads, "threads that serve HTTP")
      ->check(CLI::Range(1, 64))
      ->capture_default_str();
  serve_cmd
      ->add_option("--server-number", serve.server_number,
                   "0..1023, distinct per server sharing a store (in every ID)")
      ->check(CLI::Range(0, 1023));
  serve_cmd->callback([&] { rc = dqc::cli::Serve(serve); });

  dqc::cli::StoreOptions store;
  std::string project, name, workspace, user, role, ttl = "24h";
  bool stdin_flag = false;

  auto* ws = app.add_subcommand("workspace", "manage workspaces and their members");
  ws->require_subcommand(1);
  auto* ws_create = ws->add_subcommand("create", "create a workspace; prints its ID");
  AddStoreOptions(ws_create, store);
  ws_create->add_option("--project", project)->required();
  ws_create->add_option("--name", name)->required();
  ws_create->callback([&] { rc = dqc::cli::WorkspaceCreate(store, project, name); });
  auto* ws_grant = ws->add_subcommand("grant", "give a user a role in a workspace");
  AddStoreOptions(ws_grant, store);
  ws_grant->add_option("--workspace", workspace)->required();
  ws_grant->add_option("--user", user)->required();
  ws_grant->add_option("--role", role)
      ->required()
      ->check(CLI::IsMember({"admin", "developer", "viewer"}));
  ws_grant->callback([&] { rc = dqc::cli::WorkspaceGrant(store, workspace, user, role); });
  auto* ws_revoke = ws->add_subcommand("revoke", "remove a user from a workspace");
  AddStoreOptions(ws_revoke, store);
  ws_revoke->add_option("--workspace", workspace)->required();
  ws_revoke->add_option("--user", user)->required();
  ws_revoke->callback([&] { rc = dqc::cli::WorkspaceRevoke(store, workspace, user); });

  auto* users = app.add_subcommand("user", "manage users");
  users->require_subcommand(1);
  auto* user_create = users->add_subcommand("create", "create a user (password on stdin)");
  AddStoreOptions(user_create, store);
  user_create->add_option("--project", project)->required();
  user_create->add_option("--name", name)->required();
  user_create->add_flag("--password-stdin", stdin_flag, "read the password from standard input")
      ->required();
  user_create->callback([&] { rc = dqc::cli::UserCreate(store, project, name); });
  auto* user_delete = users->add_subcommand("delete", "delete a user and end their tokens");
  AddStoreOptions(user_delete, store);
  user_delete->add_option("--project", project)->required();
  user_delete->add_option("--name", name)->required();
  user_delete->callback([&] { rc = dqc::cli::UserDelete(store, project, name); });

  auto* token = app.add_subcommand("token", "issue and revoke API tokens");
  token->require_subcommand(1);
  auto* issue = token->add_subcommand("issue", "issue a token; prints it");
  AddStoreOptions(issue, store);
  issue->add_option("--project", project)->required();
  issue->add_option("--user", user)->required();
  issue->add_option("--ttl", ttl, "lifetime: 90s, 15m, 24h, 7d")->capture_default_str();
  issue->callback([&] { rc = dqc::cli::TokenIssue(store, project, user, ttl); });
  auto* revoke = token->add_subcommand("revoke", "revoke the token read from stdin");
  AddStoreOptions(revoke, store);
  revoke->add_flag("--token-stdin", stdin_flag, "read the token from standard input")->required();
  revoke->callback([&] { rc = dqc::cli::TokenRevoke(store); });

  CLI11_PARSE(app, argc, argv);
  return rc;
}
