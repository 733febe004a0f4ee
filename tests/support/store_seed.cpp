#include "support/store_seed.h"

#include <iostream>

#include "core/id_generator.h"
#include "store/sqlite/sqlite_store.h"

namespace dqctest {

std::vector<int64_t> SeedJobs(const SeedSpec& spec) {
  auto store = dqc::SqliteStore::Open(spec.store_path);
  if (!store.ok()) {
    std::cerr << "seed: " << store.status().message() << "\n";
    return {};
  }
  std::vector<int64_t> ids;
  std::vector<dqc::Job> jobs;
  const int64_t now = dqc::NowMillis();
  for (int64_t i = 0; i < spec.count; ++i) {
    dqc::Job job;
    job.id = spec.first_id + i * 8;
    job.project_id = spec.project_id;
    job.workspace_id = spec.workspace_id;
    job.name = spec.name_prefix + "-" + std::to_string(i);
    job.creator = "seed";
    job.create_time = now - spec.count + i;
    for (int p = 0; p < spec.pairs_per_job; ++p) {
      dqc::RulePair pair;
      for (dqc::Rule* r : {&pair.source, &pair.target}) {
        r->id = job.id + 1 + p * 2 + (r == &pair.target ? 1 : 0);
        r->sub_rule_name = "rows";
        r->type = "SingleTable";
        r->template_id = 1;
        r->connection = spec.connection_id;
        r->connection_type = "SQLITE";
        r->databases = "main";
        r->tables = "t";
      }
      pair.source.alarm_condition = "${1_1}!=${2_1}";
      job.pairs.push_back(std::move(pair));
    }
    ids.push_back(job.id);
    jobs.push_back(std::move(job));
    if (static_cast<int64_t>(jobs.size()) == spec.batch || i + 1 == spec.count) {
      dqc::Status s = (*store)->CreateJobs(jobs);
      if (!s.ok()) {
        std::cerr << "seed: " << s.message() << "\n";
        return {};
      }
      jobs.clear();
    }
  }
  return ids;
}

}  // namespace dqctest
