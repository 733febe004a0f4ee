// POSTGRESQL and MYSQL data connections through the real server (DESIGN §4, §5): settings that are
// refused, passwords that are never answered nor stored in clear, and the test call against the
// real servers of scripts/test-dbs.sh, wrong credentials, a closed port and a silent listener.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <fstream>
#include <sstream>
#include <thread>
#include <vector>

#include "support/server_db_test.h"

namespace dqctest {
namespace {

namespace errors = dqc::api::errors;

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// A loopback listener that accepts connections and never says a word (a hung server).
class SilentListener {
 public:
  SilentListener() {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    if (::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
        ::listen(fd_, 16) != 0 ||
        ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
      ADD_FAILURE() << "cannot listen on 127.0.0.1";
      return;
    }
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] {
      while (!stop_) {
        pollfd p{fd_, POLLIN, 0};
        if (::poll(&p, 1, 50) > 0) accepted_.push_back(::accept(fd_, nullptr, nullptr));
      }
    });
  }
  ~SilentListener() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
    for (int fd : accepted_) ::close(fd);
    ::close(fd_);
  }
  int port() const { return port_; }

 private:
  int fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::vector<int> accepted_;
  std::thread thread_;
};

class ServerConnectionsHttp : public ServerDbTest {
 protected:
  json ListWs1() const {
    HttpResponse r = Alice("GET", ConnectionsPath());
    EXPECT_EQ(r.status, 200) << r.Describe();
    return r.Json()["resources"];
  }
  // Creating the connection is refused with DQC.1040 naming `field`, and nothing is stored.
  void ExpectRefused(const std::string& type, const json& config, const std::string& field) {
    json before = ListWs1();
    HttpResponse r = PostConnection("bad", type, config);
    EXPECT_TRUE(IsError(r, errors::kConnectionConfig, {field})) << type << " " << config.dump();
    EXPECT_EQ(ListWs1(), before) << "a refused connection must not be stored";
  }
};

