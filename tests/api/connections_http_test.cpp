// /v1/{project_id}/data-connections (DESIGN §4): SQLITE paths that are refused, roles, workspaces.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "support/api_test.h"

namespace dqctest {
namespace {

namespace errors = dqc::api::errors;
using nlohmann::json;

bool IsHex32(const json& v) {
  if (!v.is_string()) return false;
  const std::string s = v.get<std::string>();
  return s.size() == 32 && s.find_first_not_of("0123456789abcdef") == std::string::npos;
}

class ConnectionsHttp : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    if (HasFatalFailure()) return;
    db_path_ = server_.FilePath("src.db");
    ASSERT_TRUE(DqcServer::CreateSqliteFile(db_path_, "CREATE TABLE t (id INTEGER);"));
  }

  // Connections visible to alice in WS1 (the list's items, whatever its envelope).
  json ListWs1() const {
    HttpResponse r = Alice("GET", ConnectionsPath());
    json b = r.Json();
    if (r.status != 200) ADD_FAILURE() << "list connections: " << r.Describe();
    if (b.is_object() && b.contains("resources")) return b["resources"];
    return b.is_array() ? b : json::array();
  }

  // Creating a SQLITE connection on `path` is refused with DQC.1040, and no connection appears.
  void ExpectPathRefused(const std::string& path, const std::vector<std::string>& any = {}) {
    json before = ListWs1();
    HttpResponse r = server_.PostSqliteConnection(T().alice, T().ws1, "bad", path);
    EXPECT_TRUE(IsError(r, errors::kConnectionConfig, {}, any)) << "path " << path;
    EXPECT_EQ(ListWs1(), before) << "a refused connection must not be stored";
  }
};

TEST_F(ConnectionsHttp, CreatesASqliteConnection) {
  HttpResponse r = server_.PostSqliteConnection(T().alice, T().ws1, "src", db_path_);
  ASSERT_TRUE(IsJson(r));
  json c = r.Json();
  ASSERT_TRUE(c.is_object());
  EXPECT_TRUE(IsHex32(c["id"])) << c.dump();
  EXPECT_EQ(c["name"], "src");
  EXPECT_EQ(c["type"], "SQLITE");
  HttpResponse got = Alice("GET", ConnectionsPath() + "/" + c.value("id", ""));
  ASSERT_TRUE(IsJson(got));
  EXPECT_EQ(got.Json()["id"], c["id"]);
  bool listed = false;
  for (const auto& item : ListWs1()) listed = listed || item.value("id", "") == c.value("id", "");
  EXPECT_TRUE(listed) << "the list should show the new connection";
}

TEST_F(ConnectionsHttp, RefusesAPathThatDoesNotExist) {
  ExpectPathRefused(server_.FilePath("no-such-file.db"), {"no-such-file.db"});
}

TEST_F(ConnectionsHttp, RefusesARelativePath) {
  ExpectPathRefused("src.db", {"src.db", "path"});
}

TEST_F(ConnectionsHttp, RefusesADirectory) {
  ExpectPathRefused(server_.files_dir(), {"path", "file"});
}

TEST_F(ConnectionsHttp, RefusesAPathInsideTheDataDirectory) {
  ExpectPathRefused(server_.data_dir() + "/dqc.db", {"path", "data"});
  // A file of our own making in there is refused just the same.
  std::string planted = server_.data_dir() + "/planted.db";
  ASSERT_TRUE(DqcServer::CreateSqliteFile(planted, "CREATE TABLE t (id INTEGER);"));
  ExpectPathRefused(planted, {"path", "data"});
}

TEST_F(ConnectionsHttp, RefusesTheDataDirectoryReachedThroughDotDot) {
  std::string planted = server_.data_dir() + "/planted.db";
  ASSERT_TRUE(DqcServer::CreateSqliteFile(planted, "CREATE TABLE t (id INTEGER);"));
  ExpectPathRefused(server_.files_dir() + "/../server/planted.db", {"path", "data"});
}

