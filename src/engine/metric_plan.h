// Plans a rule's metric into one aggregate query for the side's SQL dialect (DESIGN §6: push the
// work to the database; only results travel) and turns the query's row into the template's outputs.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "core/job.h"
#include "core/status.h"
#include "core/value.h"

namespace dqc {

struct MetricPlan {
  std::string sql;
  // The query's first row -> one Value per template output.
  std::function<Result<std::vector<Value>>(const std::vector<Value>& row)> outputs;
};

Result<MetricPlan> PlanMetric(const Rule& rule, const std::string& dialect);

// Checks what PlanMetric would refuse (names, filter, template), without a database: used when a
// job is created so mistakes show at once.
Status ValidateRuleShape(const Rule& rule);

}  // namespace dqc
