// Wall-clock times of a named IANA zone turned into UTC (DESIGN §6: timestamps compare in UTC; a
// naive timestamp is taken in its connection's `timezone`). Zones are read from the system's
// database (/usr/share/zoneinfo, Debian package tzdata) by dqc's own TZif reader: libstdc++ 12 has
// no std::chrono::locate_zone, and localtime_r would need the process-wide TZ variable, which
// other threads (logging) read at the same time.
//
// Across a daylight-saving change dqc does what PostgreSQL does with `ts AT TIME ZONE zone`:
//   - a time in the repeated hour (autumn, Europe/Berlin 2024-10-27 02:30) takes the offset in
//     force after the change (+01:00, so 01:30 UTC): the later of the two instants;
//   - a time in the missing hour (spring, 2024-03-31 02:30) takes the offset in force before the
//     change (+01:00, so 01:30 UTC, which is 03:30 summer time).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"

namespace dqc {

class TimeZone {
 public:
  // The zone `name` ("UTC", "Europe/Berlin"); loaded once per process and shared (thread-safe).
  static Result<std::shared_ptr<const TimeZone>> Load(const std::string& name);
  // Parses TZif data (RFC 8536, versions 1 to 4).
  static Result<std::shared_ptr<const TimeZone>> Parse(const std::string& name,
                                                       const std::string& tzif);

  // Seconds east of UTC in force at `utc` (seconds since 1970-01-01 UTC).
  int64_t OffsetAt(int64_t utc) const;
  // The UTC instant of wall-clock time `local` (seconds since 1970-01-01, read as if in UTC).
  int64_t ToUtc(int64_t local) const;

 private:
  // A POSIX TZ rule ("CET-1CEST,M3.5.0,M10.5.0/3") for times past the last transition.
  struct Rule {
    int64_t std_offset = 0, dst_offset = 0;  // seconds east of UTC
    bool has_dst = false;
    int start_month = 0, start_week = 0, start_day = 0;
    int64_t start_time = 7200;  // local time of day (standard time) the change happens
    int end_month = 0, end_week = 0, end_day = 0;
    int64_t end_time = 7200;  // local time of day (summer time)
  };
  static std::optional<Rule> ParseRule(const std::string& text);
  int64_t RuleOffsetAt(int64_t utc) const;

  std::vector<int64_t> transitions_;  // UTC instants, ascending
  std::vector<int64_t> offsets_;      // offsets_[i] in force from transitions_[i]
  int64_t initial_offset_ = 0;        // before the first transition
  std::optional<Rule> rule_;          // after the last one (else the last offset stays)
};

// "2024-10-27 02:30:00.25" as a wall-clock time of `zone` -> the same instant in UTC, in the same
// form ("2024-10-27 01:30:00.25"); the fraction is kept as written. An error when the text is not
// "YYYY-MM-DD HH:MM:SS[.fraction]" or the zone does not load.
Result<std::string> LocalDateTimeToUtc(const std::string& datetime, const std::string& zone);

}  // namespace dqc
