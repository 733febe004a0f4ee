// The system templates numbered from 10 (DESIGN §3.6: "further system templates take 10 and up"):
// the completeness, uniqueness, validity and consistency checks of spec §4.2 that fit one
// aggregate query on a relational source. Each lives whole in one entry of check_templates.cpp -
// its catalog row, how it reads its template_arguments, and its SQL per dialect - so adding one
// touches that file only (DESIGN §8, DuckDB's shape).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "connectors/connector.h"
#include "core/job.h"
#include "core/status.h"
#include "core/template_catalog.h"
#include "engine/metric_plan.h"
#include "engine/sql_dialect.h"

namespace dqc {

// What a check template plans from: the side's dialect, the FROM and WHERE already written
// (WHERE is "" or " WHERE (<filter>)"), and the rule's columns as the side's catalog describes
// them.
struct CheckContext {
  const Rule& rule;
  const SqlDialect& dialect;
  std::string from;
  std::string where;
  std::vector<ColumnInfo> columns;
};

// Every system template, 1-8 first, in ID order; nullptr when `id` is none of them.
const std::vector<const TemplateInfo*>& SystemTemplates();
const TemplateInfo* FindSystemTemplate(int64_t id);

// The plan of check template `id` (10 and up).
Result<MetricPlan> PlanCheckTemplate(int64_t id, const CheckContext& ctx);

// Why the rule's template_arguments (or regular_expression) do not suit its check template; Ok
// for every other template. Checked at job create so a missing pattern shows at once.
Status CheckTemplateArguments(const Rule& rule);

}  // namespace dqc
