#include "api/job_request.h"

#include <algorithm>
#include <map>
#include <set>

#include "api/body.h"
#include "core/alarm_expression.h"
#include "core/custom_sql.h"
#include "core/range_filter.h"
#include "core/template_catalog.h"
#include "engine/check_templates.h"
#include "engine/metric_plan.h"
#include "engine/user_template_plan.h"

namespace dqc::api {
namespace {

using nlohmann::json;

JobProblem Bad(const std::string& msg) {
  return {errors::kInvalidField, msg};
}

// Reads an optional string field; error when present with another type.
std::optional<JobProblem> Str(const json& j, const std::string& path, const char* key,
                              std::string& into, size_t max_len = 4096) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return std::nullopt;
  if (!it->is_string()) return Bad("'" + path + key + "' must be a string");
  into = it->get<std::string>();
  if (into.size() > max_len) {
    return Bad("'" + path + key + "' is longer than " + std::to_string(max_len) + " characters");
  }
  return std::nullopt;
}

std::optional<JobProblem> OptStr(const json& j, const std::string& path, const char* key,
                                 std::optional<std::string>& into) {
  std::string s;
  if (auto p = Str(j, path, key, s)) return p;
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) {
    into.reset();
  } else {
    into = s;
  }
  return std::nullopt;
}

