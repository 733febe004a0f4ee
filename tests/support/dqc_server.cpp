#include "support/dqc_server.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

extern char** environ;

#ifndef DQC_BINARY
#error "DQC_BINARY must name the dqc binary under test"
#endif
#ifndef DQC_SOURCE_DIR
#error "DQC_SOURCE_DIR must name the source tree"
#endif

namespace dqctest {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

std::string Trimmed(const std::string& s) {
  std::size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  std::size_t e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

std::string LastNonEmptyLine(const std::string& out) {
  std::istringstream in(out);
  std::string line, last;
  while (std::getline(in, line)) {
    std::string t = Trimmed(line);
    if (!t.empty()) last = t;
  }
  return last;
}

std::string Tail(const std::string& text, std::size_t max_chars = 4000) {
  return text.size() <= max_chars ? text : "..." + text.substr(text.size() - max_chars);
}

std::string Joined(const std::vector<std::string>& args) {
  std::string s;
  for (const auto& a : args) s += (s.empty() ? "" : " ") + a;
  return s;
}

// The current environment with `overrides` applied, as KEY=VALUE strings.
std::vector<std::string> Environment(
    const std::vector<std::pair<std::string, std::string>>& overrides) {
  std::vector<std::string> env;
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
    std::string entry(*e);
    bool replaced = false;
    for (const auto& [k, v] : overrides) replaced = replaced || entry.rfind(k + "=", 0) == 0;
    if (!replaced) env.push_back(std::move(entry));
  }
  for (const auto& [k, v] : overrides) env.push_back(k + "=" + v);
  return env;
}

std::vector<char*> CStrings(std::vector<std::string>& v) {
  std::vector<char*> out;
  for (auto& s : v) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

void IgnoreSigpipeOnce() {
  static const bool done = [] {
    ::signal(SIGPIPE, SIG_IGN);
    return true;
  }();
  (void)done;
}

bool WaitExit(pid_t pid, milliseconds bound, int* status) {
  const auto deadline = Clock::now() + bound;
  for (;;) {
    pid_t r = ::waitpid(pid, status, WNOHANG);
    if (r == pid) return true;
    if (r < 0 && errno != EINTR) return true;  // not our child any more
    if (Clock::now() >= deadline) return false;
    std::this_thread::sleep_for(milliseconds(10));
  }
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

std::string DqcBinary() {
  return DQC_BINARY;
}
std::string SourceDir() {
  return DQC_SOURCE_DIR;
}

int FreePort() {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return 0;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  int port = 0;
  socklen_t len = sizeof addr;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
    port = ntohs(addr.sin_port);
  }
  ::close(fd);
  return port;
}

DqcServer::DqcServer() {
  IgnoreSigpipeOnce();
  char tmpl[] = "/tmp/dqc-test.XXXXXX";
  if (::mkdtemp(tmpl) == nullptr)
    throw std::runtime_error(std::string("mkdtemp: ") + std::strerror(errno));
  root_ = tmpl;
  data_dir_ = root_ + "/server";
  files_dir_ = root_ + "/files";
  std::filesystem::create_directories(data_dir_);
  std::filesystem::create_directories(files_dir_);
  log_path_ = data_dir_ + "/server.log";
  op_log_path_ = data_dir_ + "/operator.log";
}

DqcServer::~DqcServer() {
  if (pid_ > 0) Stop(milliseconds(5000));
  const char* keep = std::getenv("DQC_TEST_KEEP");
  if (keep != nullptr && std::string(keep) == "1") {
    std::fprintf(stderr, "[dqc test] kept %s\n", root_.c_str());
    return;
  }
  std::error_code ec;
  std::filesystem::remove_all(root_, ec);
}

CommandResult DqcServer::RunDqc(const std::vector<std::string>& args, const std::string& stdin_text,
                                milliseconds timeout) const {
  CommandResult result;
  std::vector<std::string> argv_s{DqcBinary()};
  argv_s.insert(argv_s.end(), args.begin(), args.end());
  std::vector<std::string> env_s = Environment(options_.env);
  std::vector<char*> argv = CStrings(argv_s);
  std::vector<char*> envp = CStrings(env_s);

  int in[2], out[2], err[2];
  if (::pipe2(in, O_CLOEXEC) != 0 || ::pipe2(out, O_CLOEXEC) != 0 || ::pipe2(err, O_CLOEXEC) != 0) {
    result.err = std::string("pipe: ") + std::strerror(errno);
    return result;
  }
  pid_t pid = ::fork();
  if (pid < 0) {
    result.err = std::string("fork: ") + std::strerror(errno);
    return result;
  }
  if (pid == 0) {
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    ::dup2(in[0], 0);
    ::dup2(out[1], 1);
    ::dup2(err[1], 2);
    ::execve(argv[0], argv.data(), envp.data());
    const char msg[] = "exec of the dqc binary failed\n";
    (void)!::write(2, msg, sizeof msg - 1);
    ::_exit(127);
  }
  ::close(in[0]);
  ::close(out[1]);
  ::close(err[1]);
  std::size_t off = 0;
  while (off < stdin_text.size()) {
    ssize_t w = ::write(in[1], stdin_text.data() + off, stdin_text.size() - off);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) break;
    off += static_cast<std::size_t>(w);
  }
  ::close(in[1]);

  const auto deadline = Clock::now() + timeout;
  bool out_open = true, err_open = true, timed_out = false;
  char buf[8192];
  while (out_open || err_open) {
    pollfd fds[2] = {{out_open ? out[0] : -1, POLLIN, 0}, {err_open ? err[0] : -1, POLLIN, 0}};
    auto left = std::chrono::duration_cast<milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) {
      timed_out = true;
      break;
    }
    int n = ::poll(fds, 2, static_cast<int>(left));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      timed_out = true;
      break;
    }
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || fds[i].revents == 0) continue;
      ssize_t r = ::read(fds[i].fd, buf, sizeof buf);
      if (r < 0 && errno == EINTR) continue;
      if (r <= 0) {
        (i == 0 ? out_open : err_open) = false;
      } else {
        (i == 0 ? result.out : result.err).append(buf, static_cast<std::size_t>(r));
      }
    }
  }
  ::close(out[0]);
  ::close(err[0]);
  int status = 0;
  if (timed_out) {
    ::kill(pid, SIGKILL);
    ::waitpid(pid, &status, 0);
    result.err += "\n[timed out after " + std::to_string(timeout.count()) + " ms]";
    result.exit_code = -1;
  } else {
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }
  result.last_line = LastNonEmptyLine(result.out);
  std::ofstream log(op_log_path_, std::ios::app);
  log << "$ dqc " << Joined(args) << "\n[exit " << result.exit_code << "]\n" << result.err << "\n";
  return result;
}

