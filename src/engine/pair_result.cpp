#include "engine/pair_result.h"

#include <chrono>
#include <nlohmann/json.hpp>

#include "core/alarm_expression.h"
#include "core/names.h"
#include "core/template_catalog.h"
#include "engine/metric_plan.h"

namespace dqc {
namespace {

struct SideValues {
  std::vector<Value> outputs;
  std::string sql;
  int64_t duration_ms = 0;
  Status status;
};

SideValues ComputeSide(int side, const Rule& rule, const SessionFor& session) {
  SideValues out;
  auto conn = session(side, rule);
  if (!conn.ok()) {
    out.status = conn.status();
    return out;
  }
  auto plan = PlanMetric(rule, (*conn)->Dialect());
  if (!plan.ok()) {
    out.status = plan.status();
    return out;
  }
  out.sql = plan->sql;
  auto start = std::chrono::steady_clock::now();
  auto row = (*conn)->QueryFirstRow(plan->sql);
  out.duration_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                        std::chrono::steady_clock::now() - start)
                        .count();
  if (!row.ok()) {
    out.status = row.status();
    return out;
  }
  auto values = plan->outputs(*row);
  if (!values.ok()) {
    out.status = values.status();
    return out;
  }
  out.outputs = std::move(*values);
  return out;
}

// Tolerance from template_arguments ({"relative_tolerance": 1e-9, "absolute_tolerance": 0}).
Tolerance ToleranceOf(const Rule& rule) {
  Tolerance t;
  auto args = nlohmann::json::parse(rule.template_arguments, nullptr, false);
  if (args.is_discarded() || !args.is_object()) return t;
  auto read = [&](const char* key, Decimal& into) {
    auto it = args.find(key);
    if (it == args.end() || !it->is_number()) return;
    // The JSON text of the number, parsed exactly.
    if (auto d = Decimal::Parse(it->dump())) into = *d;
  };
  read("relative_tolerance", t.relative);
  read("absolute_tolerance", t.absolute);
  return t;
}

std::string SideName(int side, const Rule& rule) {
  auto table = ParseTableName(rule.tables);
  std::string db = rule.databases.empty() ? "main" : rule.databases;
  std::string name =
      table.ok() ? (table->schema.empty() ? db : table->schema) + "." + table->table : rule.tables;
  return std::to_string(side) + "_" + name;
}

}  // namespace

PairOutcome ComputePair(const Job& job, size_t pair_index, const SessionFor& session,
                        int64_t sub_instance_id) {
  const RulePair& pair = job.pairs[pair_index];
  PairOutcome out;
  out.result.sub_rule_id = std::to_string(pair.source.id);
  out.result.sub_instance_id = std::to_string(sub_instance_id);
  SideValues sides[2] = {ComputeSide(1, pair.source, session),
                         ComputeSide(2, pair.target, session)};
  const std::string expression = EffectiveAlarmCondition(job, pair);

  std::string alarm = "error";
  for (int i = 0; i < 2; ++i) {
    if (!sides[i].status.ok()) {
      out.verdict = PairOutcome::Verdict::kError;
      out.error = std::string(i == 0 ? "source" : "target") + ": " + sides[i].status.message();
      break;
    }
  }
  if (out.verdict != PairOutcome::Verdict::kError) {
    auto expr = AlarmExpression::Parse(expression);
    Result<bool> verdict = expr.ok() ? expr->Evaluate(
                                           [&](const Placeholder& p) {
                                             const auto& v = sides[p.side - 1].outputs;
                                             return static_cast<size_t>(p.output) <= v.size()
                                                        ? v[static_cast<size_t>(p.output) - 1]
                                                        : Value::Null();
                                           },
                                           ToleranceOf(pair.source))
                                     : Result<bool>(expr.status());
    if (verdict.ok()) {
      out.verdict = *verdict ? PairOutcome::Verdict::kAlarm : PairOutcome::Verdict::kOk;
      alarm = *verdict ? "true" : "false";
    } else {
      out.verdict = PairOutcome::Verdict::kError;
      out.error = verdict.status().message();
    }
  }

  const TemplateInfo* tmpl =
      pair.source.template_id ? FindTemplate(*pair.source.template_id) : nullptr;
  for (int i = 0; i < 2; ++i) {
    const Rule& rule = i == 0 ? pair.source : pair.target;
    ResultRow row;
    row.emplace_back("Name", SideName(i + 1, rule));
    row.emplace_back("Side", i == 0 ? "source" : "target");
    if (tmpl) {
      for (size_t k = 0; k < tmpl->outputs.size(); ++k) {
        std::optional<std::string> v;
        if (k < sides[i].outputs.size()) v = sides[i].outputs[k].display();
        row.emplace_back(tmpl->outputs[k], v);
      }
    }
    row.emplace_back("Alarm", alarm);
    row.emplace_back("Expression", expression);
    row.emplace_back(
        "SQL", sides[i].sql.empty() ? std::nullopt : std::optional<std::string>(sides[i].sql));
    row.emplace_back("Duration ms", std::to_string(sides[i].duration_ms));
    if (!sides[i].status.ok()) row.emplace_back("Error", sides[i].status.message());
    out.result.rows.push_back(std::move(row));
  }
  return out;
}

}  // namespace dqc
