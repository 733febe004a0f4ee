// Seeds a dqc SQLite store directly (not through HTTP), with the store's own bulk insert: for
// tests and benchmarks that need thousands to millions of jobs.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace dqctest {

struct SeedSpec {
  std::string store_path;  // DATA_DIR/dqc.db
  std::string project_id;
  std::string workspace_id;
  std::string connection_id;  // the rules' connection (need not exist for delete/list/details)
  std::string name_prefix = "seed";
  int64_t first_id = 0;  // job i gets first_id + i*8 (its rules take the IDs between)
  int64_t count = 1000;
  int pairs_per_job = 2;
  int64_t batch = 10000;  // jobs per transaction
};

// Returns the job IDs; empty on failure (with the reason on stderr).
std::vector<int64_t> SeedJobs(const SeedSpec& spec);

}  // namespace dqctest
