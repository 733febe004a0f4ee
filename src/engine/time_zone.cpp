#include "engine/time_zone.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>

namespace dqc {
namespace {

constexpr int64_t kDay = 86400;

int64_t BigEndian(const std::string& data, size_t at, int bytes) {
  uint64_t v = 0;
  for (int i = 0; i < bytes; ++i) v = (v << 8) | static_cast<unsigned char>(data[at + i]);
  if (bytes == 4) return static_cast<int32_t>(static_cast<uint32_t>(v));
  return static_cast<int64_t>(v);
}

int64_t DaysFromCivil(int y, unsigned m, unsigned d) {
  using namespace std::chrono;
  return sys_days(year_month_day(year(y), month(m), day(d))).time_since_epoch().count();
}

// Day of month of rule "Mm.w.d" (week 5 = the last such weekday) in year `y`.
int64_t RuleDay(int y, int month, int week, int weekday) {
  const int64_t first = DaysFromCivil(y, static_cast<unsigned>(month), 1);
  const int first_weekday = static_cast<int>(((first % 7) + 11) % 7);  // 1970-01-01: Thursday
  int64_t day = first + (weekday - first_weekday + 7) % 7 + 7 * (week - 1);
  const int next_month = month == 12 ? 1 : month + 1;
  const int64_t month_end = DaysFromCivil(month == 12 ? y + 1 : y, next_month, 1);
  while (day >= month_end) day -= 7;
  return day;
}

// POSIX TZ pieces: a name ("CET" or "<+03>"), an offset ("-1", "+5:30", "3"), a time ("/3").
bool SkipName(const std::string& s, size_t& i) {
  if (i < s.size() && s[i] == '<') {
    size_t end = s.find('>', i);
    if (end == std::string::npos) return false;
    i = end + 1;
    return true;
  }
  size_t start = i;
  while (i < s.size() && std::isalpha(static_cast<unsigned char>(s[i]))) ++i;
  return i - start >= 3;
}

bool ReadHms(const std::string& s, size_t& i, int64_t& out) {
  int sign = 1;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) sign = s[i++] == '-' ? -1 : 1;
  int64_t total = 0;
  for (int part = 0; part < 3; ++part) {
    if (part > 0) {
      if (i >= s.size() || s[i] != ':') break;
      ++i;
    }
    if (i >= s.size() || !std::isdigit(static_cast<unsigned char>(s[i]))) return false;
    int64_t n = 0;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i])))
      n = n * 10 + (s[i++] - '0');
    total += n * (part == 0 ? 3600 : (part == 1 ? 60 : 1));
  }
  out = sign * total;
  return true;
}

bool ReadDate(const std::string& s, size_t& i, int& month, int& week, int& day, int64_t& time) {
  // Only the Mm.w.d form: every zone of the tz database uses it.
  if (i >= s.size() || s[i] != 'M') return false;
  ++i;
  int* fields[3] = {&month, &week, &day};
  for (int f = 0; f < 3; ++f) {
    if (f > 0 && (i >= s.size() || s[i++] != '.')) return false;
    if (i >= s.size() || !std::isdigit(static_cast<unsigned char>(s[i]))) return false;
    int n = 0;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i])))
      n = n * 10 + (s[i++] - '0');
    *fields[f] = n;
  }
  if (month < 1 || month > 12 || week < 1 || week > 5 || day > 6) return false;
  time = 7200;
  if (i < s.size() && s[i] == '/') return ReadHms(s, ++i, time);
  return true;
}

std::mutex& CacheMutex() {
  static std::mutex mu;
  return mu;
}

}  // namespace

