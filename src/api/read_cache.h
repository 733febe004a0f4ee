// Answers of hot read paths (who a token is in a workspace, a job's details) kept in memory under
// the store's DataVersion(): any commit anywhere changes the version and empties the cache, so a
// hit is exactly what the store would answer now. A read path that is hit by GET load (dashboards,
// SDK polling) then costs a hash lookup instead of several SQLite queries and a JSON rendering.
#pragma once

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace dqc::api {

template <typename Value>
class VersionedCache {
 public:
  explicit VersionedCache(size_t max_entries) : max_entries_(max_entries) {}

  // The value stored under `key` at `version`, if the cache still holds that version.
  std::optional<Value> Get(const std::string& key, uint64_t version) {
    if (version == 0) return std::nullopt;
    std::lock_guard<std::mutex> lock(mu_);
    if (version != version_) return std::nullopt;
    auto it = entries_.find(key);
    if (it == entries_.end()) return std::nullopt;
    return it->second;
  }

  // Stores `value`, read after DataVersion() returned `version`. A newer version empties the
  // cache first; a full cache starts over (memory stays bounded without an eviction order).
  void Put(const std::string& key, uint64_t version, Value value) {
    if (version == 0) return;
    std::lock_guard<std::mutex> lock(mu_);
    if (version != version_) {
      entries_.clear();
      version_ = version;
    }
    if (entries_.size() >= max_entries_) entries_.clear();
    entries_.insert_or_assign(key, std::move(value));
  }

 private:
  const size_t max_entries_;
  std::mutex mu_;
  uint64_t version_ = 0;
  std::unordered_map<std::string, Value> entries_;
};

}  // namespace dqc::api
