// One run of a comparison job and its per-pair results (DESIGN §3.11-3.12).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace dqc {

struct Instance {
  int64_t id = 0;
  std::string project_id;
  std::string workspace_id;
  std::string name;  // job name + "-" + sequence
  int64_t task_id = 0;
  std::string task_type = "CONSISTENCY_TASK";
  std::string run_status = "RUNNING";  // RUNNING, SUCCESS, ALARMING, FAILED
  std::string notify_status = "NOT_TRIGGERED";
  int64_t start_time = 0;
  std::optional<int64_t> end_time;
  std::optional<std::string> failure_reason;
};

// One result row: label -> value; nullopt is JSON null (a value that does not exist).
using ResultRow = std::vector<std::pair<std::string, std::optional<std::string>>>;

struct PairResult {
  std::string sub_rule_id;  // the source rule's ID, as a string
  std::string sub_instance_id;
  std::vector<ResultRow> rows;  // source, then target
};

}  // namespace dqc
