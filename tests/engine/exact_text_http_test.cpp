// Exact text, booleans and names across engines (issue 3, item 5), through the real server:
// distinct, duplicates, minimum and maximum compare text as binary, no-pad UTF-8 on every engine
// (MariaDB's default collation folds case and ignores trailing spaces), CHAR(n) pad spaces are not
// part of a value while a VARCHAR's trailing space is, booleans compare as booleans, and names
// that need quoting (case, spaces, reserved words) work on every engine.
#include <gtest/gtest.h>

#include "support/cross_engine_test.h"

namespace dqctest {
namespace {

using ExactTextHttp = CrossEngineTest;

// 'a', 'A' and 'a ' are three values; é and the emoji are UTF-8 (utf8mb4 on MariaDB).
constexpr const char* kWords =
    "(1, 'a'), (2, 'A'), (3, 'a '), (4, 'b'), (5, 'é'), (6, '\xF0\x9F\x98\x80'), (7, 'é'), "
    "(8, NULL)";
constexpr const char* kEmoji = "\xF0\x9F\x98\x80";

TEST_F(ExactTextHttp, BinaryNoPadTextOnEveryEngine) {
  LoadPg(std::string("CREATE TABLE %s.w (id int, s varchar(10)); INSERT INTO %s.w VALUES ") +
         kWords + ";");
  // The database's default collation (utf8mb4_general_ci): case-insensitive, PAD SPACE.
  LoadMy(std::string("CREATE TABLE %s.w (id int, s varchar(10)); INSERT INTO %s.w VALUES ") +
         kWords +
         ";"
         // What a case-folding, space-trimming copy gives.
         "CREATE TABLE %s.folded (id int, s varchar(10)); INSERT INTO %s.folded VALUES "
         "(1, 'a'), (2, 'a'), (3, 'a'), (4, 'b'), (5, 'é'), (6, '\xF0\x9F\x98\x80'), (7, 'é'),"
         "(8, NULL);");
  LoadLite(std::string("CREATE TABLE w (id INTEGER, s TEXT); INSERT INTO w VALUES ") + kWords +
           ";");
  json pairs = json::array();
  for (auto [a, b] :
       {std::pair{Pg("w", "s"), My("w", "s")}, std::pair{My("w", "s"), Lite("w", "s")},
        std::pair{Lite("w", "s"), Pg("w", "s")}}) {
    for (int tmpl : {3, 4, 7, 8}) pairs.push_back(Pair(tmpl, a, b));
  }
  json inst;
  json res = Run(pairs, &inst);
  EXPECT_EQ(inst["run_status"], "SUCCESS") << inst.dump() << res.dump();
  for (size_t at = 0; at < 12; at += 4) {
    for (int side : {0, 1}) {
      EXPECT_EQ(Shown(res, at, side, "Distinct Values"), "6") << at;  // a, A, 'a ', b, é, emoji
      EXPECT_EQ(Shown(res, at + 1, side, "Duplicate Values"), "2") << at;  // é, é
      EXPECT_EQ(Shown(res, at + 2, side, "Maximum"), kEmoji) << at;        // UTF-8 byte order
      EXPECT_EQ(Shown(res, at + 3, side, "Minimum"), "A") << at;           // 'A' < 'a' < 'a '
    }
  }

  res = Run(json::array({Pair(3, Pg("w", "s"), My("folded", "s")),
                         Pair(4, Lite("w", "s"), My("folded", "s")),
                         Pair(8, My("w", "s"), My("folded", "s"))}),
            &inst);
  EXPECT_EQ(inst["run_status"], "ALARMING") << inst.dump() << res.dump();
  EXPECT_EQ(Alarm(res, 0), "true");
  EXPECT_EQ(Shown(res, 0, 1, "Distinct Values"), "4");
  EXPECT_EQ(Alarm(res, 1), "true");
  EXPECT_EQ(Shown(res, 1, 1, "Duplicate Values"), "5");
  EXPECT_EQ(Alarm(res, 2), "true");
  EXPECT_EQ(Shown(res, 2, 1, "Minimum"), "a");
}

TEST_F(ExactTextHttp, CharPaddingIsNotPartOfTheValueButAVarcharSpaceIs) {
  // PostgreSQL and MariaDB CHAR(5) pad 'x' to five characters; a SQLite copy may hold the pad.
  LoadPg(
      "CREATE TABLE %s.c (id int, c char(5)); INSERT INTO %s.c VALUES (1, 'x'), (2, 'yy'), "
      "(3, 'yy');");
  LoadMy(
      "CREATE TABLE %s.c (id int, c char(5), v varchar(5), sp varchar(5));"
      "INSERT INTO %s.c VALUES (1, 'x', 'x', 'x '), (2, 'yy', 'yy', 'yy'), (3, 'yy', 'yy', 'yy');");
  LoadLite(
      "CREATE TABLE c (id INTEGER, c CHAR(5), v VARCHAR(5));"
      "INSERT INTO c VALUES (1, 'x    ', 'x'), (2, 'yy   ', 'yy'), (3, 'yy', 'yy   ');");
  json inst;
  json res = Run(
      json::array({Pair(8, Pg("c", "c"), My("c", "v")), Pair(8, Pg("c", "c"), My("c", "c")),
                   Pair(3, Pg("c", "c"), Lite("c", "c")), Pair(4, Lite("c", "c"), My("c", "c")),
                   Pair(8, Lite("c", "c"), My("c", "v")), Pair(7, My("c", "c"), Lite("c", "c"))}),
      &inst);
  EXPECT_EQ(inst["run_status"], "SUCCESS") << inst.dump() << res.dump();
  for (int side : {0, 1}) {
    EXPECT_EQ(Shown(res, 0, side, "Minimum"), "x");
    EXPECT_EQ(Shown(res, 2, side, "Distinct Values"), "2");
    EXPECT_EQ(Shown(res, 3, side, "Duplicate Values"), "2");
    EXPECT_EQ(Shown(res, 5, side, "Maximum"), "yy");
  }

  // A VARCHAR keeps its trailing space: 'x ' is not 'x', and 'yy   ' is not 'yy'.
  res =
      Run(json::array({Pair(8, Pg("c", "c"), My("c", "sp")), Pair(3, Pg("c", "c"), Lite("c", "v")),
                       Pair(3, My("c", "v"), Lite("c", "v"))}),
          &inst);
  EXPECT_EQ(inst["run_status"], "ALARMING") << inst.dump() << res.dump();
  EXPECT_EQ(Alarm(res, 0), "true");
  EXPECT_EQ(Shown(res, 0, 1, "Minimum"), "x ");
  EXPECT_EQ(Alarm(res, 1), "true");
  EXPECT_EQ(Shown(res, 1, 1, "Distinct Values"), "3");
  EXPECT_EQ(Alarm(res, 2), "true");
}

TEST_F(ExactTextHttp, BooleansCompareAsBooleans) {
  // PostgreSQL boolean, MariaDB BOOLEAN (TINYINT(1)), SQLite 0/1 in a BOOLEAN column.
  LoadPg(
      "CREATE TABLE %s.b (id int, b boolean, t boolean);"
      "INSERT INTO %s.b VALUES (1, true, true), (2, false, true), (3, NULL, NULL), (4, true, "
      "true);");
  LoadMy(
      "CREATE TABLE %s.b (id int, b boolean, t boolean);"
      "INSERT INTO %s.b VALUES (1, true, true), (2, false, true), (3, NULL, NULL), (4, true, "
      "true);");
  LoadLite(
      "CREATE TABLE b (id INTEGER, b BOOLEAN, t BOOLEAN);"
      "INSERT INTO b VALUES (1, 1, 1), (2, 0, 1), (3, NULL, NULL), (4, 1, 1);");
  json pairs = json::array();
  for (auto [a, b] :
       {std::pair{Pg("b", "b"), My("b", "b")}, std::pair{My("b", "b"), Lite("b", "b")},
        std::pair{Lite("b", "b"), Pg("b", "b")}}) {
    for (int tmpl : {7, 8, 3, 2}) pairs.push_back(Pair(tmpl, a, b));
  }
  json inst;
  json res = Run(pairs, &inst);
  EXPECT_EQ(inst["run_status"], "SUCCESS") << inst.dump() << res.dump();
  for (size_t at = 0; at < 12; at += 4) {
    for (int side : {0, 1}) {
      EXPECT_EQ(Shown(res, at, side, "Maximum"), "true") << at;
      EXPECT_EQ(Shown(res, at + 1, side, "Minimum"), "false") << at;
      EXPECT_EQ(Shown(res, at + 2, side, "Distinct Values"), "2") << at;
      EXPECT_EQ(Shown(res, at + 3, side, "Null Values"), "1") << at;
    }
  }

  // A copy where every value became true.
  res = Run(json::array({Pair(8, Pg("b", "b"), My("b", "t")), Pair(8, My("b", "b"), Lite("b", "t")),
                         Pair(8, Lite("b", "b"), Pg("b", "t"))}),
            &inst);
  EXPECT_EQ(inst["run_status"], "ALARMING") << inst.dump() << res.dump();
  for (size_t pair = 0; pair < 3; ++pair) {
    EXPECT_EQ(Alarm(res, pair), "true") << pair;
    EXPECT_EQ(Shown(res, pair, 1, "Minimum"), "true") << pair;
  }
}

TEST_F(ExactTextHttp, NamesThatNeedQuotingOnEveryEngine) {
  // Mixed case, a space and reserved words, for tables and columns.
  LoadPg(
      "CREATE TABLE %s.\"Order Items\" (\"select\" int, \"Order\" text, \"Mixed Case\" "
      "numeric(10,2)); INSERT INTO %s.\"Order Items\" VALUES (1, 'b', 1.50), (2, 'a', 2.25);"
      "CREATE TABLE %s.\"select\" (\"order\" int); INSERT INTO %s.\"select\" VALUES (7), (8);");
  LoadMy(
      "CREATE TABLE %s.`Order Items` (`select` int, `Order` varchar(5), `Mixed Case` "
      "decimal(10,2)); INSERT INTO %s.`Order Items` VALUES (1, 'b', 1.50), (2, 'a', 2.25);"
      "CREATE TABLE %s.`select` (`order` int); INSERT INTO %s.`select` VALUES (7), (8);"
      // Another table whose name differs only in case: never taken for "Order Items".
      "CREATE TABLE %s.`order items` (`select` int); INSERT INTO %s.`order items` VALUES (1);");
  LoadLite(
      "CREATE TABLE \"Order Items\" (\"select\" INTEGER, \"Order\" TEXT, \"Mixed Case\" TEXT);"
      "INSERT INTO \"Order Items\" VALUES (1, 'b', '1.50'), (2, 'a', '2.25');"
      "CREATE TABLE \"select\" (\"order\" INTEGER); INSERT INTO \"select\" VALUES (7), (8);");
  const std::string t = "Order Items";
  json pairs = json::array();
  for (auto [a, b] :
       {std::pair{Pg(t), My(t)}, std::pair{My(t), Lite(t)}, std::pair{Lite(t), Pg(t)}}) {
    auto col = [](Side s, const std::string& c) {
      s.column = c;
      return s;
    };
    pairs.push_back(Pair(1, a, b));
    pairs.push_back(Pair(6, col(a, "select"), col(b, "select")));
    pairs.push_back(Pair(8, col(a, "Order"), col(b, "Order")));
    pairs.push_back(Pair(6, col(a, "Mixed Case"), col(b, "Mixed Case")));
  }
  pairs.push_back(Pair(8, Pg("select", "order"), My("select", "order")));
  pairs.push_back(Pair(7, My("select", "order"), Lite("select", "order")));
  json inst;
  json res = Run(pairs, &inst);
  EXPECT_EQ(inst["run_status"], "SUCCESS") << inst.dump() << res.dump();
  for (size_t at = 0; at < 12; at += 4) {
    for (int side : {0, 1}) {
      EXPECT_EQ(Shown(res, at, side, "Total Rows"), "2") << at;
      EXPECT_EQ(Shown(res, at + 1, side, "Sum"), "3") << at;
      EXPECT_EQ(Shown(res, at + 2, side, "Minimum"), "a") << at;
      EXPECT_EQ(Shown(res, at + 3, side, "Sum"), "3.75") << at;
    }
  }
  EXPECT_EQ(Shown(res, 0, 0, "Name"), "1_" + space_ + ".Order Items");
  EXPECT_EQ(Shown(res, 12, 1, "Minimum"), "7");
  EXPECT_EQ(Shown(res, 13, 1, "Maximum"), "8");

  res = Run(json::array({Pair(1, Pg(t), My("order items"))}), &inst);
  EXPECT_EQ(inst["run_status"], "ALARMING") << inst.dump() << res.dump();
  EXPECT_EQ(Shown(res, 0, 1, "Total Rows"), "1");
}

}  // namespace
}  // namespace dqctest