std::string DqcServer::IssueToken(const std::string& project, const std::string& user,
                                  const std::string& ttl) const {
  std::vector<std::string> args{"token",     "issue", "--data-dir", data_dir_,
                                "--project", project, "--user",     user};
  if (!ttl.empty()) {
    args.push_back("--ttl");
    args.push_back(ttl);
  }
  CommandResult r = RunDqc(args);
  if (r.exit_code != 0 || r.last_line.empty()) {
    ADD_FAILURE() << "dqc " << Joined(args) << " failed (exit " << r.exit_code
                  << "): " << Tail(r.err, 1500);
    return "";
  }
  return r.last_line;
}

std::string DqcServer::SetupTenants() {
  std::string failures;
  auto op = [&](const std::vector<std::string>& args, const std::string& stdin_text = "") {
    CommandResult r = RunDqc(args, stdin_text);
    if (r.exit_code != 0) {
      failures += "dqc " + Joined(args) + " exited " + std::to_string(r.exit_code) + ": " +
                  Tail(r.err, 1500) + "\n";
      return std::string();
    }
    return r.last_line;
  };
  auto need = [&](const std::string& what, const std::string& value) {
    if (value.empty()) failures += "operator CLI printed no " + what + " on stdout\n";
  };
  const std::string& d = data_dir_;
  Tenants& t = tenants_;
  t.ws1 = op({"workspace", "create", "--data-dir", d, "--project", kP1, "--name", "ws-one"});
  need("workspace ID (WS1)", t.ws1);
  t.ws2 = op({"workspace", "create", "--data-dir", d, "--project", kP1, "--name", "ws-two"});
  need("workspace ID (WS2)", t.ws2);
  t.ws3 = op({"workspace", "create", "--data-dir", d, "--project", kP2, "--name", "ws-three"});
  need("workspace ID (WS3)", t.ws3);
  if (!failures.empty()) return failures;
  const std::vector<std::pair<std::string, std::string>> users = {
      {"alice", kP1}, {"vera", kP1}, {"dave", kP1}, {"bob", kP1}, {"carol", kP2}};
  for (const auto& [user, project] : users) {
    op({"user", "create", "--data-dir", d, "--project", project, "--name", user,
        "--password-stdin"},
       "pw-" + user + "-123456\n");
  }
  const std::vector<std::vector<std::string>> grants = {{t.ws1, "alice", "admin"},
                                                        {t.ws1, "vera", "viewer"},
                                                        {t.ws1, "dave", "developer"},
                                                        {t.ws2, "bob", "admin"},
                                                        {t.ws3, "carol", "admin"}};
  for (const auto& g : grants) {
    op({"workspace", "grant", "--data-dir", d, "--workspace", g[0], "--user", g[1], "--role",
        g[2]});
  }
  if (!failures.empty()) return failures;
  auto token = [&](const std::string& project, const std::string& user,
                   const std::string& ttl = "") {
    std::vector<std::string> args{"token",     "issue", "--data-dir", d,
                                  "--project", project, "--user",     user};
    if (!ttl.empty()) {
      args.push_back("--ttl");
      args.push_back(ttl);
    }
    std::string tok = op(args);
    need("token for " + user + (ttl.empty() ? "" : " --ttl " + ttl), tok);
    return tok;
  };
  t.alice = token(kP1, "alice");
  t.vera = token(kP1, "vera");
  t.dave = token(kP1, "dave");
  t.bob = token(kP1, "bob");
  t.carol = token(kP2, "carol");
  t.revoked = token(kP1, "alice");
  if (!t.revoked.empty())
    op({"token", "revoke", "--data-dir", d, "--token-stdin"}, t.revoked + "\n");
  t.short_lived = token(kP1, "alice", "1s");
  t.short_lived_issued = Clock::now();
  return failures;
}

