// The early check of custom SQL rules: one read-only SELECT, nothing after it, no comments.
#include "core/custom_sql.h"

#include <gtest/gtest.h>

namespace dqc {
namespace {

TEST(CustomSql, AcceptsOneSelectAndDropsATrailingSemicolon) {
  EXPECT_EQ(*CheckCustomSql("SELECT count(*) FROM t"), "SELECT count(*) FROM t");
  EXPECT_EQ(*CheckCustomSql("  select 1 ;  \n"), "  select 1");
  EXPECT_TRUE(CheckCustomSql("WITH x AS (SELECT 1 AS a) SELECT a FROM x").ok());
  EXPECT_TRUE(CheckCustomSql("SELECT 'it''s; -- not a comment' FROM \"odd \"\"name\"\"\"").ok());
  EXPECT_TRUE(CheckCustomSql("SELECT `update` FROM `t`").ok());
  EXPECT_TRUE(CheckCustomSql("SELECT created_into, updated FROM t").ok());
}

TEST(CustomSql, RefusesWhatIsNotOneReadOnlySelect) {
  for (const char* sql : {"",
                          "  ",
                          ";",
                          "DELETE FROM t",
                          "SELECT 1; SELECT 2",
                          "SELECT 1;;",
                          "SELECT 1 INTO x",
                          "select * into t2 from t",
                          "ATTACH 'x' AS y",
                          "PRAGMA foo",
                          "COPY t TO STDOUT",
                          "SELECT 1 -- x",
                          "SELECT /* x */ 1",
                          "SELECT 1 # x",
                          "SELECT 'open",
                          "SELECT \"open",
                          "WITH d AS (DELETE FROM t RETURNING *) SELECT 1",
                          "INSERT INTO t SELECT 1",
                          "VALUES (1)",
                          "EXPLAIN SELECT 1",
                          "SHOW TABLES",
                          "CALL p()"}) {
    EXPECT_FALSE(CheckCustomSql(sql).ok()) << sql;
  }
}

}  // namespace
}  // namespace dqc
