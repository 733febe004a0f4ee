// User rule templates in the SQLite store: a store of schema version 2 (before templates) gains
// them at start, and the ID sequence starts past the system range and never hands an ID out twice.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "store/sqlite/schema.h"
#include "store/sqlite/sqlite_store.h"

namespace dqc {
namespace {

class SqliteRuleTemplates : public ::testing::Test {
 protected:
  void SetUp() override {
    char dir[] = "/tmp/dqc-store-test-XXXXXX";
    ASSERT_NE(mkdtemp(dir), nullptr);
    dir_ = dir;
    path_ = dir_ + "/dqc.db";
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // A store file as dqc left it at schema version `version`.
  void MakeVersion(size_t version) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
    for (size_t i = 0; i < version; ++i) {
      ASSERT_EQ(sqlite3_exec(db, sqlite::Migrations()[i], nullptr, nullptr, nullptr), SQLITE_OK)
          << sqlite3_errmsg(db);
    }
    std::string pragma = "PRAGMA user_version = " + std::to_string(version);
    ASSERT_EQ(sqlite3_exec(db, pragma.c_str(), nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(db);
  }

  static RuleTemplate Template(const std::string& name) {
    RuleTemplate t;
    t.project_id = "p";
    t.workspace_id = "w";
    t.name = name;
    t.dimension = "Accuracy";
    t.type = "Table";
    t.sql_info = "SELECT count(*) FROM ${Schema_Table1}";
    t.create_time = 1;
    t.creator = "alice";
    return t;
  }

  std::string dir_, path_;
};

TEST_F(SqliteRuleTemplates, AVersion2StoreGainsTemplatesAtStart) {
  MakeVersion(2);
  auto store = SqliteStore::Open(path_);
  ASSERT_TRUE(store.ok()) << store.status().message();
  auto id = (*store)->CreateRuleTemplate(Template("a"));
  ASSERT_TRUE(id.ok()) << id.status().message();
  EXPECT_EQ(*id, kFirstUserTemplateId);
  auto read = (*store)->GetRuleTemplate(Scope{"p", "w"}, *id);
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(read->sql_info, "SELECT count(*) FROM ${Schema_Table1}");
  EXPECT_EQ(read->creator, "alice");
  EXPECT_EQ((*store)->GetRuleTemplate(Scope{"p", "other"}, *id).status().code(),
            Status::Code::kNotFound);
}

TEST_F(SqliteRuleTemplates, IdsAreNeverReusedAndNamesAreUniquePerWorkspace) {
  auto store = SqliteStore::Open(path_);
  ASSERT_TRUE(store.ok());
  auto a = (*store)->CreateRuleTemplate(Template("a"));
  ASSERT_TRUE(a.ok());
  EXPECT_EQ((*store)->CreateRuleTemplate(Template("a")).status().code(), Status::Code::kConflict);
  RuleTemplate elsewhere = Template("a");
  elsewhere.workspace_id = "w2";
  EXPECT_TRUE((*store)->CreateRuleTemplate(elsewhere).ok());
  auto gone = (*store)->DeleteRuleTemplates(Scope{"p", "w"}, {*a});
  ASSERT_TRUE(gone.ok());
  EXPECT_TRUE(gone->missing.empty());
  auto b = (*store)->CreateRuleTemplate(Template("a"));
  ASSERT_TRUE(b.ok());
  EXPECT_GT(*b, *a + 1);  // after a and the other workspace's
  auto again = (*store)->DeleteRuleTemplates(Scope{"p", "w"}, {*b, *a});
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->missing, std::vector<int64_t>{*a});
  EXPECT_TRUE((*store)->GetRuleTemplate(Scope{"p", "w"}, *b).ok());  // all or nothing
}

}  // namespace
}  // namespace dqc