TEST_F(ConnectionsHttp, RefusesTheDataDirectoryReachedThroughASymlink) {
  std::string link = server_.FilePath("innocent.db");
  ASSERT_EQ(::symlink((server_.data_dir() + "/dqc.db").c_str(), link.c_str()), 0);
  ExpectPathRefused(link, {"path", "data"});
  std::string dir_link = server_.FilePath("dirlink");
  ASSERT_EQ(::symlink(server_.data_dir().c_str(), dir_link.c_str()), 0);
  ExpectPathRefused(dir_link + "/dqc.db", {"path", "data"});
}

TEST_F(ConnectionsHttp, RefusesAMissingName) {
  json body = {{"type", "SQLITE"}, {"config", {{"path", db_path_}}}};
  json before = ListWs1();
  EXPECT_TRUE(
      IsError(Alice("POST", ConnectionsPath(), body.dump()), errors::kInvalidField, {"name"}));
  EXPECT_EQ(ListWs1(), before);
}

TEST_F(ConnectionsHttp, RefusesAMissingPath) {
  json body = {{"name", "x"}, {"type", "SQLITE"}, {"config", json::object()}};
  HttpResponse r = Alice("POST", ConnectionsPath(), body.dump());
  EXPECT_EQ(r.status, 400) << r.Describe();
  std::string code = r.Json().is_object() ? r.Json().value("error_code", "") : "";
  EXPECT_TRUE(code == errors::kConnectionConfig.code || code == errors::kInvalidField.code)
      << r.Describe();
}

TEST_F(ConnectionsHttp, OnlyAdminsManageConnections) {
  json before = ListWs1();
  EXPECT_TRUE(IsError(server_.PostSqliteConnection(T().dave, T().ws1, "by-dev", db_path_),
                      errors::kForbiddenRole));
  EXPECT_TRUE(IsError(server_.PostSqliteConnection(T().vera, T().ws1, "by-viewer", db_path_),
                      errors::kForbiddenRole));
  EXPECT_EQ(ListWs1(), before);
}

TEST_F(ConnectionsHttp, ConnectionsOfAnotherWorkspaceAreInvisible) {
  std::string other = server_.CreateConnection(T().bob, T().ws2, "bobs", db_path_);
  ASSERT_FALSE(other.empty());
  EXPECT_TRUE(IsError(Alice("GET", ConnectionsPath() + "/" + other), errors::kNotFound, {other}));
  for (const auto& item : ListWs1()) EXPECT_NE(item.value("id", ""), other);
}

// With --sqlite-root DIR, a SQLITE path must lie under DIR.
class ConnectionsSqliteRootHttp : public ConnectionsHttp {
 protected:
  ServerOptions Options() override {
    std::filesystem::create_directories(server_.files_dir() + "/allowed");
    ServerOptions o;
    o.extra_args = {"--sqlite-root", server_.files_dir() + "/allowed"};
    return o;
  }
};

TEST_F(ConnectionsSqliteRootHttp, AcceptsAPathUnderTheRootAndRefusesOthers) {
  std::string inside = server_.files_dir() + "/allowed/ok.db";
  ASSERT_TRUE(DqcServer::CreateSqliteFile(inside, "CREATE TABLE t (id INTEGER);"));
  EXPECT_TRUE(IsJson(server_.PostSqliteConnection(T().alice, T().ws1, "inside", inside)));
  ExpectPathRefused(db_path_, {"path", "root"});
  ExpectPathRefused(server_.files_dir() + "/allowed/../src.db", {"path", "root"});
  // A sibling whose name merely starts with the root's name is not under it.
  std::string sibling = server_.files_dir() + "/allowed-not/x.db";
  std::filesystem::create_directories(server_.files_dir() + "/allowed-not");
  ASSERT_TRUE(DqcServer::CreateSqliteFile(sibling, "CREATE TABLE t (id INTEGER);"));
  ExpectPathRefused(sibling, {"path", "root"});
}

}  // namespace
}  // namespace dqctest
