#include "core/template_catalog.h"

namespace dqc {

const std::vector<TemplateInfo>& AllTemplates() {
  static const std::vector<TemplateInfo> kTemplates = {
      {1, "Table rows", "Table", "SingleTable", "Accuracy", {"Total Rows"}, true},
      {2, "Field null values", "Field", "SingleColumn", "Completeness", {"Null Values"}, true},
      {3,
       "Field distinct values",
       "Field",
       "SingleColumn",
       "Uniqueness",
       {"Distinct Values"},
       true},
      {4,
       "Field duplicate values",
       "Field",
       "SingleColumn",
       "Uniqueness",
       {"Duplicate Values"},
       true},
      {5, "Average field value", "Field", "SingleColumn", "Accuracy", {"Average"}, true},
      {6, "Total field value", "Field", "SingleColumn", "Accuracy", {"Sum"}, true},
      {7, "Maximum field value", "Field", "SingleColumn", "Accuracy", {"Maximum"}, true},
      {8, "Minimum field value", "Field", "SingleColumn", "Accuracy", {"Minimum"}, true},
  };
  return kTemplates;
}

const TemplateInfo& CustomSqlOutputs() {
  static const TemplateInfo kCustom = {
      0,           "Custom SQL", "Customize",
      "Customize", "Accuracy",   {"Value 1", "Value 2", "Value 3", "Value 4", "Value 5"},
      true};
  return kCustom;
}

const TemplateInfo* FindTemplate(int64_t id) {
  for (const auto& t : AllTemplates()) {
    if (t.id == id) return &t;
  }
  return nullptr;
}

}  // namespace dqc