std::optional<TimeZone::Rule> TimeZone::ParseRule(const std::string& s) {
  Rule r;
  size_t i = 0;
  int64_t west = 0;
  if (!SkipName(s, i) || !ReadHms(s, i, west)) return std::nullopt;
  r.std_offset = -west;  // POSIX offsets count west of Greenwich
  if (i == s.size()) return r;
  if (!SkipName(s, i)) return std::nullopt;
  r.has_dst = true;
  r.dst_offset = r.std_offset + 3600;
  if (i < s.size() && s[i] != ',') {
    if (!ReadHms(s, i, west)) return std::nullopt;
    r.dst_offset = -west;
  }
  if (i >= s.size() || s[i++] != ',') return std::nullopt;
  if (!ReadDate(s, i, r.start_month, r.start_week, r.start_day, r.start_time)) return std::nullopt;
  if (i >= s.size() || s[i++] != ',') return std::nullopt;
  if (!ReadDate(s, i, r.end_month, r.end_week, r.end_day, r.end_time)) return std::nullopt;
  if (i != s.size()) return std::nullopt;
  return r;
}

int64_t TimeZone::RuleOffsetAt(int64_t utc) const {
  const Rule& r = *rule_;
  if (!r.has_dst) return r.std_offset;
  using namespace std::chrono;
  const year_month_day ymd{
      sys_days(days((utc + r.std_offset) / kDay - ((utc + r.std_offset) % kDay < 0 ? 1 : 0)))};
  const int y = static_cast<int>(ymd.year());
  const int64_t start =
      RuleDay(y, r.start_month, r.start_week, r.start_day) * kDay + r.start_time - r.std_offset;
  const int64_t end =
      RuleDay(y, r.end_month, r.end_week, r.end_day) * kDay + r.end_time - r.dst_offset;
  const bool dst = start < end ? (utc >= start && utc < end) : !(utc >= end && utc < start);
  return dst ? r.dst_offset : r.std_offset;
}

Result<std::shared_ptr<const TimeZone>> TimeZone::Parse(const std::string& name,
                                                        const std::string& data) {
  auto damaged = [&](const char* why) {
    return Status::Invalid("time zone " + name + ": damaged zone data (" + why + ")");
  };
  if (data.size() < 44 || data.compare(0, 4, "TZif") != 0) return damaged("not TZif");
  auto counts = [&](size_t at, int64_t c[6]) {
    for (int k = 0; k < 6; ++k) c[k] = BigEndian(data, at + 20 + 4 * static_cast<size_t>(k), 4);
  };
  int64_t c[6];  // isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt
  counts(0, c);
  auto block_size = [&](int time_bytes) {
    return static_cast<size_t>(c[3] * time_bytes + c[3] + c[4] * 6 + c[5] +
                               c[2] * (time_bytes + 4) + c[1] + c[0]);
  };
  size_t at = 44;
  int time_bytes = 4;
  if (data[4] >= '2') {  // skip the 32-bit block: the 64-bit one follows with its own header
    at += block_size(4);
    if (data.size() < at + 44 || data.compare(at, 4, "TZif") != 0) return damaged("no v2 header");
    counts(at, c);
    at += 44;
    time_bytes = 8;
  }
  if (c[4] < 1 || data.size() < at + block_size(time_bytes)) return damaged("truncated");
  auto zone = std::make_shared<TimeZone>();
  const size_t times_at = at, index_at = at + static_cast<size_t>(c[3] * time_bytes);
  const size_t types_at = index_at + static_cast<size_t>(c[3]);
  auto type_offset = [&](int64_t type) {
    return BigEndian(data, types_at + 6 * static_cast<size_t>(type), 4);
  };
  for (int64_t k = 0; k < c[3]; ++k) {
    const int64_t type = static_cast<unsigned char>(data[index_at + static_cast<size_t>(k)]);
    if (type >= c[4]) return damaged("bad type index");
    zone->transitions_.push_back(
        BigEndian(data, times_at + static_cast<size_t>(k * time_bytes), time_bytes));
    zone->offsets_.push_back(type_offset(type));
  }
  zone->initial_offset_ = type_offset(0);  // RFC 8536 §3.2: type 0 applies before the first
  if (time_bytes == 8) {
    const size_t footer = at + block_size(8);
    if (footer < data.size() && data[footer] == '\n') {
      const size_t end = data.find('\n', footer + 1);
      if (end != std::string::npos)
        zone->rule_ = ParseRule(data.substr(footer + 1, end - footer - 1));
    }
  }
  return std::shared_ptr<const TimeZone>(std::move(zone));
}

