// Plans a rule that uses a user template (spec §4.2): the template's SELECT with its placeholders
// replaced for the side's dialect, run like custom SQL (its first row gives up to five outputs).
//   ${Schema_Table1}        the rule's `tables`; with a calculation_range_sql filter it becomes
//                           (SELECT * FROM <table> WHERE (<filter>)) AS <table>, which is why
//                           templates use no table aliases and no ${Schema_Table1}.column forms
//   ${Schema_Table2..5}     the names of `reference_tables`, in order (read whole)
//   ${Column1..20}          the names of `columns`, then of `reference_columns`, in order
//   ${Input_String1..5}     template_arguments {"input_strings": ["...", ...]}, as string literals
#pragma once

#include "core/job.h"
#include "core/rule_template.h"
#include "core/status.h"
#include "engine/metric_plan.h"
#include "engine/sql_dialect.h"

namespace dqc {

Result<MetricPlan> PlanUserTemplate(const Rule& rule, const RuleTemplate& tmpl,
                                    const SqlDialect& dialect);

// What PlanUserTemplate would refuse (missing names, filter), without a database: job create.
Status ValidateUserTemplateRule(const Rule& rule, const RuleTemplate& tmpl);

}  // namespace dqc
