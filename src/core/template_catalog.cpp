#include "core/template_catalog.h"

namespace dqc {

const std::vector<TemplateInfo>& AllTemplates() {
  static const std::vector<TemplateInfo> kTemplates = {
      {1,
       "Table rows",
       "Table",
       "SingleTable",
       "Accuracy",
       {"Total Rows"},
       true,
       0,
       0,
       "SELECT count(*) FROM ${Schema_Table1}",
       "The number of rows."},
      {2,
       "Field null values",
       "Field",
       "SingleColumn",
       "Completeness",
       {"Null Values"},
       true,
       1,
       1,
       "SELECT count(*) FROM ${Schema_Table1} WHERE ${Column1} IS NULL",
       "The rows where the field is NULL."},
      {3,
       "Field distinct values",
       "Field",
       "SingleColumn",
       "Uniqueness",
       {"Distinct Values"},
       true,
       1,
       1,
       "SELECT count(DISTINCT ${Column1}) FROM ${Schema_Table1}",
       "The distinct non-NULL values, text compared byte by byte."},
      {4,
       "Field duplicate values",
       "Field",
       "SingleColumn",
       "Uniqueness",
       {"Duplicate Values"},
       true,
       1,
       1,
       "SELECT coalesce(sum(n), 0) FROM (SELECT count(*) AS n FROM ${Schema_Table1} WHERE "
       "${Column1} IS NOT NULL GROUP BY ${Column1} HAVING count(*) > 1)",
       "The rows whose non-NULL value occurs more than once: a,a,b,b,b gives 5."},
      {5,
       "Average field value",
       "Field",
       "SingleColumn",
       "Accuracy",
       {"Average"},
       true,
       1,
       1,
       "SELECT sum(${Column1}) / count(${Column1}) FROM ${Schema_Table1}",
       "Exact sum / count of the non-NULL values, 20 fractional digits, half-even."},
      {6,
       "Total field value",
       "Field",
       "SingleColumn",
       "Accuracy",
       {"Sum"},
       true,
       1,
       1,
       "SELECT sum(${Column1}) FROM ${Schema_Table1}",
       "The exact sum of the non-NULL values."},
      {7,
       "Maximum field value",
       "Field",
       "SingleColumn",
       "Accuracy",
       {"Maximum"},
       true,
       1,
       1,
       "SELECT max(${Column1}) FROM ${Schema_Table1}",
       "The largest value, text compared bytewise."},
      {8,
       "Minimum field value",
       "Field",
       "SingleColumn",
       "Accuracy",
       {"Minimum"},
       true,
       1,
       1,
       "SELECT min(${Column1}) FROM ${Schema_Table1}",
       "The smallest value, text compared bytewise."},
  };
  return kTemplates;
}

const TemplateInfo& CustomSqlOutputs() {
  static const TemplateInfo kCustom = {
      0,
      "Custom SQL",
      "Customize",
      "Customize",
      "Accuracy",
      {"Value 1", "Value 2", "Value 3", "Value 4", "Value 5"},
      true,
      0,
      0,
      "",
      "One SELECT of the rule's own; its first row gives up to five values."};
  return kCustom;
}

const TemplateInfo* FindTemplate(int64_t id) {
  for (const auto& t : AllTemplates()) {
    if (t.id == id) return &t;
  }
  return nullptr;
}

std::string ResultDescription(const std::vector<std::string>& outputs) {
  std::string out;
  for (size_t i = 0; i < outputs.size(); ++i) {
    out += (i ? ", " : "") + outputs[i] + ": ${" + std::to_string(i + 1) + "}";
  }
  return out;
}

}  // namespace dqc
