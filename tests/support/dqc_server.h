// DqcServer: a real `dqc serve` process for one test, with a throw-away data directory and the
// tenants of the black-box checks (DESIGN §5 operator commands), driven over HTTP on 127.0.0.1.
//
// Layout of the temporary root (mkdtemp under /tmp):
//   ROOT/server/        dqc's --data-dir (server.log and operator.log inside it)
//   ROOT/files/         files a test makes, such as SQLite sources (outside the data directory)
// The root is removed in the destructor unless DQC_TEST_KEEP=1 is set in the environment.
//
// Tenants made by Start() (unless ServerOptions::setup_tenants is false):
//   project P1 with workspaces WS1 and WS2, project P2 with WS3;
//   alice admin of WS1, vera viewer of WS1, dave developer of WS1, bob admin of WS2 (all in P1),
//   carol admin of WS3 (P2); a token for each; `revoked` (alice's, revoked) and `short_lived`
//   (alice's, --ttl 1s, issued at `short_lived_issued`). Passwords are "pw-<user>-123456".
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "support/http_client.h"

namespace dqctest {

inline constexpr const char* kP1 = "0833a5737480d53b2f25c010dc1a7b88";
inline constexpr const char* kP2 = "1944b6848591e64c3036d121ed2b8c99";

struct Tenants {
  std::string p1 = kP1, p2 = kP2;
  std::string ws1, ws2, ws3;
  std::string alice, vera, dave, bob, carol;  // tokens
  std::string revoked;                        // alice's, revoked
  std::string short_lived;                    // alice's, --ttl 1s
  std::chrono::steady_clock::time_point short_lived_issued;
};

struct ServerOptions {
  std::vector<std::string> extra_args;                   // appended to `dqc serve ...`
  std::vector<std::pair<std::string, std::string>> env;  // added to (or replacing) the environment
  bool setup_tenants = true;
  std::chrono::milliseconds start_timeout{10000};  // until GET /health answers 200
};

struct CommandResult {
  int exit_code = -1;  // -1: did not exit normally (signal, timeout, spawn failure)
  std::string out, err;
  std::string last_line;  // last non-empty stdout line, whitespace trimmed
};

class DqcServer {
 public:
  DqcServer();   // makes the temporary root; no process yet
  ~DqcServer();  // stops the server (SIGTERM, then SIGKILL) and removes the root
  DqcServer(const DqcServer&) = delete;
  DqcServer& operator=(const DqcServer&) = delete;

  // Makes the tenants (first call only) and starts the server; waits for GET /health == 200.
  // Returns "" on success, else what went wrong (with the server's log).
  std::string Start(ServerOptions options = {});
  // SIGTERM, then SIGKILL after `grace`. Returns the exit status as waitpid gave it (or -1).
  int Stop(std::chrono::milliseconds grace = std::chrono::milliseconds(10000));
  void Kill9();
  // Stops and starts again on the same port and data directory with the same options.
  std::string Restart();
  bool Running();

  std::string Log() const;  // the server's stdout+stderr so far
  int port() const { return port_; }
  pid_t pid() const { return pid_; }
  const std::string& root() const { return root_; }
  const std::string& data_dir() const { return data_dir_; }
  const std::string& files_dir() const { return files_dir_; }
  const Tenants& tenants() const { return tenants_; }

  // ---- operator CLI --------------------------------------------------------------------------
  // Runs DQC_BINARY with args, stdin_text on its standard input; bounded by `timeout`.
  CommandResult RunDqc(const std::vector<std::string>& args, const std::string& stdin_text = "",
                       std::chrono::milliseconds timeout = std::chrono::milliseconds(30000)) const;
  // `dqc token issue`; "" (and a gtest failure) when it fails.
  std::string IssueToken(const std::string& project, const std::string& user,
                         const std::string& ttl = "") const;

  // ---- HTTP ----------------------------------------------------------------------------------
  // One request. `token` / `workspace` become X-Auth-Token / workspace headers when given;
  // Content-Type application/json is sent with a non-empty body unless `extra` sets it.
  // An entry of `extra` with an empty value removes that header.
  HttpResponse Call(const std::string& method, const std::string& path,
                    const std::optional<std::string>& token,
                    const std::optional<std::string>& workspace, const std::string& body = "",
                    const Headers& extra = {}) const;

  // ---- fixtures for data ---------------------------------------------------------------------
  // Creates (replacing) a SQLite file and runs `sql` in it. False (and a gtest failure) on error.
  static bool CreateSqliteFile(const std::string& path, const std::string& sql);
  // A path under files_dir().
  std::string FilePath(const std::string& name) const { return files_dir_ + "/" + name; }

  // POST /v1/{project}/data-connections with a SQLITE config.
  HttpResponse PostSqliteConnection(const std::string& token, const std::string& workspace,
                                    const std::string& name, const std::string& path,
                                    const std::string& project = kP1) const;
  // As above; the new connection's ID, or "" (and a gtest failure).
  std::string CreateConnection(const std::string& token, const std::string& workspace,
                               const std::string& name, const std::string& path,
                               const std::string& project = kP1) const;

  // A sub-rule as the checks write it (SingleColumn when `column` is given, else SingleTable).
  static nlohmann::json Rule(const std::string& name, const nlohmann::json& template_id,
                             const std::string& connection, const std::string& table,
                             const std::string& column = "", const std::string& alarm = "");
  // One rule pair on table `table`: [source with `alarm`, target without], template 1 (rows).
  static nlohmann::json RowsPair(const std::string& connection, const std::string& table = "t",
                                 const std::string& alarm = "${1_1}!=${2_1}");
  // The body of a job create: name, description, category_id 0, level MAJOR, schedule_type ONCE,
  // sub_rules = pairs; `extra` fields override.
  static nlohmann::json JobBody(const std::string& name, const nlohmann::json& pairs,
                                const nlohmann::json& extra = nlohmann::json::object());
  // POST /v2/{project}/quality/consistency-tasks with JobBody(...).
  HttpResponse PostJob(const std::string& token, const std::string& workspace,
                       const std::string& name, const nlohmann::json& pairs,
                       const nlohmann::json& extra = nlohmann::json::object(),
                       const std::string& project = kP1) const;
  // As above; the job ID, or 0 (and a gtest failure).
  std::int64_t CreateJob(const std::string& token, const std::string& workspace,
                         const std::string& name, const nlohmann::json& pairs,
                         const nlohmann::json& extra = nlohmann::json::object(),
                         const std::string& project = kP1) const;

  // `count` of GET .../consistency-tasks?limit=1, or -1 when the list does not answer 200.
  std::int64_t JobCount(const std::string& token, const std::string& workspace,
                        const std::string& project = kP1) const;
  // Status of GET .../consistency-tasks/{id}.
  int JobStatus(const std::string& id, const std::string& token, const std::string& workspace,
                const std::string& project = kP1) const;

 private:
  std::string SetupTenants();
  bool CopyTenantsFromCache();  // false when there is no cache yet (or it cannot be used)
  void PublishTenantCache() const;
  std::string Launch();
  std::string WaitHealthy(std::chrono::milliseconds timeout);

  std::string root_, data_dir_, files_dir_, log_path_, op_log_path_;
  ServerOptions options_;
  Tenants tenants_;
  bool tenants_made_ = false;
  int port_ = 0;
  pid_t pid_ = -1;
};

// Picks a free TCP port on 127.0.0.1 (binds port 0 and closes the socket).
int FreePort();

// Paths of the project's binary and sources (from the build's compile definitions).
std::string DqcBinary();
std::string SourceDir();

}  // namespace dqctest