namespace {

// Tenant setup runs some twenty operator commands (each an fsync-heavy process under the
// sanitizers): seconds per test. Its result depends only on the binary, so the first test to make
// it copies the data directory into a cache beside the binary, keyed by the binary's size and
// modification time, and later tests (also in other processes) copy it back.
std::string TenantCacheDir() {
  std::error_code ec;
  const auto size = std::filesystem::file_size(DqcBinary(), ec);
  if (ec) return "";
  const auto mtime = std::filesystem::last_write_time(DqcBinary(), ec).time_since_epoch().count();
  if (ec) return "";
  return DqcBinary() + ".tenant-cache-" + std::to_string(size) + "-" + std::to_string(mtime);
}

const char* const kTenantFields[] = {"ws1",  "ws2", "ws3",   "alice",  "vera",
                                     "dave", "bob", "carol", "revoked"};

std::string* TenantField(Tenants& t, const std::string& name) {
  std::string* fields[] = {&t.ws1,  &t.ws2, &t.ws3,   &t.alice,  &t.vera,
                           &t.dave, &t.bob, &t.carol, &t.revoked};
  for (size_t i = 0; i < std::size(kTenantFields); ++i) {
    if (name == kTenantFields[i]) return fields[i];
  }
  return nullptr;
}

}  // namespace

