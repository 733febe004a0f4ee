// 64-bit, time-ordered IDs for jobs, rules and instances (DESIGN §3.1).
//
// Layout: 10^18 + (milliseconds since 2020-01-01 << 22 | server << 12 | sequence << 1 | 1). Every
// ID has 19 digits and is odd (so a client that rounds above 2^53 fails at once, on every ID),
// stays below 2^63 until about 2082, and servers with different numbers (0..1023) never collide;
// 2,048 IDs per millisecond and server.
#pragma once

#include <cstdint>
#include <mutex>

namespace dqc {

class IdGenerator {
 public:
  explicit IdGenerator(uint32_t server_number = 0);
  int64_t Next();

 private:
  std::mutex mu_;
  uint32_t server_;
  int64_t last_ms_ = 0;
  int64_t sequence_ = 0;
};

// Milliseconds since the Unix epoch (wall clock), the unit of every API timestamp.
int64_t NowMillis();

}  // namespace dqc
