#include "engine/metric_plan.h"

#include <algorithm>

#include "core/custom_sql.h"
#include "core/names.h"
#include "core/range_filter.h"
#include "core/template_catalog.h"
#include "engine/check_templates.h"
#include "engine/value_normalize.h"

namespace dqc {
namespace {

std::string And(const std::string& where, const std::string& cond) {
  return where.empty() ? " WHERE " + cond : where + " AND " + cond;
}

// A count is an exact integer whatever the engine returns it as.
Result<Value> CountValue(const Value& v) {
  if (v.is_null()) return Value::Exact(Decimal());
  auto d = Decimal::Parse(v.text);
  if (!d) return Status::Internal("a count came back as '" + v.text + "'");
  return Value::Exact(*d);
}

Result<std::vector<Value>> CountOutput(const std::vector<Value>& row) {
  auto v = CountValue(row.empty() ? Value::Null() : row[0]);
  if (!v.ok()) return v.status();
  return std::vector<Value>{*v};
}

// The sum as the row gives it: SQLite's dqc_sum text with its float flag, or the engine's own
// typed value (exact for integers and decimals, floating for floating columns).
Result<Value> SumValue(const std::vector<Value>& row, bool float_flag) {
  if (row.empty() || row[0].is_null()) return Value::Null();
  if (!float_flag) return row[0];  // "NaN", "Infinity" stay text: they equal only themselves
  auto d = Decimal::Parse(row[0].text);
  if (!d && (row[0].text == "NaN" || row[0].text == "Infinity" || row[0].text == "-Infinity")) {
    return Value::Text(row[0].text);  // as the other engines give them (connectors/connector.h)
  }
  if (!d) return Status::Internal("a sum came back as '" + row[0].text + "'");
  return row.size() > 1 && row[1].text == "1" ? Value::Float(*d) : Value::Exact(*d);
}

bool Summable(const SqlDialect& dialect, ColumnKind kind) {
  if (dialect.name() == "sqlite") return kind != ColumnKind::kBinary;  // values carry their types
  return kind == ColumnKind::kInteger || kind == ColumnKind::kDecimal || kind == ColumnKind::kFloat;
}

}  // namespace

Result<RuleSource> SourceOfRule(const Rule& rule, const std::string& dialect) {
  auto table = ParseTableName(rule.tables);
  if (!table.ok()) return table.status();
  RuleSource source;
  source.table = table->table;
  // A schema in `tables` wins. `databases` names the schema where database and schema are one
  // (SQLite's attached database, MariaDB's database); PostgreSQL's database is the connection's.
  source.schema = table->schema;
  if (source.schema.empty() && dialect != "postgresql") source.schema = rule.databases;
  if (dialect == "sqlite" && source.schema.empty()) source.schema = "main";
  if (rule.template_id) {
    const TemplateInfo* tmpl = FindSystemTemplate(*rule.template_id);
    if (tmpl && tmpl->max_columns > 0) {
      auto cols = ParseNameList(rule.columns);
      if (!cols.ok()) return Status::Invalid("columns: " + cols.status().message());
      if (tmpl->max_columns > 1 && !rule.reference_columns.empty()) {
        auto refs = ParseNameList(rule.reference_columns);
        if (!refs.ok()) return Status::Invalid("reference_columns: " + refs.status().message());
        cols->insert(cols->end(), refs->begin(), refs->end());
      }
      const auto n = static_cast<int>(cols->size());
      if (n < tmpl->min_columns || n > tmpl->max_columns) {
        std::string want = std::to_string(tmpl->min_columns) + " to " +
                           std::to_string(tmpl->max_columns) + " columns";
        if (tmpl->min_columns == tmpl->max_columns) {
          want = tmpl->min_columns == 1
                     ? "exactly one column"
                     : "exactly " + std::to_string(tmpl->min_columns) + " columns";
        }
        return Status::Invalid("template " + std::to_string(tmpl->id) + " takes " + want);
      }
      source.column = (*cols)[0];
      source.columns = std::move(*cols);
    }
  }
  return source;
}

Result<MetricPlan> PlanCustomSql(const std::string& sql) {
  auto statement = CheckCustomSql(sql);
  if (!statement.ok()) return statement.status();
  MetricPlan plan;
  plan.sql = *statement;
  plan.outputs = [](const std::vector<Value>& row) -> Result<std::vector<Value>> {
    if (Status s = CheckCustomOutputCount(row.size(), "the custom SQL"); !s.ok()) return s;
    return row;
  };
  return plan;
}

Result<MetricPlan> PlanMetric(const Rule& rule, const SqlDialect& dialect,
                              const std::vector<ColumnInfo>& columns) {
  if (!rule.template_id) return Status::Invalid("custom SQL rules are planned by PlanCustomSql");
  const TemplateInfo* tmpl = FindSystemTemplate(*rule.template_id);
  if (!tmpl || !tmpl->implemented) {
    return Status::Invalid("unknown template " + std::to_string(*rule.template_id));
  }
  auto source = SourceOfRule(rule, dialect.name());
  if (!source.ok()) return source.status();
  const std::string from =
      (source->schema.empty() ? std::string() : dialect.Quote(source->schema) + ".") +
      dialect.Quote(source->table);
  auto filter = NormalizeRangeFilter(rule.calculation_range_sql);
  if (!filter.ok()) return filter.status();
  const std::string where = filter->empty() ? "" : " WHERE (" + *filter + ")";
  const ColumnInfo column = columns.empty() ? ColumnInfo() : columns[0];
  const std::string col = dialect.Quote(source->column);
  const ColumnKind kind = column.kind;
  const std::string comparable = dialect.Comparable(col, kind);
  const std::string field = "'" + source->column + "' (" + column.declared_type + ")";

  MetricPlan plan;
  switch (tmpl->id) {
    case 1:
      plan.sql = "SELECT count(*) FROM " + from + where;
      plan.outputs = CountOutput;
      break;
    case 2:
      plan.sql = "SELECT count(*) FROM " + from + And(where, col + " IS NULL");
      plan.outputs = CountOutput;
      break;
    case 3:
      plan.sql = "SELECT count(DISTINCT " + comparable + ") FROM " + from + where;
      plan.outputs = CountOutput;
      break;
    case 4:
      plan.sql = "SELECT coalesce(sum(n), 0) FROM (SELECT count(*) AS n FROM " + from +
                 And(where, col + " IS NOT NULL") + " GROUP BY " + comparable +
                 " HAVING count(*) > 1) AS dqc_groups";
      plan.outputs = CountOutput;
      break;
    case 5:
    case 6: {
      if (!Summable(dialect, kind)) {
        return Status::Invalid("template " + std::to_string(tmpl->id) +
                               " needs a numeric column; " + field + " is not one");
      }
      const bool flag = dialect.SumCarriesFloatFlag();
      if (tmpl->id == 6) {
        plan.sql = "SELECT " + dialect.Sum(col, kind) + " FROM " + from + where;
        plan.outputs = [flag](const std::vector<Value>& row) -> Result<std::vector<Value>> {
          auto sum = SumValue(row, flag);
          if (!sum.ok()) return sum.status();
          return std::vector<Value>{*sum};
        };
        break;
      }
      // dqc divides the exact sum by the count itself: engines round AVG each their own way.
      plan.sql = "SELECT " + dialect.Sum(col, kind) + ", count(" + col + ") FROM " + from + where;
      plan.outputs = [flag](const std::vector<Value>& row) -> Result<std::vector<Value>> {
        auto sum = SumValue(row, flag);
        if (!sum.ok()) return sum.status();
        const size_t count_at = flag ? 2 : 1;
        if (!sum->is_number() || row.size() <= count_at) return std::vector<Value>{*sum};
        auto n = Decimal::Parse(row[count_at].text);
        auto avg = n ? sum->number()->DivideToScale(*n, 20) : std::nullopt;
        if (!avg) return std::vector<Value>{Value::Null()};
        return std::vector<Value>{sum->kind == Value::Kind::kFloat ? Value::Float(*avg)
                                                                   : Value::Exact(*avg)};
      };
      break;
    }
    case 7:
    case 8:
      plan.sql = "SELECT " + dialect.Extreme(tmpl->id == 7, col, kind) + " FROM " + from + where;
      plan.outputs = [column](const std::vector<Value>& row) -> Result<std::vector<Value>> {
        auto v = NormalizeForColumn(row.empty() ? Value::Null() : row[0], column);
        if (!v.ok()) return v.status();
        return std::vector<Value>{*v};
      };
      break;
    default:
      return PlanCheckTemplate(tmpl->id, CheckContext{rule, dialect, from, where, columns});
  }
  return plan;
}

Status ValidateRuleShape(const Rule& rule) {
  if (!rule.template_id) return Status::Ok();  // custom SQL: checked by CheckCustomSql
  auto source = SourceOfRule(rule, "sqlite");
  if (!source.ok()) return source.status();
  ColumnInfo any;
  any.declared_type = "any";
  std::vector<ColumnInfo> columns(std::max<size_t>(1, source->columns.size()), any);
  for (size_t i = 0; i < source->columns.size(); ++i) columns[i].name = source->columns[i];
  auto plan = PlanMetric(rule, SqlDialect("sqlite"), columns);
  return plan.ok() ? Status::Ok() : plan.status();
}

}  // namespace dqc
