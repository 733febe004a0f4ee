// Exact timestamps across engines (issue 3, item 5), through the real server: compared in UTC at
// the coarser precision of the two sides, naive timestamps taken in their connection's
// `timezone`, including the repeated and the missing hour of a daylight-saving change (dqc does
// what PostgreSQL's `AT TIME ZONE` does; see src/engine/time_zone.h).
#include <gtest/gtest.h>

#include "support/cross_engine_test.h"

namespace dqctest {
namespace {

using ExactTimeHttp = CrossEngineTest;

TEST_F(ExactTimeHttp, CoarserPrecisionOfTheTwoSides) {
  LoadPg(
      "CREATE TABLE %s.p (id int, ts timestamp(6), t3 timestamp(3), us timestamp(6));"
      "INSERT INTO %s.p VALUES (1, '2024-01-02 03:04:05.678901', '2024-01-02 03:04:05.678',"
      "  '2024-01-02 03:04:05.678902'),"
      "(2, '2023-12-31 23:59:59.5', '2023-12-31 23:59:59.5', '2023-12-31 23:59:59.5');");
  // DATETIME(0) copies: the seconds agree. dt2 has a second that does not.
  LoadMy(
      "CREATE TABLE %s.p (id int, dt datetime, dt2 datetime);"
      "INSERT INTO %s.p VALUES (1, '2024-01-02 03:04:05', '2024-01-02 03:04:06'),"
      "(2, '2023-12-31 23:59:59', '2023-12-31 23:59:59');");
  LoadLite(
      "CREATE TABLE p (id INTEGER, ts TIMESTAMP, iso DATETIME);"
      "INSERT INTO p VALUES (1, '2024-01-02 03:04:05.678901', '2024-01-02T03:04:05.678Z'),"
      "(2, '2023-12-31 23:59:59.5', '2023-12-31T23:59:59.500Z');");
  json inst;
  json res =
      Run(json::array({Pair(7, Pg("p", "ts"), My("p", "dt")), Pair(8, Pg("p", "ts"), My("p", "dt")),
                       Pair(7, Lite("p", "ts"), Pg("p", "ts")),
                       Pair(8, Pg("p", "t3"), Lite("p", "iso")),
                       Pair(7, My("p", "dt"), Lite("p", "ts"))}),
          &inst);
  EXPECT_EQ(inst["run_status"], "SUCCESS") << inst.dump() << res.dump();
  for (int side : {0, 1}) {
    EXPECT_EQ(Shown(res, 0, side, "Maximum"), "2024-01-02 03:04:05");
    EXPECT_EQ(Shown(res, 1, side, "Minimum"), "2023-12-31 23:59:59");
    EXPECT_EQ(Shown(res, 2, side, "Maximum"), "2024-01-02 03:04:05.678901");
    EXPECT_EQ(Shown(res, 3, side, "Minimum"), "2023-12-31 23:59:59.5");
  }

  // SQLite text keeps its microseconds: one microsecond off alarms there too.
  res = Run(json::array(
                {Pair(7, Pg("p", "ts"), My("p", "dt2")), Pair(7, My("p", "dt2"), Lite("p", "ts")),
                 Pair(8, Pg("p", "ts"), My("p", "dt2")), Pair(7, Lite("p", "ts"), Pg("p", "us"))}),
            &inst);
  EXPECT_EQ(inst["run_status"], "ALARMING") << inst.dump() << res.dump();
  EXPECT_EQ(Alarm(res, 0), "true");
  EXPECT_EQ(Shown(res, 0, 1, "Maximum"), "2024-01-02 03:04:06");
  EXPECT_EQ(Alarm(res, 1), "true");
  EXPECT_EQ(Alarm(res, 2), "false");
  EXPECT_EQ(Alarm(res, 3), "true");
  EXPECT_EQ(Shown(res, 3, 1, "Maximum"), "2024-01-02 03:04:05.678902");
}

TEST_F(ExactTimeHttp, NaiveTimestampsTakenInTheConnectionsTimeZone) {
  // PostgreSQL timestamptz in UTC; MariaDB DATETIME holding Europe/Berlin wall-clock time. Rows 3
  // and 4 lie in the repeated hour (autumn) and the missing hour (spring): PostgreSQL's own
  // conversion of the same wall-clock text gives the instant dqc takes.
  LoadPg(
      "CREATE TABLE %s.z (id int, tz timestamptz(3));"
      "INSERT INTO %s.z VALUES (1, '2024-07-01 12:00:00+00'), (2, '2024-01-15 08:30:00.5+00'),"
      "(3, timestamp '2024-10-27 02:30:00' AT TIME ZONE 'Europe/Berlin'),"
      "(4, timestamp '2024-03-31 02:30:00' AT TIME ZONE 'Europe/Berlin');"
      "CREATE TABLE %s.ny (id int, ts timestamp); INSERT INTO %s.ny VALUES "
      "(1, '2024-01-15 03:30:00'), (2, '2024-07-01 08:00:00');");
  LoadMy(
      "CREATE TABLE %s.z (id int, dt datetime(3));"
      "INSERT INTO %s.z VALUES (1, '2024-07-01 14:00:00'), (2, '2024-01-15 09:30:00.5'),"
      "(3, '2024-10-27 02:30:00'), (4, '2024-03-31 02:30:00');");
  LoadLite(
      "CREATE TABLE ny (id INTEGER, ts TIMESTAMP); INSERT INTO ny VALUES "
      "(1, '2024-01-15 08:30:00'), (2, '2024-07-01 12:00:00');");
  const std::string berlin = ZonedConnection("MYSQL", dbs_.my, "Europe/Berlin");
  const std::string new_york = ZonedConnection("POSTGRESQL", dbs_.pg, "America/New_York");
  ASSERT_FALSE(berlin.empty());
  ASSERT_FALSE(new_york.empty());
  auto in = [](Side s, const std::string& connection) {
    s.connection = connection;
    return s;
  };
  json pairs = json::array();
  for (int id = 1; id <= 4; ++id) {
    const std::string row = "id = " + std::to_string(id);
    pairs.push_back(Pair(7, Pg("z", "tz").Where(row), in(My("z", "dt"), berlin).Where(row)));
  }
  pairs.push_back(Pair(8, in(Pg("ny", "ts"), new_york), Lite("ny", "ts")));
  pairs.push_back(Pair(7, Lite("ny", "ts"), in(Pg("ny", "ts"), new_york)));
  json inst;
  json res = Run(pairs, &inst);
  EXPECT_EQ(inst["run_status"], "SUCCESS") << inst.dump() << res.dump();
  for (int side : {0, 1}) {
    EXPECT_EQ(Shown(res, 0, side, "Maximum"), "2024-07-01 12:00:00");    // CEST, +02:00
    EXPECT_EQ(Shown(res, 1, side, "Maximum"), "2024-01-15 08:30:00.5");  // CET, +01:00
    EXPECT_EQ(Shown(res, 2, side, "Maximum"), "2024-10-27 01:30:00");    // repeated: the later
    EXPECT_EQ(Shown(res, 3, side, "Maximum"), "2024-03-31 01:30:00");    // missing: as 03:30 CEST
    EXPECT_EQ(Shown(res, 4, side, "Minimum"), "2024-01-15 08:30:00");    // EST, -05:00
    EXPECT_EQ(Shown(res, 5, side, "Maximum"), "2024-07-01 12:00:00");    // EDT, -04:00
  }

  // The same wall-clock times read as UTC (the connection's default) are other instants.
  res = Run(json::array({Pair(7, Pg("z", "tz").Where("id = 1"), My("z", "dt").Where("id = 1")),
                         Pair(8, Pg("ny", "ts"), Lite("ny", "ts"))}),
            &inst);
  EXPECT_EQ(inst["run_status"], "ALARMING") << inst.dump() << res.dump();
  EXPECT_EQ(Alarm(res, 0), "true");
  EXPECT_EQ(Shown(res, 0, 1, "Maximum"), "2024-07-01 14:00:00");
  EXPECT_EQ(Alarm(res, 1), "true");
}

}  // namespace
}  // namespace dqctest