std::optional<JobProblem> Enum(const std::string& field, const std::string& value,
                               std::initializer_list<const char*> allowed) {
  for (const char* a : allowed) {
    if (value == a) return std::nullopt;
  }
  std::string list;
  for (const char* a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
  return Bad("'" + field + "' must be one of " + list + " (got '" + value + "')");
}

bool IsHex32(const std::string& s) {
  return s.size() == 32 && std::all_of(s.begin(), s.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

// What the user templates of a job's rules give (outputs, rule type), by ID.
using UserInfos = std::map<int64_t, TemplateInfo>;

std::optional<JobProblem> ReadRule(ApiContext& ctx, const Scope& scope, const json& j,
                                   const std::string& path, Rule& rule, UserInfos& user_infos) {
  if (!j.is_object()) return Bad("'" + path + "' must be an object");
  std::optional<RuleTemplate> user_template;  // when the rule uses one
  for (auto [key, target] : {std::pair{"sub_rule_name", &rule.sub_rule_name},
                             {"type", &rule.type},
                             {"connection", &rule.connection},
                             {"connection_type", &rule.connection_type},
                             {"databases", &rule.databases},
                             {"sql", &rule.sql},
                             {"tables", &rule.tables},
                             {"reference_tables", &rule.reference_tables},
                             {"columns", &rule.columns},
                             {"reference_columns", &rule.reference_columns},
                             {"queue", &rule.queue},
                             {"regular_expression", &rule.regular_expression},
                             {"template_arguments", &rule.template_arguments},
                             {"calculation_range", &rule.calculation_range},
                             {"calculation_range_sql", &rule.calculation_range_sql},
                             {"alarm_condition", &rule.alarm_condition}}) {
    if (auto p = Str(j, path + ".", key, *target)) return p;
  }
  if (auto p = OptStr(j, path + ".", "dimension", rule.dimension)) return p;
  if (auto it = j.find("weight"); it != j.end() && !it->is_null()) {
    if (!it->is_number_integer() || it->get<int64_t>() < 0 || it->get<int64_t>() > 1000000) {
      return Bad("'" + path + ".weight' must be an integer from 0 to 1000000");
    }
    rule.weight = it->get<int>();
  }
  auto tid = j.find("template_id");
  if (tid == j.end() || tid->is_null()) {
    // A custom SQL rule: its own SELECT instead of a template.
    if (rule.type.empty()) rule.type = "Customize";
    if (rule.type != "Customize") {
      return JobProblem{errors::kUnknownTemplate,
                        "'" + path + ".template_id' is required unless 'type' is Customize"};
    }
    if (rule.sql.empty()) {
      return JobProblem{errors::kInvalidCustomSql,
                        "'" + path + ".sql' is required by a Customize rule: one SELECT"};
    }
    auto statement = CheckCustomSql(rule.sql);
    if (!statement.ok()) {
      return JobProblem{errors::kInvalidCustomSql,
                        "'" + path + "': " + statement.status().message()};
    }
    if (!rule.dimension) rule.dimension = CustomSqlOutputs().dimension;
  } else {
    if (!tid->is_number_integer()) return Bad("'" + path + ".template_id' must be an integer");
    rule.template_id = tid->get<int64_t>();
    const TemplateInfo* tmpl = FindSystemTemplate(*rule.template_id);
    if (!tmpl && IsUserTemplateId(*rule.template_id)) {
      auto t = ctx.store.GetRuleTemplate(scope, *rule.template_id);
      if (!t.ok() && t.status().code() != Status::Code::kNotFound) {
        return JobProblem{errors::kInternal, t.status().message()};
      }
      if (t.ok()) {
        auto info = InfoOf(*t);
        if (!info.ok()) return JobProblem{errors::kInternal, info.status().message()};
        tmpl = &(user_infos[t->id] = *info);
        user_template = std::move(*t);
      }
    }
    if (!tmpl || !tmpl->implemented) {
      return JobProblem{errors::kUnknownTemplate, "'" + path + ".template_id': no template " +
                                                      std::to_string(*rule.template_id)};
    }
    if (rule.type.empty()) rule.type = tmpl->rule_type;
    if (rule.type != tmpl->rule_type) {
      return Bad("'" + path + ".type' is '" + rule.type + "' but template " +
                 std::to_string(tmpl->id) + " is a " + tmpl->rule_type + " rule");
    }
    if (!rule.sql.empty()) {
      return Bad("'" + path + ".sql' belongs to Customize rules; template " +
                 std::to_string(tmpl->id) + " makes its own SQL");
    }
    if (!rule.dimension) rule.dimension = tmpl->dimension;
    if (rule.tables.empty()) return Bad("'" + path + ".tables' is required");
    if (tmpl->min_columns > 0 && rule.columns.empty()) {
      return Bad("'" + path + ".columns' is required by template " + std::to_string(tmpl->id));
    }
  }
  if (rule.calculation_range.empty()) rule.calculation_range = "FULL_SCAN";
  if (!rule.template_arguments.empty()) {
    auto args = json::parse(rule.template_arguments, nullptr, false);
    if (args.is_discarded() || !args.is_object()) {
      return Bad("'" + path + ".template_arguments' must be a string holding a JSON object");
    }
  }
  if (auto f = NormalizeRangeFilter(rule.calculation_range_sql); !f.ok()) {
    return JobProblem{errors::kInvalidRange, "'" + path + "': " + f.status().message()};
  }
  if (Status s = CheckTemplateArguments(rule); !s.ok()) {
    return JobProblem{errors::kTemplateArguments, "'" + path + "': " + s.message()};
  }
  if (Status s =
          user_template ? ValidateUserTemplateRule(rule, *user_template) : ValidateRuleShape(rule);
      !s.ok()) {
    return Bad("'" + path + "': " + s.message());
  }
  if (!IsHex32(rule.connection)) {
    return JobProblem{errors::kInvalidConnection,
                      "'" + path + ".connection' must be a data-connection ID (32 hex characters)"};
  }
  auto conn = ctx.store.GetConnection(scope, rule.connection);
  if (!conn.ok() && conn.status().code() != Status::Code::kNotFound) {
    return JobProblem{errors::kInternal, conn.status().message()};
  }
  if (!conn.ok()) {
    return JobProblem{errors::kInvalidConnection, "'" + path + ".connection': no data connection " +
                                                      rule.connection + " in this workspace"};
  }
  if (!rule.connection_type.empty() && rule.connection_type != conn->type) {
    return JobProblem{errors::kInvalidConnection, "'" + path + ".connection_type' is '" +
                                                      rule.connection_type + "' but connection " +
                                                      rule.connection + " is " + conn->type};
  }
  rule.connection_type = conn->type;
  if (conn->type == "SQLITE" && !rule.databases.empty() && rule.databases != "main") {
    return Bad("'" + path + ".databases' must be 'main' (or empty) for SQLITE connections");
  }
  if (conn->type == "SQLITE") rule.databases = "main";
  if (conn->type == "POSTGRESQL" || conn->type == "MYSQL") {
    auto config = nlohmann::json::parse(conn->config_json, nullptr, false);
    const std::string db = config.is_object() ? config.value("database", std::string()) : "";
    // PostgreSQL reads only the connection's database (schemas come from `tables`); MariaDB reads
    // the database named here, by default the connection's (DESIGN §3.8).
    if (conn->type == "POSTGRESQL" && !rule.databases.empty() && rule.databases != db) {
      return Bad("'" + path + ".databases' must be empty or the connection's database '" + db +
                 "' for POSTGRESQL connections (name a schema in 'tables' instead)");
    }
    if (rule.databases.empty()) rule.databases = db;
  }
  return std::nullopt;
}

std::optional<JobProblem> CheckAlarm(const std::string& field, const std::string& text,
                                     const std::vector<const TemplateInfo*>& sides) {
  auto expr = AlarmExpression::Parse(text);
  if (!expr.ok()) {
    return JobProblem{errors::kInvalidAlarm, "'" + field + "': " + expr.status().message()};
  }
  for (const Placeholder& p : expr->placeholders()) {
    const TemplateInfo* t = sides[static_cast<size_t>(p.side - 1)];
    if (t && static_cast<size_t>(p.output) > t->outputs.size()) {
      return JobProblem{
          errors::kInvalidAlarm,
          "'" + field + "': ${" + std::to_string(p.side) + "_" + std::to_string(p.output) +
              "} names output " + std::to_string(p.output) + " but " +
              (t->id ? "template " + std::to_string(t->id) : std::string("custom SQL")) + " has " +
              std::to_string(t->outputs.size())};
    }
  }
  return std::nullopt;
}

}  // namespace

std::optional<JobProblem> ReadJobRequest(ApiContext& ctx, const Scope& scope, const json& body,
                                         Job& job) {
  if (!body.is_object()) return JobProblem{errors::kBodyShape, "the body must be a JSON object"};
  auto name = body.find("name");
  if (name == body.end() || !name->is_string() || name->get<std::string>().empty()) {
    return Bad("'name' is required: a non-empty string");
  }
  job.name = name->get<std::string>();
  if (job.name.size() > 256) return Bad("'name' is longer than 256 characters");
  if (auto p = Str(body, "", "description", job.description, 1024)) return p;
  job.level = "SUGGEST";
  if (auto p = Str(body, "", "level", job.level)) return p;
  if (auto p = Enum("level", job.level, {"SUGGEST", "MINOR", "MAJOR", "FATAL"})) return p;
  if (auto p = OptStr(body, "", "alarm_condition", job.alarm_condition)) return p;
  if (job.alarm_condition && job.alarm_condition->empty()) job.alarm_condition.reset();
  if (auto it = body.find("alarm_notify"); it != body.end() && !it->is_null()) {
    if (!it->is_boolean()) return Bad("'alarm_notify' must be true or false");
    job.alarm_notify = it->get<bool>();
  }
  if (auto p = OptStr(body, "", "alarm_notify_type", job.alarm_notify_type)) return p;
  if (job.alarm_notify_type) {
    if (auto p = Enum("alarm_notify_type", *job.alarm_notify_type,
                      {"TRIGGER_ALARM", "RUN_SUCCESS", "TRIGGER_ALARM_AND_RUNNING_SUCCESS"})) {
      return p;
    }
  }
  if (auto p = OptStr(body, "", "alarm_notify_topic", job.alarm_notify_topic)) return p;
  job.schedule_type = "ONCE";
  if (auto p = Str(body, "", "schedule_type", job.schedule_type)) return p;
  if (auto p = Enum("schedule_type", job.schedule_type, {"ONCE", "PERIODIC"})) return p;
  if (auto p = OptStr(body, "", "schedule_period", job.schedule_period)) return p;
  if (job.schedule_period) {
    if (auto p = Enum("schedule_period", *job.schedule_period, {"MINUTE", "HOUR", "DAY", "WEEK"})) {
      return p;
    }
  }
  if (auto p = OptStr(body, "", "schedule_interval", job.schedule_interval)) return p;
  if (auto p = OptStr(body, "", "schedule_start_time", job.schedule_start_time)) return p;
  if (auto p = OptStr(body, "", "schedule_end_time", job.schedule_end_time)) return p;
  if (job.schedule_type == "ONCE") {
    job.schedule_period.reset();
    job.schedule_interval.reset();
  }
  if (auto it = body.find("timeout_minutes"); it != body.end() && !it->is_null()) {
    if (!it->is_number_integer() || it->get<int64_t>() < 5 || it->get<int64_t>() > 1440) {
      return Bad("'timeout_minutes' must be an integer from 5 to 1440");
    }
    job.timeout_minutes = it->get<int>();
  }
  if (auto it = body.find("category_id"); it != body.end() && !it->is_null()) {
    std::optional<int64_t> id;
    if (it->is_number_integer() && it->get<int64_t>() >= 0) id = it->get<int64_t>();
    if (it->is_string()) {
      id = it->get<std::string>() == "0" ? std::optional<int64_t>(0)
                                         : IdFromText(it->get<std::string>());
    }
    if (!id) return Bad("'category_id' must be a directory ID (0 is the root)");
    job.category_id = *id;
    if (*id != 0) {
      auto cats = ctx.store.ListCategories(scope);
      if (!cats.ok()) return Bad(cats.status().message());
      bool found =
          std::any_of(cats->begin(), cats->end(), [&](const Category& c) { return c.id == *id; });
      if (!found) return Bad("'category_id': no directory " + std::to_string(*id) + " here");
    }
  }

  auto subs = body.find("sub_rules");
  if (subs == body.end() || !subs->is_array() || subs->empty()) {
    return Bad("'sub_rules' is required: an array of [source_rule, target_rule] pairs");
  }
  if (subs->size() > 100) return Bad("'sub_rules' holds more than 100 pairs");
  job.pairs.clear();
  UserInfos user_infos;
  for (size_t i = 0; i < subs->size(); ++i) {
    const json& pj = (*subs)[i];
    const std::string path = "sub_rules[" + std::to_string(i) + "]";
    if (!pj.is_array() || pj.size() != 2) {
      return Bad("'" + path + "' must be a pair [source_rule, target_rule]");
    }
    RulePair pair;
    if (auto p = ReadRule(ctx, scope, pj[0], path + "[0]", pair.source, user_infos)) return p;
    if (auto p = ReadRule(ctx, scope, pj[1], path + "[1]", pair.target, user_infos)) return p;
    if (pair.source.template_id != pair.target.template_id) {
      auto name = [](const Rule& r) {
        return r.template_id ? "template " + std::to_string(*r.template_id)
                             : std::string("custom SQL");
      };
      return JobProblem{errors::kUnknownTemplate, "'" + path +
                                                      "': source and target use different "
                                                      "templates (" +
                                                      name(pair.source) + " and " +
                                                      name(pair.target) + ")"};
    }
    if (!pair.target.alarm_condition.empty() &&
        pair.target.alarm_condition != pair.source.alarm_condition) {
      return JobProblem{errors::kInvalidAlarm,
                        "'" + path + "[1].alarm_condition' must be empty or equal to the source's"};
    }
    auto outputs_of = [&user_infos](const Rule& r) -> const TemplateInfo* {
      if (!r.template_id) return &CustomSqlOutputs();
      auto user = user_infos.find(*r.template_id);
      return user != user_infos.end() ? &user->second : FindSystemTemplate(*r.template_id);
    };
    std::vector<const TemplateInfo*> sides = {outputs_of(pair.source), outputs_of(pair.target)};
    if (!pair.source.alarm_condition.empty()) {
      if (auto p = CheckAlarm(path + "[0].alarm_condition", pair.source.alarm_condition, sides)) {
        return p;
      }
    }
    if (job.alarm_condition) {
      if (auto p = CheckAlarm("alarm_condition", *job.alarm_condition, sides)) return p;
    }
    job.pairs.push_back(std::move(pair));
  }
  return std::nullopt;
}

}  // namespace dqc::api