bool DqcServer::CopyTenantsFromCache() {
  const std::string cache = TenantCacheDir();
  if (cache.empty() || !std::filesystem::exists(cache + "/tenants.txt")) return false;
  Tenants t;
  std::ifstream in(cache + "/tenants.txt");
  std::string line;
  size_t found = 0;
  while (std::getline(in, line)) {
    auto eq = line.find('=');
    if (eq == std::string::npos) continue;
    if (std::string* f = TenantField(t, line.substr(0, eq))) {
      *f = line.substr(eq + 1);
      ++found;
    }
  }
  if (found != std::size(kTenantFields)) return false;
  std::error_code ec;
  std::filesystem::copy(cache + "/data", data_dir_, std::filesystem::copy_options::recursive, ec);
  if (ec) return false;
  // A one-second token must be issued now, not when the cache was made.
  t.short_lived = IssueToken(kP1, "alice", "1s");
  t.short_lived_issued = Clock::now();
  if (t.short_lived.empty()) return false;
  tenants_ = t;
  return true;
}

void DqcServer::PublishTenantCache() const {
  const std::string cache = TenantCacheDir();
  if (cache.empty() || std::filesystem::exists(cache)) return;
  const std::string staging = cache + ".tmp-" + std::to_string(::getpid());
  std::error_code ec;
  std::filesystem::remove_all(staging, ec);
  std::filesystem::create_directories(staging + "/data", ec);
  for (const auto& entry : std::filesystem::directory_iterator(data_dir_, ec)) {
    // Everything the operator commands left (store, WAL, keys), but not the logs.
    const std::string name = entry.path().filename().string();
    if (entry.path().extension() != ".log") {
      std::filesystem::copy(entry.path(), staging + "/data/" + name,
                            std::filesystem::copy_options::recursive, ec);
    }
  }
  {
    std::ofstream out(staging + "/tenants.txt");
    Tenants t = tenants_;
    for (const char* name : kTenantFields) out << name << "=" << *TenantField(t, name) << "\n";
  }
  // Atomic: a concurrent test either sees the whole cache or none (and makes its own).
  std::filesystem::rename(staging, cache, ec);
  if (ec) std::filesystem::remove_all(staging, ec);
}

std::string DqcServer::Start(ServerOptions options) {
  options_ = std::move(options);
  if (options_.setup_tenants && !tenants_made_) {
    // Operator commands with a test's own environment may make a different store: no cache then.
    const bool cacheable = options_.env.empty();
    if (!cacheable || !CopyTenantsFromCache()) {
      std::string err = SetupTenants();
      if (!err.empty()) return "tenant setup failed:\n" + err;
      if (cacheable) PublishTenantCache();
    }
    tenants_made_ = true;
  }
  if (port_ == 0) port_ = FreePort();
  if (port_ == 0) return "no free port";
  std::string err = Launch();
  if (!err.empty()) return err;
  return WaitHealthy(options_.start_timeout);
}

