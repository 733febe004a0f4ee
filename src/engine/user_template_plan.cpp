#include "engine/user_template_plan.h"

#include <nlohmann/json.hpp>

#include "core/custom_sql.h"
#include "core/names.h"
#include "core/range_filter.h"
#include "core/template_sql.h"

namespace dqc {
namespace {

std::string Tid(const RuleTemplate& t) {
  return "template " + std::to_string(t.id);
}

// `table` as the side names it (schema rules of SourceOfRule), quoted for the dialect.
Result<std::string> QuotedTable(const Rule& rule, const std::string& table,
                                const SqlDialect& dialect) {
  Rule one = rule;
  one.tables = table;
  auto source = SourceOfRule(one, dialect.name());
  if (!source.ok()) return source.status();
  return (source->schema.empty() ? std::string() : dialect.Quote(source->schema) + ".") +
         dialect.Quote(source->table);
}

}  // namespace

Result<MetricPlan> PlanUserTemplate(const Rule& rule, const RuleTemplate& tmpl,
                                    const SqlDialect& dialect) {
  auto use = ScanPlaceholders(tmpl.sql_info);
  if (!use.ok()) return Status::Invalid(Tid(tmpl) + ": " + use.status().message());
  PlaceholderValues values;

  std::vector<std::string> tables = {rule.tables};
  if (!rule.reference_tables.empty()) {
    auto refs = ParseNameList(rule.reference_tables);
    if (!refs.ok()) return Status::Invalid("reference_tables: " + refs.status().message());
    tables.insert(tables.end(), refs->begin(), refs->end());
  }
  if (static_cast<int>(tables.size()) < use->tables) {
    return Status::Invalid(Tid(tmpl) + " uses ${Schema_Table" + std::to_string(use->tables) +
                           "}: give " + std::to_string(use->tables - 1) +
                           " name(s) in 'reference_tables'");
  }
  auto filter = NormalizeRangeFilter(rule.calculation_range_sql);
  if (!filter.ok()) return filter.status();
  for (size_t i = 0; i < tables.size() && static_cast<int>(i) < use->tables; ++i) {
    auto quoted = QuotedTable(rule, tables[i], dialect);
    if (!quoted.ok()) return quoted.status();
    if (i == 0 && !filter->empty()) {
      auto name = ParseTableName(tables[0]);
      if (!name.ok()) return name.status();
      *quoted = "(SELECT * FROM " + *quoted + " WHERE (" + *filter + ")) AS " +
                dialect.Quote(name->table);
    }
    values.tables.push_back(*quoted);
  }

  std::vector<std::string> columns;
  for (const std::string* list : {&rule.columns, &rule.reference_columns}) {
    if (list->empty()) continue;
    auto names = ParseNameList(*list);
    if (!names.ok()) return Status::Invalid("columns: " + names.status().message());
    columns.insert(columns.end(), names->begin(), names->end());
  }
  if (static_cast<int>(columns.size()) < use->columns) {
    return Status::Invalid(Tid(tmpl) + " uses ${Column" + std::to_string(use->columns) +
                           "}: give at least " + std::to_string(use->columns) +
                           " name(s) in 'columns' (then 'reference_columns')");
  }
  for (const std::string& c : columns) values.columns.push_back(dialect.Quote(c));

  if (use->inputs > 0) {
    auto args = nlohmann::json::parse(
        rule.template_arguments.empty() ? "{}" : rule.template_arguments, nullptr, false);
    auto it = args.is_object() ? args.find("input_strings") : args.end();
    if (!args.is_object() || it == args.end() || !it->is_array() ||
        static_cast<int>(it->size()) < use->inputs) {
      return Status::Invalid(
          Tid(tmpl) + " uses ${Input_String" + std::to_string(use->inputs) +
          "}: give template_arguments {\"input_strings\": [...]} with at least " +
          std::to_string(use->inputs) + " string(s)");
    }
    for (const auto& s : *it) {
      if (!s.is_string() || s.get<std::string>().find('\0') != std::string::npos) {
        return Status::Invalid("'template_arguments' input_strings must be strings without NUL");
      }
      values.inputs.push_back(dialect.Literal(s.get<std::string>()));
    }
  }

  auto sql = SubstitutePlaceholders(tmpl.sql_info, values);
  if (!sql.ok()) return Status::Invalid(Tid(tmpl) + ": " + sql.status().message());
  auto statement = CheckCustomSql(*sql);
  if (!statement.ok()) return Status::Invalid(Tid(tmpl) + ": " + statement.status().message());
  auto labels = OutputLabels(tmpl.result_description);
  if (!labels.ok()) return labels.status();
  const bool described =
      labels->size() != CustomSqlOutputs().outputs.size() || *labels != CustomSqlOutputs().outputs;
  MetricPlan plan;
  plan.sql = *statement;
  plan.outputs = [n = labels->size(), described,
                  id = tmpl.id](const std::vector<Value>& row) -> Result<std::vector<Value>> {
    if (row.empty()) return std::vector<Value>(described ? n : 0, Value::Null());  // no rows
    if (described && row.size() != n) {
      return Status::Invalid("template " + std::to_string(id) + " returns " +
                             std::to_string(row.size()) +
                             " column(s) but its result_description "
                             "labels " +
                             std::to_string(n));
    }
    if (Status s = CheckCustomOutputCount(row.size(), "template " + std::to_string(id)); !s.ok()) {
      return s;
    }
    return row;
  };
  return plan;
}

Status ValidateUserTemplateRule(const Rule& rule, const RuleTemplate& tmpl) {
  auto plan = PlanUserTemplate(rule, tmpl, SqlDialect("sqlite"));
  return plan.ok() ? Status::Ok() : plan.status();
}

}  // namespace dqc
