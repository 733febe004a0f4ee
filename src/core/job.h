// A comparison job and its rule pairs (spec §3.1-3.2, DESIGN §3.7).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace dqc {

// One side of a rule card. The wire names are the spec's ConsistencyRuleDetailForOpenApi fields.
struct Rule {
  int64_t id = 0;
  std::string sub_rule_name;
  std::string type;  // SingleDatabase, SingleTable, SingleColumn, CrossColumn, Customize
  std::optional<int64_t> template_id;
  std::string connection;  // 32-hex data-connection ID
  std::string connection_type;
  std::string databases;
  std::string sql;
  std::string tables;
  std::string reference_tables;
  std::string columns;
  std::string reference_columns;
  std::optional<std::string> dimension;
  std::string queue;
  std::string regular_expression;
  std::string template_arguments;  // a JSON object as text
  int weight = 5;
  std::string calculation_range = "FULL_SCAN";
  std::string calculation_range_sql;
  std::string alarm_condition;
};

// The console's rule card: the source rule and the target rule.
struct RulePair {
  Rule source;
  Rule target;
};

struct Job {
  int64_t id = 0;
  std::string project_id;
  std::string workspace_id;
  std::string name;
  std::string description;
  int64_t category_id = 0;
  std::string level = "SUGGEST";
  std::optional<std::string> alarm_condition;
  bool alarm_notify = false;
  std::optional<std::string> alarm_notify_type;
  std::optional<std::string> alarm_notify_topic;
  std::string schedule_type = "ONCE";
  std::optional<std::string> schedule_period;
  std::optional<std::string> schedule_interval;
  std::optional<std::string> schedule_start_time;
  std::optional<std::string> schedule_end_time;
  std::string schedule_status = "NOT_START";
  int timeout_minutes = 1440;
  int64_t create_time = 0;
  std::optional<int64_t> last_run_time;
  std::string creator;
  std::vector<RulePair> pairs;
};

// The default alarm expression when neither the pair nor the job gives one (DESIGN §3.7).
inline constexpr const char* kDefaultAlarmCondition = "${1_1}!=${2_1}";

// The alarm expression that decides a pair: its own, else the job's, else the default.
std::string EffectiveAlarmCondition(const Job& job, const RulePair& pair);

}  // namespace dqc
