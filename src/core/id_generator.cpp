#include "core/id_generator.h"

#include <chrono>
#include <thread>

namespace dqc {
namespace {
constexpr int64_t kEpoch2020Ms = 1577836800000;
constexpr int64_t kBase = 1000000000000000000;  // 10^18
}  // namespace

int64_t NowMillis() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

IdGenerator::IdGenerator(uint32_t server_number) : server_(server_number & 1023u) {}

int64_t IdGenerator::Next() {
  std::lock_guard<std::mutex> lock(mu_);
  int64_t now = NowMillis() - kEpoch2020Ms;
  if (now <= last_ms_) {
    // Same millisecond or a clock that stepped back: keep counting from the last one so IDs never
    // repeat or go backwards within this process.
    now = last_ms_;
    if (++sequence_ > 2047) {
      ++last_ms_;
      now = last_ms_;
      sequence_ = 0;
    }
  } else {
    sequence_ = 0;
  }
  last_ms_ = now;
  // The lowest bit is always 1: an odd number above 2^53 is never exact as a double, so a client
  // that rounds IDs through doubles fails on every ID, not only on some.
  return kBase + ((now << 22) | (static_cast<int64_t>(server_) << 12) | (sequence_ << 1) | 1);
}

}  // namespace dqc
