// dqc's reader of the system zone database (src/engine/time_zone.h): offsets, wall-clock times
// around daylight-saving changes (PostgreSQL's choices), the POSIX rule past the last transition,
// and damaged input.
#include "engine/time_zone.h"

#include <gtest/gtest.h>

namespace dqc {
namespace {

TEST(TimeZone, BerlinOffsetsAndChanges) {
  auto zone = TimeZone::Load("Europe/Berlin");
  ASSERT_TRUE(zone.ok()) << zone.status().message();
  // 2024-01-15 12:00 UTC (CET) and 2024-07-01 12:00 UTC (CEST).
  EXPECT_EQ((*zone)->OffsetAt(1705320000), 3600);
  EXPECT_EQ((*zone)->OffsetAt(1719835200), 7200);
  // 2024-10-27 02:30 happens twice: the offset after the change (+01:00) -> 01:30 UTC.
  EXPECT_EQ((*zone)->ToUtc(1729996200), 1729996200 - 3600);
  // 2024-03-31 02:30 does not exist: the offset before the change (+01:00) -> 01:30 UTC.
  EXPECT_EQ((*zone)->ToUtc(1711852200), 1711852200 - 3600);
  // The next instants either side of the changes.
  EXPECT_EQ((*zone)->ToUtc(1711852200 + 3600), 1711852200 + 3600 - 7200);  // 03:30 CEST
  EXPECT_EQ((*zone)->ToUtc(1729996200 - 3600), 1729996200 - 3600 - 7200);  // 01:30 CEST
}

TEST(TimeZone, DateTimeTextToUtc) {
  auto utc = LocalDateTimeToUtc("2024-07-01 14:00:00.25", "Europe/Berlin");
  ASSERT_TRUE(utc.ok()) << utc.status().message();
  EXPECT_EQ(*utc, "2024-07-01 12:00:00.25");
  EXPECT_EQ(*LocalDateTimeToUtc("2024-01-01 00:30:00", "Europe/Berlin"), "2023-12-31 23:30:00");
  EXPECT_EQ(*LocalDateTimeToUtc("2024-12-31 20:00:00", "America/New_York"), "2025-01-01 01:00:00");
  EXPECT_EQ(*LocalDateTimeToUtc("1960-06-01 12:00:00", "UTC"), "1960-06-01 12:00:00");
  // Past the file's last transition: the POSIX rule of its footer (CET-1CEST,M3.5.0,M10.5.0/3).
  EXPECT_EQ(*LocalDateTimeToUtc("2100-07-01 14:00:00", "Europe/Berlin"), "2100-07-01 12:00:00");
  EXPECT_EQ(*LocalDateTimeToUtc("2100-12-01 14:00:00", "Europe/Berlin"), "2100-12-01 13:00:00");
  EXPECT_EQ(*LocalDateTimeToUtc("2100-03-01 12:00:00", "Australia/Sydney"),
            "2100-03-01 01:00:00");  // southern summer, +11:00
  EXPECT_FALSE(LocalDateTimeToUtc("2024-02-30 00:00:00", "UTC").ok());
  EXPECT_FALSE(LocalDateTimeToUtc("yesterday", "UTC").ok());
  EXPECT_FALSE(LocalDateTimeToUtc("2024-01-01 00:00:00", "No/Such_Zone").ok());
  EXPECT_FALSE(LocalDateTimeToUtc("2024-01-01 00:00:00", "../etc/passwd").ok());
}

TEST(TimeZone, DamagedDataIsAnError) {
  EXPECT_FALSE(TimeZone::Parse("x", "").ok());
  EXPECT_FALSE(TimeZone::Parse("x", std::string("TZif2") + std::string(60, '\0')).ok());
}

}  // namespace
}  // namespace dqc
