// System templates 10-20 on the real servers: the same rows in PostgreSQL and MariaDB give the same
// values on both sides (and the SQLite test's values), so each template's SQL for those two
// dialects runs and agrees with the other engines; a planted difference alarms.
#include <gtest/gtest.h>

#include "support/cross_engine_test.h"

namespace dqctest {
namespace {

constexpr const char* kPg =
    "CREATE TABLE %s.t (id int, s varchar(10), n int, a int, b int, e varchar(20), "
    "ip varchar(20), g varchar(5), h int);"
    "INSERT INTO %s.t VALUES (1, 'abc', 5, 1, 2, 'x@y.com', '10.0.0.1', 'x', 1),"
    " (2, 'ABC', 50, 3, 3, 'bad@', '256.1.1.1', 'x', 1),"
    " (3, 'abc', NULL, 5, 4, '', '1.2.3.4', 'y', 2),"
    " (4, NULL, -1, NULL, 1, NULL, NULL, 'x', 1);";
// MariaDB's default collation folds case: 'abc' and 'ABC' must stay two values all the same.
constexpr const char* kMy =
    "CREATE TABLE %s.t (id int, s varchar(10), n int, a int, b int, e varchar(20), "
    "ip varchar(20), g varchar(5), h int) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;"
    "INSERT INTO %s.t VALUES (1, 'abc', 5, 1, 2, 'x@y.com', '10.0.0.1', 'x', 1),"
    " (2, 'ABC', 50, 3, 3, 'bad@', '256.1.1.1', 'x', 1),"
    " (3, 'abc', NULL, 5, 4, '', '1.2.3.4', 'y', 2),"
    " (4, NULL, -1, NULL, 1, NULL, NULL, 'x', 1);";

class CheckTemplatesServersHttp : public CrossEngineTest {
 protected:
  json P(int template_id, const std::string& columns, const std::string& args = "",
         const std::string& regex = "") {
    json pair = Pair(template_id, Pg("t", columns), My("t", columns), args);
    for (auto& r : pair) r.erase("type");  // follows from the template
    if (!regex.empty()) {
      for (auto& r : pair) r["regular_expression"] = regex;
    }
    return pair;
  }
};

TEST_F(CheckTemplatesServersHttp, EachSystemTemplateAgreesAcrossPostgresAndMariaDb) {
  LoadPg(kPg);
  LoadMy(kMy);
  json pairs = json::array({
      P(10, "s"),
      P(11, "s", "", "^[a-z]+$"),
      P(12, "s", R"({"values": ["abc"]})"),
      P(12, "n", R"({"values": [5, "50.0"]})"),
      P(13, "e", R"({"min_length": 1, "max_length": 5})"),
      P(14, "n", R"({"min": 0, "max": 10})"),
      P(15, "a,b", R"({"operator": "<="})"),
      P(15, "a,b"),
      P(16, "n"),
      P(17, "e"),
      P(18, "e"),
      P(19, "ip"),
      P(20, "g,h"),
      P(11, "s", R"({"pattern": "B"})"),
  });
  json inst;
  json res = Run(pairs, &inst);
  EXPECT_EQ(inst["run_status"], "SUCCESS") << inst.dump() << "\n" << res.dump();
  ASSERT_EQ(res["count"], 14) << res.dump();
  // Both sides show the same value; the source's is the SQLite test's value.
  auto both = [&](size_t pair, const char* label, const char* want) {
    EXPECT_EQ(Shown(res, pair, 0, label), want) << "pair " << pair << " " << label;
    EXPECT_EQ(Shown(res, pair, 1, label), want) << "pair " << pair << " " << label;
    EXPECT_EQ(Alarm(res, pair), "false") << "pair " << pair;
  };
  auto validity = [&](size_t pair, const char* invalid, const char* valid, const char* nulls) {
    both(pair, "Invalid Values", invalid);
    both(pair, "Valid Values", valid);
    both(pair, "Null Values", nulls);
  };
  both(0, "Unique Values", "1");  // abc twice, ABC once: bytes, not case-folded
  validity(1, "1", "2", "1");     // ABC does not match ^[a-z]+$ (case-sensitive on both)
  validity(2, "1", "2", "1");     // ABC is not in ["abc"]
  validity(3, "1", "2", "1");     // -1 is not 5 or 50
  validity(4, "2", "1", "1");     // 'x@y.com' (7) and '' (0) are outside 1..5
  validity(5, "2", "1", "1");     // 50 and -1 are outside 0..10
  both(6, "Inconsistent Rows", "1");
  both(7, "Inconsistent Rows", "3");
  both(8, "Null Rate", "0.25");
  both(9, "Empty Values", "1");
  validity(10, "2", "1", "1");  // 'bad@' and '' are no mailboxes
  validity(11, "1", "2", "1");  // 256.1.1.1 is no IPv4 address
  both(12, "Duplicate Rows", "3");
  validity(13, "2", "1", "1");  // unanchored, case-sensitive: only ABC has a B
}

TEST_F(CheckTemplatesServersHttp, ACaseChangeInTheCopyAlarms) {
  LoadPg(kPg);
  std::string my = kMy;
  my += "UPDATE %s.t SET s = 'Abc' WHERE id = 1;";
  LoadMy(my);
  json inst;
  json res = Run(json::array({P(10, "s"), P(11, "s", "", "^[a-z]+$")}), &inst);
  EXPECT_EQ(inst["run_status"], "ALARMING") << inst.dump();
  EXPECT_EQ(Shown(res, 0, 1, "Unique Values"), "3");  // abc, ABC, Abc once each
  EXPECT_EQ(Alarm(res, 0), "true");
  EXPECT_EQ(Shown(res, 1, 1, "Invalid Values"), "2");
  EXPECT_EQ(Alarm(res, 1), "true");
}

}  // namespace
}  // namespace dqctest
