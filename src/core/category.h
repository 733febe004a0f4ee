// A directory of the job tree; 0 is the root "All" (spec §4.1).
#pragma once

#include <cstdint>
#include <string>

namespace dqc {

struct Category {
  int64_t id = 0;
  int64_t parent_id = 0;
  std::string name;
};

inline constexpr int kMaxCategoryDepth = 7;  // levels below the root, as in the console

}  // namespace dqc