TEST_F(ServerConnectionsHttp, PasswordsAreNeverAnswered) {
  const std::string pg = MakeConnection("pg", "POSTGRESQL", ConfigFor(dbs_.pg));
  const std::string my = MakeConnection("my", "MYSQL", ConfigFor(dbs_.my));
  ASSERT_FALSE(pg.empty());
  ASSERT_FALSE(my.empty());
  std::vector<HttpResponse> answers = {
      Alice("GET", ConnectionsPath() + "/" + pg),
      Alice("GET", ConnectionsPath() + "/" + my),
      Alice("GET", ConnectionsPath()),
      TestCall(pg),
      TestCall(my),
      Alice("PUT", ConnectionsPath() + "/" + pg,
            json{{"name", "pg2"}, {"type", "POSTGRESQL"}, {"config", ConfigFor(dbs_.pg)}}.dump())};
  for (const HttpResponse& r : answers) {
    ASSERT_EQ(r.status, 200) << r.Describe();
    EXPECT_EQ(r.body.find(dbs_.pg.password), std::string::npos) << r.body;
    EXPECT_EQ(r.body.find(dbs_.my.password), std::string::npos) << r.body;
    EXPECT_EQ(r.body.find("\"password"), std::string::npos) << r.body;  // not even sealed
    EXPECT_EQ(r.body.find("sealed"), std::string::npos) << r.body;
  }
  json got = answers[0].Json();
  EXPECT_EQ(got["type"], "POSTGRESQL");
  EXPECT_EQ(got["config"]["host"], dbs_.pg.host);
  EXPECT_EQ(got["config"]["port"], dbs_.pg.port);
  EXPECT_EQ(got["config"]["user"], dbs_.pg.user);
  EXPECT_EQ(got["config"]["has_password"], true);
  EXPECT_EQ(got["config"]["timezone"], "UTC");
  // Neither the store (with its write-ahead log) nor the server's log holds them in clear.
  for (const std::string& file :
       {server_.data_dir() + "/dqc.db", server_.data_dir() + "/dqc.db-wal"}) {
    const std::string bytes = ReadAll(file);
    EXPECT_EQ(bytes.find(dbs_.pg.password), std::string::npos) << file;
    EXPECT_EQ(bytes.find(dbs_.my.password), std::string::npos) << file;
  }
  const bool stored =
      ReadAll(server_.data_dir() + "/dqc.db-wal").find(dbs_.pg.user) != std::string::npos ||
      ReadAll(server_.data_dir() + "/dqc.db").find(dbs_.pg.user) != std::string::npos;
  EXPECT_TRUE(stored) << "the store should hold the config (so the search above means something)";
  // The key that sealed them was generated into the data directory, readable by its owner only.
  struct stat st {};
  ASSERT_EQ(::stat((server_.data_dir() + "/secret.key").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_EQ(server_.Log().find(dbs_.pg.password), std::string::npos);
}

TEST_F(ServerConnectionsHttp, UpdateWithoutAPasswordKeepsTheStoredOne) {
  const std::string pg = MakeConnection("pg", "POSTGRESQL", ConfigFor(dbs_.pg));
  ASSERT_FALSE(pg.empty());
  json config = ConfigFor(dbs_.pg);
  config.erase("password");
  HttpResponse put = Alice("PUT", ConnectionsPath() + "/" + pg,
                           json{{"name", "pg"}, {"type", "POSTGRESQL"}, {"config", config}}.dump());
  ASSERT_EQ(put.status, 200) << put.Describe();
  EXPECT_EQ(put.Json()["config"]["has_password"], true);
  EXPECT_TRUE(IsJson(TestCall(pg)));
}

TEST_F(ServerConnectionsHttp, AStoredPasswordDoesNotFollowTheConnectionToAnotherAccount) {
  const std::string pg = MakeConnection("pg", "POSTGRESQL", ConfigFor(dbs_.pg));
  ASSERT_FALSE(pg.empty());
  for (const char* key : {"host", "port", "user"}) {
    json config = ConfigFor(dbs_.pg);
    config.erase("password");
    if (std::string(key) == "host") config["host"] = "localhost";
    if (std::string(key) == "port") config["port"] = dbs_.pg.port + 1;
    if (std::string(key) == "user") config["user"] = dbs_.pg.admin_user;
    HttpResponse put =
        Alice("PUT", ConnectionsPath() + "/" + pg,
              json{{"name", "pg"}, {"type", "POSTGRESQL"}, {"config", config}}.dump());
    ASSERT_EQ(put.status, 200) << put.Describe();
    EXPECT_EQ(put.Json()["config"]["has_password"], false) << "after changing " << key;
    // Back to the original account: the password is gone for good, it must be sent again.
    json back = ConfigFor(dbs_.pg);
    back.erase("password");
    put = Alice("PUT", ConnectionsPath() + "/" + pg,
                json{{"name", "pg"}, {"type", "POSTGRESQL"}, {"config", back}}.dump());
    ASSERT_EQ(put.status, 200) << put.Describe();
    EXPECT_EQ(put.Json()["config"]["has_password"], false);
    // Restore it for the next key.
    put =
        Alice("PUT", ConnectionsPath() + "/" + pg,
              json{{"name", "pg"}, {"type", "POSTGRESQL"}, {"config", ConfigFor(dbs_.pg)}}.dump());
    ASSERT_EQ(put.status, 200) << put.Describe();
    ASSERT_EQ(put.Json()["config"]["has_password"], true);
  }
}

TEST_F(ServerConnectionsHttp, RefusesBadSettings) {
  json base = ConfigFor(dbs_.pg);
  json before = ListWs1();
  EXPECT_TRUE(IsError(PostConnection("x", "ORACLE", base), errors::kConnectionConfig, {"ORACLE"}));
  EXPECT_EQ(ListWs1(), before);
  for (const std::string type : {"POSTGRESQL", "MYSQL"}) {
    json c = base;
    c.erase("host");
    ExpectRefused(type, c, "host");
    c = base;
    c["host"] = "";
    ExpectRefused(type, c, "host");
    for (const json& port :
         {json(0), json(65536), json("abc"), json(-1), json(5432.5), json("5432")}) {
      c = base;
      c["port"] = port;
      ExpectRefused(type, c, "port");
    }
    c = base;
    c.erase("user");
    ExpectRefused(type, c, "user");
    c = base;
    c["timezone"] = "Mars/Olympus_Mons";
    ExpectRefused(type, c, "timezone");
    c = base;
    c["timezone"] = "../../etc/passwd";
    ExpectRefused(type, c, "timezone");
    for (const json& t : {json(0), json(61), json("5")}) {
      c = base;
      c["connect_timeout"] = t;
      ExpectRefused(type, c, "connect_timeout");
    }
    c = base;
    c["sslmode"] = "sometimes";
    ExpectRefused(type, c, "sslmode");
    c = base;
    c["passwrd"] = "typo";
    ExpectRefused(type, c, "passwrd");
    c = base;
    c["password"] = 12345;
    ExpectRefused(type, c, "password");
  }
}

TEST_F(ServerConnectionsHttp, FillsInDefaults) {
  json c = ConfigFor(dbs_.my);
  c.erase("port");
  c["timezone"] = "Europe/Berlin";
  HttpResponse r = PostConnection("my", "MYSQL", c);
  ASSERT_TRUE(IsJson(r));
  EXPECT_EQ(r.Json()["config"]["port"], 3306);
  EXPECT_EQ(r.Json()["config"]["timezone"], "Europe/Berlin");
  EXPECT_EQ(r.Json()["config"]["connect_timeout"], 10);
  c = ConfigFor(dbs_.pg);
  c.erase("port");
  c.erase("password");
  r = PostConnection("pg", "POSTGRESQL", c);
  ASSERT_TRUE(IsJson(r));
  EXPECT_EQ(r.Json()["config"]["port"], 5432);
  EXPECT_EQ(r.Json()["config"]["has_password"], false);
}

TEST_F(ServerConnectionsHttp, TestCallReachesEachServer) {
  HttpResponse pg = TestCall(MakeConnection("pg", "POSTGRESQL", ConfigFor(dbs_.pg)));
  ASSERT_TRUE(IsJson(pg));
  EXPECT_EQ(pg.Json()["ok"], true);
  EXPECT_NE(pg.Json()["server_version"].get<std::string>().find("PostgreSQL 15"), std::string::npos)
      << pg.body;
  HttpResponse my = TestCall(MakeConnection("my", "MYSQL", ConfigFor(dbs_.my)));
  ASSERT_TRUE(IsJson(my));
  EXPECT_EQ(my.Json()["ok"], true);
  EXPECT_NE(my.Json()["server_version"].get<std::string>().find("MariaDB"), std::string::npos)
      << my.body;
}

TEST_F(ServerConnectionsHttp, TestCallGivesTheEnginesMessage) {
  struct Case {
    std::string type;
    const DbAccount* db;
    std::string field;
    json value;
    std::vector<std::string> any;  // the message names at least one of these
  };
  const int closed = FreePort();
  const std::vector<Case> cases = {
      {"POSTGRESQL", &dbs_.pg, "password", "wrong-pw", {"password authentication failed"}},
      {"POSTGRESQL", &dbs_.pg, "database", "nodb", {"nodb"}},
      {"POSTGRESQL", &dbs_.pg, "port", closed, {"refused"}},
      {"MYSQL", &dbs_.my, "password", "wrong-pw", {"Access denied"}},
      {"MYSQL", &dbs_.my, "database", "nodb", {"nodb"}},
      {"MYSQL", &dbs_.my, "port", closed, {"Can't connect"}},
  };
  for (const Case& c : cases) {
    json config = ConfigFor(*c.db);
    config[c.field] = c.value;
    const std::string id = MakeConnection("c" + c.type + c.field, c.type, config);
    HttpResponse r = TestCall(id);
    EXPECT_TRUE(IsError(r, errors::kConnectionTest, {}, c.any)) << c.type << " " << c.field;
    EXPECT_EQ(r.body.find("wrong-pw"), std::string::npos) << r.body;
    if (c.field == "port") {
      EXPECT_NE(ErrorMsg(r).find(std::to_string(closed)), std::string::npos) << r.body;
    }
  }
}

TEST_F(ServerConnectionsHttp, TestCallGivesUpOnASilentServer) {
  SilentListener silent;
  for (const std::string type : {"POSTGRESQL", "MYSQL"}) {
    json config = ConfigFor(type == "MYSQL" ? dbs_.my : dbs_.pg);
    config["port"] = silent.port();
    config["connect_timeout"] = 1;
    const std::string id = MakeConnection("silent-" + type, type, config);
    HttpResponse r = TestCall(id);
    EXPECT_TRUE(IsError(r, errors::kConnectionTest, {std::to_string(silent.port())})) << type;
  }
}

// With --secret-key-file the key comes from that file and none is generated.
class ServerConnectionsKeyFileHttp : public ServerConnectionsHttp {
 protected:
  ServerOptions Options() override {
    key_file_ = server_.FilePath("secret.key");
    std::ofstream(key_file_) << std::string(64, 'a') << "\n";
    ServerOptions o;
    o.extra_args = {"--secret-key-file", key_file_};
    return o;
  }
  std::string key_file_;
};

TEST_F(ServerConnectionsKeyFileHttp, UsesTheKeyFile) {
  const std::string pg = MakeConnection("pg", "POSTGRESQL", ConfigFor(dbs_.pg));
  EXPECT_TRUE(IsJson(TestCall(pg)));
  EXPECT_FALSE(std::ifstream(server_.data_dir() + "/secret.key").good());
  // Another key cannot open the stored password: the test call says so instead of sending junk.
  std::ofstream(key_file_) << std::string(64, 'b') << "\n";
  ASSERT_EQ(server_.Restart(), "");
  EXPECT_TRUE(IsError(TestCall(pg), errors::kConnectionTest, {"secret key"}));
}

}  // namespace
}  // namespace dqctest