std::string DqcServer::Launch() {
  std::vector<std::string> argv_s{DqcBinary(), "serve",    "--data-dir",
                                  data_dir_,   "--listen", "127.0.0.1:" + std::to_string(port_)};
  argv_s.insert(argv_s.end(), options_.extra_args.begin(), options_.extra_args.end());
  std::vector<std::string> env_s = Environment(options_.env);
  std::vector<char*> argv = CStrings(argv_s);
  std::vector<char*> envp = CStrings(env_s);
  int log = ::open(log_path_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (log < 0) return "cannot open " + log_path_ + ": " + std::strerror(errno);
  int devnull = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  {
    std::string banner = "==== " + Joined(argv_s) + "\n";
    (void)!::write(log, banner.data(), banner.size());
  }
  pid_t pid = ::fork();
  if (pid < 0) {
    ::close(log);
    if (devnull >= 0) ::close(devnull);
    return std::string("fork: ") + std::strerror(errno);
  }
  if (pid == 0) {
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);  // never outlive the test process
    if (devnull >= 0) ::dup2(devnull, 0);
    ::dup2(log, 1);
    ::dup2(log, 2);
    ::execve(argv[0], argv.data(), envp.data());
    const char msg[] = "exec of the dqc binary failed\n";
    (void)!::write(2, msg, sizeof msg - 1);
    ::_exit(127);
  }
  ::close(log);
  if (devnull >= 0) ::close(devnull);
  pid_ = pid;
  return "";
}

std::string DqcServer::WaitHealthy(milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  std::string last;
  while (Clock::now() < deadline) {
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return "dqc serve exited (" +
             (WIFEXITED(status) ? "status " + std::to_string(WEXITSTATUS(status))
                                : "signal " + std::to_string(WTERMSIG(status))) +
             ") before answering GET /health; log:\n" + Tail(Log());
    }
    HttpResponse r = Request(port_, "GET", "/health", {}, "", milliseconds(1000));
    if (r.status == 200) return "";
    last = r.Describe(200);
    std::this_thread::sleep_for(milliseconds(20));
  }
  std::string log = Log();
  Stop(milliseconds(2000));
  return "GET /health did not answer 200 within " + std::to_string(timeout.count()) +
         " ms (last: " + last + "); log:\n" + Tail(log);
}

int DqcServer::Stop(milliseconds grace) {
  if (pid_ <= 0) return -1;
  int status = -1;
  ::kill(pid_, SIGTERM);
  if (!WaitExit(pid_, grace, &status)) {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, &status, 0);
  }
  pid_ = -1;
  return status;
}

void DqcServer::Kill9() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  int status = 0;
  ::waitpid(pid_, &status, 0);
  pid_ = -1;
}

std::string DqcServer::Restart() {
  Stop();
  std::string err = Launch();
  if (!err.empty()) return err;
  return WaitHealthy(options_.start_timeout);
}

bool DqcServer::Running() {
  if (pid_ <= 0) return false;
  int status = 0;
  if (::waitpid(pid_, &status, WNOHANG) == pid_) {
    pid_ = -1;
    return false;
  }
  return true;
}

std::string DqcServer::Log() const {
  return ReadFile(log_path_);
}

HttpResponse DqcServer::Call(const std::string& method, const std::string& path,
                             const std::optional<std::string>& token,
                             const std::optional<std::string>& workspace, const std::string& body,
                             const Headers& extra) const {
  Headers h;
  if (!body.empty()) h["Content-Type"] = "application/json";
  if (token) h["X-Auth-Token"] = *token;
  if (workspace) h["workspace"] = *workspace;
  for (const auto& [k, v] : extra) {
    if (v.empty()) {
      h.erase(k);
    } else {
      h[k] = v;
    }
  }
  return Request(port_, method, path, h, body);
}

bool DqcServer::CreateSqliteFile(const std::string& path, const std::string& sql) {
  std::error_code ec;
  std::filesystem::remove(path, ec);
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) !=
      SQLITE_OK) {
    ADD_FAILURE() << "sqlite3_open_v2(" << path
                  << "): " << (db ? sqlite3_errmsg(db) : "out of memory");
    sqlite3_close(db);
    return false;
  }
  char* err = nullptr;
  bool ok = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err) == SQLITE_OK;
  if (!ok)
    ADD_FAILURE() << "sqlite3_exec on " << path << ": " << (err ? err : "?") << "\nSQL: " << sql;
  sqlite3_free(err);
  sqlite3_close(db);
  return ok;
}

