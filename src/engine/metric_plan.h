// Plans a rule's metric into one aggregate query for the side's SQL dialect (DESIGN §6: push the
// work to the database; only results travel) and turns the query's row into the template's outputs.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "connectors/connector.h"
#include "core/job.h"
#include "core/status.h"
#include "core/value.h"
#include "engine/sql_dialect.h"

namespace dqc {

struct MetricPlan {
  std::string sql;
  // The query's first row -> one Value per template output.
  std::function<Result<std::vector<Value>>(const std::vector<Value>& row)> outputs;
};

// Where a rule reads, as the side's catalog spells it: the schema ("" = the connection's default)
// and table, and the column for field templates ("" otherwise).
struct RuleSource {
  std::string schema;
  std::string table;
  std::string column;
  // Every column a multi-column template reads (`columns`, then `reference_columns`); column is
  // the first. Empty for table templates.
  std::vector<std::string> columns;
};
Result<RuleSource> SourceOfRule(const Rule& rule, const std::string& dialect);

// A system template's query: one ColumnInfo per RuleSource::columns entry (one default-made entry
// for table templates).
Result<MetricPlan> PlanMetric(const Rule& rule, const SqlDialect& dialect,
                              const std::vector<ColumnInfo>& columns);

// A custom SQL rule's query (type Customize): its own SELECT, whose first row gives the outputs.
Result<MetricPlan> PlanCustomSql(const std::string& sql);

// Checks what PlanMetric would refuse (names, filter, template), without a database: used when a
// job is created so mistakes show at once.
Status ValidateRuleShape(const Rule& rule);

}  // namespace dqc