Result<std::shared_ptr<const TimeZone>> TimeZone::Load(const std::string& name) {
  static std::map<std::string, std::shared_ptr<const TimeZone>> cache;
  std::lock_guard<std::mutex> lock(CacheMutex());
  auto it = cache.find(name);
  if (it != cache.end()) return it->second;
  // Names were checked when the connection was written (api/connections.cpp); check again, since
  // the name becomes a path.
  if (name.empty() || name.front() == '/' || name.find("..") != std::string::npos) {
    return Status::Invalid("'" + name + "' is not a time zone name");
  }
  std::ifstream in("/usr/share/zoneinfo/" + name, std::ios::binary);
  if (!in) {
    return Status::Unavailable("time zone " + name +
                               " is not in /usr/share/zoneinfo (is package tzdata installed?)");
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  auto zone = Parse(name, buffer.str());
  if (!zone.ok()) return zone.status();
  cache[name] = *zone;
  return *zone;
}

int64_t TimeZone::OffsetAt(int64_t utc) const {
  if (transitions_.empty() || utc < transitions_.front()) {
    return transitions_.empty() && rule_ ? RuleOffsetAt(utc) : initial_offset_;
  }
  if (utc >= transitions_.back() && rule_) return RuleOffsetAt(utc);
  auto it = std::upper_bound(transitions_.begin(), transitions_.end(), utc);
  return offsets_[static_cast<size_t>(it - transitions_.begin()) - 1];
}

int64_t TimeZone::ToUtc(int64_t local) const {
  // Offsets a day either side of the wall-clock time: any change near it lies between them.
  const int64_t before = OffsetAt(local - kDay), after = OffsetAt(local + kDay);
  if (before == after) return local - before;
  const bool before_fits = OffsetAt(local - before) == before;
  const bool after_fits = OffsetAt(local - after) == after;
  if (before_fits && after_fits) return local - after;  // repeated hour: the offset after
  if (after_fits) return local - after;
  return local - before;  // before_fits, or the missing hour: the offset before
}

Result<std::string> LocalDateTimeToUtc(const std::string& text, const std::string& zone_name) {
  auto not_datetime = [&] {
    return Status::Invalid("'" + text + "' is not a date-time (YYYY-MM-DD HH:MM:SS)");
  };
  // YYYY-MM-DD HH:MM:SS at fixed positions; a fraction may follow.
  if (text.size() < 19 || text[4] != '-' || text[7] != '-' || text[10] != ' ' || text[13] != ':' ||
      text[16] != ':' || (text.size() > 19 && text[19] != '.')) {
    return not_datetime();
  }
  int f[6];
  const size_t pos[6] = {0, 5, 8, 11, 14, 17}, len[6] = {4, 2, 2, 2, 2, 2};
  for (int k = 0; k < 6; ++k) {
    f[k] = 0;
    for (size_t j = pos[k]; j < pos[k] + len[k]; ++j) {
      if (!std::isdigit(static_cast<unsigned char>(text[j]))) return not_datetime();
      f[k] = f[k] * 10 + (text[j] - '0');
    }
  }
  using namespace std::chrono;
  const year_month_day ymd{year(f[0]), month(static_cast<unsigned>(f[1])),
                           day(static_cast<unsigned>(f[2]))};
  if (!ymd.ok() || f[3] > 23 || f[4] > 59 || f[5] > 60) return not_datetime();
  auto zone = TimeZone::Load(zone_name);
  if (!zone.ok()) return zone.status();
  const int64_t local =
      sys_days(ymd).time_since_epoch().count() * kDay + f[3] * 3600 + f[4] * 60 + f[5];
  const int64_t utc = (*zone)->ToUtc(local);
  const int64_t days_part = utc / kDay - (utc % kDay < 0 ? 1 : 0);
  const int64_t secs = utc - days_part * kDay;
  const year_month_day out{sys_days(days(days_part))};
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u %02d:%02d:%02d", static_cast<int>(out.year()),
                static_cast<unsigned>(out.month()), static_cast<unsigned>(out.day()),
                static_cast<int>(secs / 3600), static_cast<int>(secs / 60 % 60),
                static_cast<int>(secs % 60));
  return std::string(buf) + text.substr(19);
}

}  // namespace dqc
