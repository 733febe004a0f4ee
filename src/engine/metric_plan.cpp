#include "engine/metric_plan.h"

#include "core/names.h"
#include "core/range_filter.h"
#include "core/template_catalog.h"

namespace dqc {
namespace {

struct Target {
  std::string from;    // quoted table reference
  std::string column;  // quoted column ("" for table templates)
  std::string where;   // " WHERE (...)" or ""
};

Result<Target> ResolveTarget(const Rule& rule, const TemplateInfo& tmpl) {
  Target t;
  auto table = ParseTableName(rule.tables);
  if (!table.ok()) return table.status();
  // SQLite: `databases` is "main" (or empty); a schema in `tables` wins.
  std::string schema = !table->schema.empty() ? table->schema : rule.databases;
  t.from = (schema.empty() ? std::string() : QuoteIdentifier(schema) + ".") +
           QuoteIdentifier(table->table);
  if (tmpl.type == "Field") {
    auto cols = ParseNameList(rule.columns);
    if (!cols.ok()) return Status::Invalid("columns: " + cols.status().message());
    if (cols->size() != 1) {
      return Status::Invalid("template " + std::to_string(tmpl.id) + " takes exactly one column");
    }
    t.column = QuoteIdentifier((*cols)[0]);
  }
  auto filter = NormalizeRangeFilter(rule.calculation_range_sql);
  if (!filter.ok()) return filter.status();
  if (!filter->empty()) t.where = " WHERE (" + *filter + ")";
  return t;
}

std::string And(const std::string& where, const std::string& cond) {
  return where.empty() ? " WHERE " + cond : where + " AND " + cond;
}

// A count is an exact integer whatever the engine returns it as.
Result<std::vector<Value>> CountOutput(const std::vector<Value>& row) {
  if (row.empty()) return std::vector<Value>{Value::Exact(Decimal())};
  if (row[0].is_null()) return std::vector<Value>{Value::Exact(Decimal())};
  auto d = Decimal::Parse(row[0].text);
  if (!d) return Status::Internal("a count came back as '" + row[0].text + "'");
  return std::vector<Value>{Value::Exact(*d)};
}

// Row of (exact sum text, has-float flag): the sum as an exact or floating value.
Result<Value> SumValue(const std::vector<Value>& row) {
  if (row.size() < 2 || row[0].is_null()) return Value::Null();
  auto d = Decimal::Parse(row[0].text);
  if (!d) return Status::Internal("a sum came back as '" + row[0].text + "'");
  return row[1].text == "1" ? Value::Float(*d) : Value::Exact(*d);
}

}  // namespace

Result<MetricPlan> PlanMetric(const Rule& rule, const std::string& dialect) {
  if (dialect != "sqlite") return Status::Invalid("no SQL dialect '" + dialect + "' yet");
  if (!rule.template_id) return Status::Invalid("custom SQL rules are not supported yet");
  const TemplateInfo* tmpl = FindTemplate(*rule.template_id);
  if (!tmpl || !tmpl->implemented) {
    return Status::Invalid("unknown template " + std::to_string(*rule.template_id));
  }
  auto target = ResolveTarget(rule, *tmpl);
  if (!target.ok()) return target.status();
  const Target& t = *target;
  // Text metrics compare bytes: COLLATE BINARY overrides a column's NOCASE/RTRIM collation.
  const std::string col_bin = t.column + " COLLATE BINARY";
  MetricPlan plan;
  switch (tmpl->id) {
    case 1:
      plan.sql = "SELECT count(*) FROM " + t.from + t.where;
      plan.outputs = CountOutput;
      break;
    case 2:
      plan.sql = "SELECT count(*) FROM " + t.from + And(t.where, t.column + " IS NULL");
      plan.outputs = CountOutput;
      break;
    case 3:
      plan.sql = "SELECT count(DISTINCT " + col_bin + ") FROM " + t.from + t.where;
      plan.outputs = CountOutput;
      break;
    case 4:
      plan.sql = "SELECT coalesce(sum(n), 0) FROM (SELECT count(*) AS n FROM " + t.from +
                 And(t.where, t.column + " IS NOT NULL") + " GROUP BY " + col_bin +
                 " HAVING count(*) > 1)";
      plan.outputs = CountOutput;
      break;
    case 5:
      // dqc divides the exact sum by the count itself: engines round AVG each their own way.
      plan.sql = "SELECT dqc_sum(" + t.column + "), dqc_has_float(" + t.column + "), count(" +
                 t.column + ") FROM " + t.from + t.where;
      plan.outputs = [](const std::vector<Value>& row) -> Result<std::vector<Value>> {
        auto sum = SumValue(row);
        if (!sum.ok()) return sum.status();
        if (sum->is_null() || row.size() < 3) return std::vector<Value>{Value::Null()};
        auto n = Decimal::Parse(row[2].text);
        auto avg = n ? sum->number()->DivideToScale(*n, 20) : std::nullopt;
        if (!avg) return std::vector<Value>{Value::Null()};
        const Decimal& rounded = *avg;
        return std::vector<Value>{sum->kind == Value::Kind::kFloat ? Value::Float(rounded)
                                                                   : Value::Exact(rounded)};
      };
      break;
    case 6:
      plan.sql = "SELECT dqc_sum(" + t.column + "), dqc_has_float(" + t.column + ") FROM " +
                 t.from + t.where;
      plan.outputs = [](const std::vector<Value>& row) -> Result<std::vector<Value>> {
        auto sum = SumValue(row);
        if (!sum.ok()) return sum.status();
        return std::vector<Value>{*sum};
      };
      break;
    case 7:
    case 8:
      plan.sql = std::string("SELECT ") + (tmpl->id == 7 ? "max(" : "min(") + col_bin + ") FROM " +
                 t.from + t.where;
      plan.outputs = [](const std::vector<Value>& row) -> Result<std::vector<Value>> {
        return std::vector<Value>{row.empty() ? Value::Null() : row[0]};
      };
      break;
    default:
      return Status::Invalid("template " + std::to_string(tmpl->id) + " cannot run yet");
  }
  return plan;
}

Status ValidateRuleShape(const Rule& rule) {
  auto plan = PlanMetric(rule, "sqlite");
  return plan.ok() ? Status::Ok() : plan.status();
}

}  // namespace dqc
