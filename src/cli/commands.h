// The `dqc` subcommands (DESIGN §5): the server and the operator commands. Operator commands print
// only the ID or token they make on standard output; logs go to standard error.
#pragma once

#include <string>
#include <vector>

namespace dqc::cli {

struct StoreOptions {
  std::string data_dir;  // the store is DATA_DIR/dqc.db unless store_url is set
  std::string store_url;
  std::string StoreUrl() const;
};

struct ServeOptions {
  StoreOptions store;
  std::string listen = "127.0.0.1:8080";
  std::vector<std::string> sqlite_roots;
  std::string tls_cert, tls_key;
  std::string secret_key_file;  // else DQC_SECRET_KEY, else DATA_DIR/secret.key (cli/secret_key.h)
  int workers = 2;
  unsigned http_threads = 2;
  uint32_t server_number = 0;
};

int Serve(const ServeOptions& options);

int WorkspaceCreate(const StoreOptions& s, const std::string& project, const std::string& name);
int WorkspaceGrant(const StoreOptions& s, const std::string& workspace, const std::string& user,
                   const std::string& role);
int WorkspaceRevoke(const StoreOptions& s, const std::string& workspace, const std::string& user);
int UserCreate(const StoreOptions& s, const std::string& project, const std::string& name);
int UserDelete(const StoreOptions& s, const std::string& project, const std::string& name);
int TokenIssue(const StoreOptions& s, const std::string& project, const std::string& user,
               const std::string& ttl);
int TokenRevoke(const StoreOptions& s);

}  // namespace dqc::cli
