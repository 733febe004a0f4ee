#include "core/job_json.h"

namespace dqc {
namespace {

using nlohmann::json;

template <typename T>
json Opt(const std::optional<T>& v) {
  return v ? json(*v) : json(nullptr);
}

template <typename T>
std::optional<T> GetOpt(const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return std::nullopt;
  return it->get<T>();
}

std::string GetStr(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

json RuleToJson(const Rule& r) {
  return json{{"id", r.id},
              {"sub_rule_name", r.sub_rule_name},
              {"type", r.type},
              {"template_id", Opt(r.template_id)},
              {"connection", r.connection},
              {"connection_type", r.connection_type},
              {"databases", r.databases},
              {"sql", r.sql},
              {"tables", r.tables},
              {"reference_tables", r.reference_tables},
              {"columns", r.columns},
              {"reference_columns", r.reference_columns},
              {"dimension", Opt(r.dimension)},
              {"queue", r.queue},
              {"regular_expression", r.regular_expression},
              {"template_arguments", r.template_arguments},
              {"weight", r.weight},
              {"calculation_range", r.calculation_range},
              {"calculation_range_sql", r.calculation_range_sql},
              {"alarm_condition", r.alarm_condition}};
}

Rule RuleFromJson(const json& j) {
  Rule r;
  r.id = j.value("id", int64_t{0});
  r.sub_rule_name = GetStr(j, "sub_rule_name");
  r.type = GetStr(j, "type");
  r.template_id = GetOpt<int64_t>(j, "template_id");
  r.connection = GetStr(j, "connection");
  r.connection_type = GetStr(j, "connection_type");
  r.databases = GetStr(j, "databases");
  r.sql = GetStr(j, "sql");
  r.tables = GetStr(j, "tables");
  r.reference_tables = GetStr(j, "reference_tables");
  r.columns = GetStr(j, "columns");
  r.reference_columns = GetStr(j, "reference_columns");
  r.dimension = GetOpt<std::string>(j, "dimension");
  r.queue = GetStr(j, "queue");
  r.regular_expression = GetStr(j, "regular_expression");
  r.template_arguments = GetStr(j, "template_arguments");
  r.weight = j.value("weight", 5);
  r.calculation_range = GetStr(j, "calculation_range");
  r.calculation_range_sql = GetStr(j, "calculation_range_sql");
  r.alarm_condition = GetStr(j, "alarm_condition");
  return r;
}

json JobSettingsToJson(const Job& job) {
  return json{{"description", job.description},
              {"level", job.level},
              {"alarm_condition", Opt(job.alarm_condition)},
              {"alarm_notify", job.alarm_notify},
              {"alarm_notify_type", Opt(job.alarm_notify_type)},
              {"alarm_notify_topic", Opt(job.alarm_notify_topic)},
              {"schedule_type", job.schedule_type},
              {"schedule_start_time", Opt(job.schedule_start_time)},
              {"schedule_end_time", Opt(job.schedule_end_time)},
              {"timeout_minutes", job.timeout_minutes}};
}

void JobSettingsFromJson(const json& j, Job& job) {
  job.description = GetStr(j, "description");
  job.level = GetStr(j, "level");
  job.alarm_condition = GetOpt<std::string>(j, "alarm_condition");
  job.alarm_notify = j.value("alarm_notify", false);
  job.alarm_notify_type = GetOpt<std::string>(j, "alarm_notify_type");
  job.alarm_notify_topic = GetOpt<std::string>(j, "alarm_notify_topic");
  job.schedule_type = GetStr(j, "schedule_type");
  job.schedule_start_time = GetOpt<std::string>(j, "schedule_start_time");
  job.schedule_end_time = GetOpt<std::string>(j, "schedule_end_time");
  job.timeout_minutes = j.value("timeout_minutes", 1440);
}

json JobOverviewToJson(const Job& job) {
  return json{{"id", job.id},
              {"name", job.name},
              {"category_id", job.category_id},
              {"schedule_status", job.schedule_status},
              {"schedule_period", Opt(job.schedule_period)},
              {"schedule_interval", Opt(job.schedule_interval)},
              {"create_time", job.create_time},
              {"last_run_time", Opt(job.last_run_time)},
              {"creator", job.creator}};
}

json JobToJson(const Job& job) {
  json j = JobOverviewToJson(job);
  j.update(JobSettingsToJson(job));
  j["schedule_period"] = Opt(job.schedule_period);
  j["schedule_interval"] = Opt(job.schedule_interval);
  json pairs = json::array();
  for (const auto& p : job.pairs)
    pairs.push_back(json::array({RuleToJson(p.source), RuleToJson(p.target)}));
  j["sub_rules"] = std::move(pairs);
  return j;
}

}  // namespace dqc
