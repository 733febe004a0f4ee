// Exact numbers across engines (issue 3, item 5), through the real server: integer sums past 2^63
// (SQLite's own sum() would overflow), NUMERIC(38,10) sums with every digit, averages that dqc
// divides itself, floating sums within the rule's tolerance whatever the row order, NaN and the
// infinities, NULLs and empty tables. A faithful copy passes; a planted difference alarms.
#include <gtest/gtest.h>

#include "support/cross_engine_test.h"

namespace dqctest {
namespace {

using ExactNumbersHttp = CrossEngineTest;

// 2 * (2^63 - 1) + (2^63 - 2) - 5: past 2^63 on the way and at the end.
constexpr const char* kBigSum = "27670116110564327415";
constexpr const char* kBigRows =
    "(1, 9223372036854775807), (2, 9223372036854775807), (3, 9223372036854775806), (4, -5), "
    "(5, NULL)";

TEST_F(ExactNumbersHttp, IntegerSumsPastTwoToThe63OnEveryEngine) {
  LoadLite(std::string("CREATE TABLE n (id INTEGER, v INTEGER); INSERT INTO n VALUES ") + kBigRows +
           ";");
  LoadMy(std::string("CREATE TABLE %s.n (id int, v bigint); INSERT INTO %s.n VALUES ") + kBigRows +
         ";");
  LoadPg(std::string("CREATE TABLE %s.n (id int, v bigint); INSERT INTO %s.n VALUES ") + kBigRows +
         "; CREATE TABLE %s.n2 (id int, v bigint); INSERT INTO %s.n2 SELECT * FROM %s.n;"
         "UPDATE %s.n2 SET v = v - 1 WHERE id = 3;");
  json inst;
  json res =
      Run(json::array({Pair(6, Lite("n", "v"), Pg("n", "v")), Pair(5, Pg("n", "v"), Lite("n", "v")),
                       Pair(1, Lite("n"), Pg("n")), Pair(6, Pg("n", "v"), My("n", "v")),
                       Pair(5, My("n", "v"), Lite("n", "v"))}),
          &inst);
  EXPECT_EQ(inst["run_status"], "SUCCESS") << inst.dump() << res.dump();
  for (int side : {0, 1}) {
    EXPECT_EQ(Shown(res, 0, side, "Sum"), kBigSum);
    EXPECT_EQ(Shown(res, 3, side, "Sum"), kBigSum);
    EXPECT_EQ(Shown(res, 4, side, "Average"), "6917529027641081853.75");
    EXPECT_EQ(Shown(res, 1, side, "Average"), "6917529027641081853.75");  // exact sum / 4
    EXPECT_EQ(Shown(res, 2, side, "Total Rows"), "5");
  }

  // One unit off in the last digit of a 20-digit sum alarms.
  res = Run(
      json::array({Pair(6, Lite("n", "v"), Pg("n2", "v")), Pair(5, Lite("n", "v"), Pg("n2", "v"))}),
      &inst);
  EXPECT_EQ(inst["run_status"], "ALARMING") << inst.dump() << res.dump();
  EXPECT_EQ(Alarm(res, 0), "true");
  EXPECT_EQ(Shown(res, 0, 1, "Sum"), "27670116110564327414");
  EXPECT_EQ(Alarm(res, 1), "true");  // 6917529027641081853.5 against ...853.75
}

// 38 significant digits, 10 of them fractional; the sum needs all 38.
constexpr const char* kDecimalRows =
    "(1, 1234567890123456789012345678.0123456789), (2, 8765432109876543210987654321.9876543211), "
    "(3, -0.0000000001), (4, NULL)";

TEST_F(ExactNumbersHttp, Decimal38SumsKeepEveryDigitPostgresMariadbSqlite) {
  LoadPg(std::string("CREATE TABLE %s.d (id int, v numeric(38,10)); INSERT INTO %s.d VALUES ") +
         kDecimalRows + ";");
  LoadMy(std::string("CREATE TABLE %s.d (id int, v decimal(38,10)); INSERT INTO %s.d VALUES ") +
         kDecimalRows +
         "; CREATE TABLE %s.d2 (id int, v decimal(38,10)); INSERT INTO %s.d2 SELECT * FROM %s.d;"
         "UPDATE %s.d2 SET v = 1234567890123456789012345678.0123456788 WHERE id = 1;");
  // SQLite's NUMERIC affinity would turn these into doubles (15 digits); a copy keeps them as
  // text, which dqc's sum reads exactly.
  LoadLite(
      "CREATE TABLE d (id INTEGER, v TEXT); INSERT INTO d VALUES "
      "(1, '1234567890123456789012345678.0123456789'), "
      "(2, '8765432109876543210987654321.9876543211'), (3, '-0.0000000001'), (4, NULL);");
  json inst;
  json res = Run(
      json::array({Pair(6, Pg("d", "v"), My("d", "v")), Pair(5, Pg("d", "v"), My("d", "v")),
                   Pair(6, My("d", "v"), Lite("d", "v")), Pair(5, Lite("d", "v"), My("d", "v"))}),
      &inst);
  EXPECT_EQ(inst["run_status"], "SUCCESS") << inst.dump() << res.dump();
  for (int side : {0, 1}) {
    EXPECT_EQ(Shown(res, 0, side, "Sum"), "9999999999999999999999999999.9999999999");
    EXPECT_EQ(Shown(res, 2, side, "Sum"), "9999999999999999999999999999.9999999999");
    // PostgreSQL's avg would say ...333.3333333333333333, MariaDB's ...333.33333333330000.
    EXPECT_EQ(Shown(res, 1, side, "Average"), "3333333333333333333333333333.3333333333");
    EXPECT_EQ(Shown(res, 3, side, "Average"), "3333333333333333333333333333.3333333333");
  }

  // The 38th digit differs on one row.
  res = Run(
      json::array({Pair(6, Pg("d", "v"), My("d2", "v")), Pair(6, Lite("d", "v"), My("d2", "v"))}),
      &inst);
  EXPECT_EQ(inst["run_status"], "ALARMING") << inst.dump() << res.dump();
  EXPECT_EQ(Alarm(res, 0), "true");
  EXPECT_EQ(Alarm(res, 1), "true");
  EXPECT_EQ(Shown(res, 0, 1, "Sum"), "9999999999999999999999999999.9999999998");
}

TEST_F(ExactNumbersHttp, AveragesAreDqcsOwnDivisionOnEveryEngine) {
  // 5 / 3: PostgreSQL's avg gives 1.6666666666666667, MariaDB's 1.6667 (BIGINT) or
  // 1.66666666666667 (DECIMAL), SQLite's a double. dqc divides the exact sum: 20 digits.
  const std::string rows = "(1, 1, 1.0), (2, 2, 2.0), (3, 2, 2.0), (4, NULL, NULL)";
  LoadPg("CREATE TABLE %s.a (id int, i bigint, d numeric(38,10)); INSERT INTO %s.a VALUES " + rows +
         ";");
  LoadMy("CREATE TABLE %s.a (id int, i bigint, d decimal(38,10)); INSERT INTO %s.a VALUES " + rows +
         ";");
  LoadLite("CREATE TABLE a (id INTEGER, i INTEGER, d TEXT); INSERT INTO a VALUES " + rows + ";");
  json inst;
  json res = Run(
      json::array({Pair(5, Pg("a", "i"), My("a", "i")), Pair(5, Pg("a", "d"), My("a", "d")),
                   Pair(5, My("a", "i"), Lite("a", "i")), Pair(5, Lite("a", "i"), Pg("a", "d"))}),
      &inst);
  EXPECT_EQ(inst["run_status"], "SUCCESS") << inst.dump() << res.dump();
  for (size_t pair = 0; pair < 4; ++pair) {
    for (int side : {0, 1}) {
      EXPECT_EQ(Shown(res, pair, side, "Average"), "1.66666666666666666667") << pair;
    }
  }
}

TEST_F(ExactNumbersHttp, FloatingSumsWithinToleranceInAnyRowOrder) {
  // PostgreSQL adds 0.1 + 0.2 + 0.3 (0.6000000000000001), MariaDB 0.3 + 0.2 + 0.1 (0.6); SQLite's
  // dqc_sum adds the decimals exactly (0.6). Equal within the default relative 1e-9.
  LoadPg(
      "CREATE TABLE %s.f (id int PRIMARY KEY, f double precision, g double precision);"
      "INSERT INTO %s.f VALUES (1, 0.1, 0.1), (2, 0.2, 0.2), (3, 0.3, 0.3);");
  LoadMy(
      "CREATE TABLE %s.f (id int PRIMARY KEY, f double, g double);"
      "INSERT INTO %s.f VALUES (1, 0.3, 0.3000001), (2, 0.2, 0.2), (3, 0.1, 0.1);");
  LoadLite(
      "CREATE TABLE f (id INTEGER PRIMARY KEY, f REAL, g REAL);"
      "INSERT INTO f VALUES (1, 0.2, 0.2), (2, 0.3, 0.3), (3, 0.1, 0.1);");
  const std::string args = R"({"relative_tolerance":1e-9,"absolute_tolerance":0})";
  json inst;
  json res =
      Run(json::array(
              {Pair(6, Pg("f", "f"), My("f", "f")), Pair(6, Pg("f", "f"), My("f", "f"), args),
               Pair(5, Pg("f", "f"), My("f", "f")), Pair(6, My("f", "f"), Lite("f", "f")),
               Pair(6, Lite("f", "f"), Pg("f", "f"), args), Pair(7, Lite("f", "f"), Pg("f", "f"))}),
          &inst);
  EXPECT_EQ(inst["run_status"], "SUCCESS") << inst.dump() << res.dump();
  EXPECT_EQ(Shown(res, 0, 0, "Sum"), "0.6000000000000001");
  EXPECT_EQ(Shown(res, 0, 1, "Sum"), "0.6");
  EXPECT_EQ(Shown(res, 3, 1, "Sum"), "0.6");
  EXPECT_EQ(Shown(res, 5, 0, "Maximum"), "0.3");

  // 0.3000001 for 0.3: a relative difference of 1.7e-7 is beyond 1e-9, within 1e-6.
  res = Run(
      json::array({Pair(6, Pg("f", "g"), My("f", "g")), Pair(6, Pg("f", "g"), My("f", "g"), args),
                   Pair(6, Pg("f", "g"), My("f", "g"), R"({"relative_tolerance":1e-6})"),
                   Pair(6, My("f", "g"), Lite("f", "g"))}),
      &inst);
  EXPECT_EQ(inst["run_status"], "ALARMING") << inst.dump() << res.dump();
  EXPECT_EQ(Alarm(res, 0), "true");
  EXPECT_EQ(Alarm(res, 1), "true");
  EXPECT_EQ(Alarm(res, 2), "false");
  EXPECT_EQ(Alarm(res, 3), "true");
}

TEST_F(ExactNumbersHttp, NanInfinityAndNegativeZero) {
  // PostgreSQL and SQLite hold the infinities (SQLite writes 9e999), and -0.0 equals 0.
  LoadPg(
      "CREATE TABLE %s.x (id int, f double precision, g double precision);"
      "INSERT INTO %s.x VALUES (1, 'Infinity', '-Infinity'), (2, '-0', 2), (3, 1.5, NULL);"
      "CREATE TABLE %s.z (id int, h double precision);"
      "INSERT INTO %s.z VALUES (1, '-0'), (2, 0.5);"
      "CREATE TABLE %s.nan (id int, f double precision);"
      "INSERT INTO %s.nan VALUES (1, 'NaN'), (2, 1.5), (3, 'Infinity');");
  LoadLite(
      "CREATE TABLE x (id INTEGER, f REAL, g REAL);"
      "INSERT INTO x VALUES (1, 9e999, -9e999), (2, -0.0, 2), (3, 1.5, NULL);"
      // What a copy of table nan into SQLite holds: SQLite stores NaN as NULL.
      "CREATE TABLE nan (id INTEGER, f REAL); INSERT INTO nan VALUES (1, NULL), (2, 1.5), "
      "(3, 9e999);");
  // MariaDB cannot store NaN or the infinities: a copy holds NULL there.
  LoadMy(
      "CREATE TABLE %s.z (id int, h double); INSERT INTO %s.z VALUES (1, -0.0), (2, 0.5);"
      "CREATE TABLE %s.nan (id int, f double);"
      "INSERT INTO %s.nan VALUES (1, NULL), (2, 1.5), (3, NULL);");
  json inst;
  json res =
      Run(json::array({Pair(6, Pg("x", "f"), Lite("x", "f")), Pair(7, Pg("x", "f"), Lite("x", "f")),
                       Pair(8, Lite("x", "f"), Pg("x", "f")), Pair(6, Lite("x", "g"), Pg("x", "g")),
                       Pair(8, Pg("x", "g"), Lite("x", "g")), Pair(5, Pg("x", "f"), Lite("x", "f")),
                       Pair(8, Pg("z", "h"), My("z", "h")), Pair(6, My("z", "h"), Pg("z", "h"))}),
          &inst);
  EXPECT_EQ(inst["run_status"], "SUCCESS") << inst.dump() << res.dump();
  for (int side : {0, 1}) {
    EXPECT_EQ(Shown(res, 0, side, "Sum"), "Infinity");
    EXPECT_EQ(Shown(res, 1, side, "Maximum"), "Infinity");
    EXPECT_EQ(Shown(res, 2, side, "Minimum"), "0");  // -0.0
    EXPECT_EQ(Shown(res, 3, side, "Sum"), "-Infinity");
    EXPECT_EQ(Shown(res, 4, side, "Minimum"), "-Infinity");
    EXPECT_EQ(Shown(res, 5, side, "Average"), "Infinity");
    EXPECT_EQ(Shown(res, 6, side, "Minimum"), "0");
    EXPECT_EQ(Shown(res, 7, side, "Sum"), "0.5");
  }

  // NaN equals only NaN (PostgreSQL against itself); lost in a copy, it alarms.
  res =
      Run(json::array(
              {Pair(6, Pg("nan", "f"), Pg("nan", "f")), Pair(6, Pg("nan", "f"), Lite("nan", "f")),
               Pair(2, Pg("nan", "f"), Lite("nan", "f")), Pair(7, Pg("nan", "f"), My("nan", "f"))}),
          &inst);
  EXPECT_EQ(inst["run_status"], "ALARMING") << inst.dump() << res.dump();
  EXPECT_EQ(Alarm(res, 0), "false");
  EXPECT_EQ(Shown(res, 0, 0, "Sum"), "NaN");
  EXPECT_EQ(Alarm(res, 1), "true");
  EXPECT_EQ(Shown(res, 1, 1, "Sum"), "Infinity");
  EXPECT_EQ(Alarm(res, 2), "true");  // 0 NULLs against 1
  EXPECT_EQ(Alarm(res, 3), "true");
  EXPECT_EQ(Shown(res, 3, 0, "Maximum"), "NaN");  // PostgreSQL orders NaN above every number
  EXPECT_EQ(Shown(res, 3, 1, "Maximum"), "1.5");
}

TEST_F(ExactNumbersHttp, NullsAndEmptyTablesMariadbAndSqlite) {
  const std::string schema = "(id int, v int, w int)";
  const std::string rows = "(1, 1, NULL), (2, NULL, NULL), (3, NULL, NULL)";
  LoadMy("CREATE TABLE %s.z " + schema + "; INSERT INTO %s.z VALUES " + rows +
         "; CREATE TABLE %s.e (id int, v int);");
  LoadPg("CREATE TABLE %s.e (id int, v int);");
  LoadLite("CREATE TABLE z " + schema + "; INSERT INTO z VALUES " + rows +
           "; CREATE TABLE e (id int, v int);"
           // A copy that turned NULL into 0.
           "CREATE TABLE z0 " +
           schema + "; INSERT INTO z0 VALUES (1, 1, 0), (2, 0, 0), (3, 0, 0);");
  json inst;
  json res =
      Run(json::array({Pair(2, My("z", "v"), Lite("z", "v")), Pair(6, My("z", "w"), Lite("z", "w")),
                       Pair(5, Lite("z", "w"), My("z", "w")), Pair(7, My("z", "w"), Lite("z", "w")),
                       Pair(1, My("e"), Lite("e")), Pair(6, Lite("e", "v"), My("e", "v")),
                       Pair(8, My("e", "v"), Pg("e", "v")), Pair(3, Pg("e", "v"), Lite("e", "v"))}),
          &inst);
  EXPECT_EQ(inst["run_status"], "SUCCESS") << inst.dump() << res.dump();
  for (int side : {0, 1}) {
    EXPECT_EQ(Shown(res, 0, side, "Null Values"), "2");
    EXPECT_EQ(Shown(res, 1, side, "Sum"), "null");  // a sum over only NULLs has no value
    EXPECT_EQ(Shown(res, 2, side, "Average"), "null");
    EXPECT_EQ(Shown(res, 3, side, "Maximum"), "null");
    EXPECT_EQ(Shown(res, 4, side, "Total Rows"), "0");
    EXPECT_EQ(Shown(res, 5, side, "Sum"), "null");
    EXPECT_EQ(Shown(res, 6, side, "Minimum"), "null");
    EXPECT_EQ(Shown(res, 7, side, "Distinct Values"), "0");
  }

  // NULL is never equal to 0.
  res = Run(json::array({Pair(2, My("z", "v"), Lite("z0", "v")),
                         Pair(6, My("z", "w"), Lite("z0", "w")), Pair(1, My("z"), Lite("z0"))}),
            &inst);
  EXPECT_EQ(inst["run_status"], "ALARMING") << inst.dump() << res.dump();
  EXPECT_EQ(Alarm(res, 0), "true");
  EXPECT_EQ(Shown(res, 0, 1, "Null Values"), "0");
  EXPECT_EQ(Alarm(res, 1), "true");
  EXPECT_EQ(Shown(res, 1, 1, "Sum"), "0");
  EXPECT_EQ(Alarm(res, 2), "false");
}

}  // namespace
}  // namespace dqctest