HttpResponse DqcServer::PostSqliteConnection(const std::string& token, const std::string& workspace,
                                             const std::string& name, const std::string& path,
                                             const std::string& project) const {
  nlohmann::json body = {{"name", name}, {"type", "SQLITE"}, {"config", {{"path", path}}}};
  return Call("POST", "/v1/" + project + "/data-connections", token, workspace, body.dump());
}

std::string DqcServer::CreateConnection(const std::string& token, const std::string& workspace,
                                        const std::string& name, const std::string& path,
                                        const std::string& project) const {
  HttpResponse r = PostSqliteConnection(token, workspace, name, path, project);
  nlohmann::json b = r.Json();
  if (r.status != 200 || !b.is_object() || !b.contains("id") || !b["id"].is_string()) {
    ADD_FAILURE() << "cannot create SQLITE connection '" << name << "' (" << path
                  << "): " << r.Describe();
    return "";
  }
  return b["id"].get<std::string>();
}

nlohmann::json DqcServer::Rule(const std::string& name, const nlohmann::json& template_id,
                               const std::string& connection, const std::string& table,
                               const std::string& column, const std::string& alarm) {
  nlohmann::json r = {
      {"sub_rule_name", name},      {"type", column.empty() ? "SingleTable" : "SingleColumn"},
      {"template_id", template_id}, {"connection", connection},
      {"databases", "main"},        {"tables", table}};
  if (!column.empty()) r["columns"] = column;
  if (!alarm.empty()) r["alarm_condition"] = alarm;
  return r;
}

nlohmann::json DqcServer::RowsPair(const std::string& connection, const std::string& table,
                                   const std::string& alarm) {
  return nlohmann::json::array(
      {Rule("rows", 1, connection, table, "", alarm), Rule("rows", 1, connection, table)});
}

nlohmann::json DqcServer::JobBody(const std::string& name, const nlohmann::json& pairs,
                                  const nlohmann::json& extra) {
  nlohmann::json body = {
      {"name", name},     {"description", "made by a test"}, {"category_id", 0},
      {"level", "MAJOR"}, {"schedule_type", "ONCE"},         {"sub_rules", pairs}};
  for (const auto& [k, v] : extra.items()) body[k] = v;
  return body;
}

HttpResponse DqcServer::PostJob(const std::string& token, const std::string& workspace,
                                const std::string& name, const nlohmann::json& pairs,
                                const nlohmann::json& extra, const std::string& project) const {
  return Call("POST", "/v2/" + project + "/quality/consistency-tasks", token, workspace,
              JobBody(name, pairs, extra).dump());
}

std::int64_t DqcServer::CreateJob(const std::string& token, const std::string& workspace,
                                  const std::string& name, const nlohmann::json& pairs,
                                  const nlohmann::json& extra, const std::string& project) const {
  HttpResponse r = PostJob(token, workspace, name, pairs, extra, project);
  nlohmann::json b = r.Json();
  if (r.status != 200 || !b.is_object() || !b.contains("id") || !b["id"].is_number_integer() ||
      b["id"].get<std::int64_t>() <= 0) {
    ADD_FAILURE() << "cannot create job '" << name << "': " << r.Describe();
    return 0;
  }
  return b["id"].get<std::int64_t>();
}

std::int64_t DqcServer::JobCount(const std::string& token, const std::string& workspace,
                                 const std::string& project) const {
  HttpResponse r =
      Call("GET", "/v2/" + project + "/quality/consistency-tasks?limit=1", token, workspace);
  nlohmann::json b = r.Json();
  if (r.status != 200 || !b.is_object() || !b.contains("count") || !b["count"].is_number_integer())
    return -1;
  return b["count"].get<std::int64_t>();
}

int DqcServer::JobStatus(const std::string& id, const std::string& token,
                         const std::string& workspace, const std::string& project) const {
  return Call("GET", "/v2/" + project + "/quality/consistency-tasks/" + id, token, workspace)
      .status;
}

}  // namespace dqctest
