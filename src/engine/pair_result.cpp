#include "engine/pair_result.h"

#include <algorithm>
#include <chrono>
#include <nlohmann/json.hpp>

#include "core/alarm_expression.h"
#include "core/names.h"
#include "core/template_catalog.h"
#include "engine/check_templates.h"
#include "engine/metric_plan.h"
#include "engine/user_template_plan.h"
#include "engine/value_normalize.h"

namespace dqc {
namespace {

struct SideValues {
  std::vector<Value> outputs;
  std::optional<ColumnInfo> column;  // the column a field template read
  std::string sql;
  int64_t duration_ms = 0;
  Status status;
};

// The query for one side: a template planned against the side's catalog, or the rule's own SQL.
Result<MetricPlan> PlanSide(const Rule& rule, Connector& conn, SideValues& out,
                            const UserTemplates* user_templates) {
  if (!rule.template_id) return PlanCustomSql(rule.sql);
  if (IsUserTemplateId(*rule.template_id)) {
    const RuleTemplate* tmpl = nullptr;
    if (user_templates) {
      auto it = user_templates->find(*rule.template_id);
      if (it != user_templates->end()) tmpl = &it->second;
    }
    if (!tmpl) {
      return Status::NotFound("template " + std::to_string(*rule.template_id) +
                              " no longer exists in this workspace");
    }
    return PlanUserTemplate(rule, *tmpl, SqlDialect(conn.Dialect()));
  }
  auto source = SourceOfRule(rule, conn.Dialect());
  if (!source.ok()) return source.status();
  auto columns = conn.DescribeTable(source->schema, source->table);
  if (!columns.ok()) return columns.status();
  std::vector<ColumnInfo> described;
  for (const std::string& name : source->columns) {
    auto it = std::find_if(columns->begin(), columns->end(),
                           [&](const ColumnInfo& c) { return c.name == name; });
    if (it == columns->end()) {
      std::string names;
      for (const ColumnInfo& c : *columns) names += (names.empty() ? "" : ", ") + c.name;
      return Status::Invalid("column '" + name + "' does not exist in table '" + source->table +
                             "' (its columns: " + names + ")");
    }
    described.push_back(*it);
  }
  if (described.empty()) described.emplace_back();  // table templates read no column
  if (!source->column.empty()) out.column = described[0];
  return PlanMetric(rule, SqlDialect(conn.Dialect()), described);
}

SideValues ComputeSide(int side, const Rule& rule, const SessionFor& session,
                       const UserTemplates* user_templates) {
  SideValues out;
  auto conn = session(side, rule);
  if (!conn.ok()) {
    out.status = conn.status();
    return out;
  }
  auto plan = PlanSide(rule, **conn, out, user_templates);
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

// Date-times compare at the coarser precision of the two sides (DESIGN §6): a DATETIME(0) copy of
// a timestamp(6) column matches when the seconds agree.
void AlignDateTimePrecision(SideValues (&sides)[2]) {
  if (!sides[0].column || !sides[1].column) return;
  if (!IsDateTime(sides[0].column->kind) || !IsDateTime(sides[1].column->kind)) return;
  const int digits =
      std::min(sides[0].column->fractional_digits, sides[1].column->fractional_digits);
  for (SideValues& side : sides) {
    for (Value& v : side.outputs) {
      if (v.kind == Value::Kind::kText) v.text = TruncateFraction(v.text, digits);
    }
  }
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
  if (!rule.template_id && rule.tables.empty()) return std::to_string(side) + "_custom SQL";
  auto table = ParseTableName(rule.tables);
  if (!table.ok()) return std::to_string(side) + "_" + rule.tables;
  std::string schema = !table->schema.empty() ? table->schema : rule.databases;
  return std::to_string(side) + "_" + (schema.empty() ? "" : schema + ".") + table->table;
}

}  // namespace

PairOutcome ComputePair(const Job& job, size_t pair_index, const SessionFor& session,
                        int64_t sub_instance_id, const UserTemplates* user_templates) {
  const RulePair& pair = job.pairs[pair_index];
  PairOutcome out;
  out.result.sub_rule_id = std::to_string(pair.source.id);
  out.result.sub_instance_id = std::to_string(sub_instance_id);
  SideValues sides[2] = {ComputeSide(1, pair.source, session, user_templates),
                         ComputeSide(2, pair.target, session, user_templates)};
  AlignDateTimePrecision(sides);
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

  // Labels: the system template's, a user template's result description, or custom SQL's.
  std::optional<TemplateInfo> user_info;
  if (pair.source.template_id && IsUserTemplateId(*pair.source.template_id) && user_templates) {
    auto it = user_templates->find(*pair.source.template_id);
    if (it != user_templates->end()) {
      auto info = InfoOf(it->second);
      if (info.ok()) user_info = *info;
    }
  }
  const bool fixed_outputs = pair.source.template_id && !user_info;
  const TemplateInfo* tmpl = user_info ? &*user_info
                             : pair.source.template_id
                                 ? FindSystemTemplate(*pair.source.template_id)
                                 : &CustomSqlOutputs();
  for (int i = 0; i < 2; ++i) {
    const Rule& rule = i == 0 ? pair.source : pair.target;
    ResultRow row;
    row.emplace_back("Name", SideName(i + 1, rule));
    row.emplace_back("Side", i == 0 ? "source" : "target");
    if (tmpl) {
      // A custom rule (or user template) shows as many outputs as its SELECT gave.
      const size_t shown = fixed_outputs ? tmpl->outputs.size()
                                         : std::min(tmpl->outputs.size(), sides[i].outputs.size());
      for (size_t k = 0; k < shown; ++k) {
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
