// The built-in rule templates 1-8 (DESIGN §3.6): what each computes and the labels of its outputs.
// How each is computed per SQL dialect lives in engine/; the system templates from 10 on live whole
// in engine/check_templates.cpp, and engine/system_templates.h lists all of them.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace dqc {

struct TemplateInfo {
  int64_t id;
  std::string name;
  std::string type;       // "Table", "Field" or "Cross-field" (the spec's template types)
  std::string rule_type;  // the sub-rule `type` it implies: SingleTable, SingleColumn, CrossColumn
  std::string dimension;
  std::vector<std::string> outputs;  // output labels, ${a_1} is outputs[0]
  bool implemented;                  // whether this engine can run it yet
  // How many names the rule's `columns` (then `reference_columns`) give: 0..0 for table templates.
  int min_columns = 0;
  int max_columns = 0;
  // What GET /rule-templates shows: the SQL with the spec's placeholders, and what the template
  // computes and which template_arguments it reads.
  std::string sql_info;
  std::string description;
};

// nullptr when there is no such template among 1-8.
const TemplateInfo* FindTemplate(int64_t id);
const std::vector<TemplateInfo>& AllTemplates();
// What a custom SQL rule (type Customize, template_id null) gives: up to five values, the columns
// of its first row, labelled "Value 1" to "Value 5".
const TemplateInfo& CustomSqlOutputs();

// The result description of a template as the API shows it: "Total Rows: ${1}, ...".
std::string ResultDescription(const std::vector<std::string>& outputs);

}  // namespace dqc
