// The built-in rule templates (DESIGN §3.6): what each computes and the labels of its outputs.
// How each is computed per SQL dialect lives in engine/.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace dqc {

struct TemplateInfo {
  int64_t id;
  std::string name;
  std::string type;       // "Table" or "Field" (the spec's template types)
  std::string rule_type;  // the sub-rule `type` it implies: SingleTable or SingleColumn
  std::string dimension;
  std::vector<std::string> outputs;  // output labels, ${a_1} is outputs[0]
  bool implemented;                  // whether this engine can run it yet
};

// nullptr when there is no such template.
const TemplateInfo* FindTemplate(int64_t id);
const std::vector<TemplateInfo>& AllTemplates();
// What a custom SQL rule (type Customize, template_id null) gives: up to five values, the columns
// of its first row, labelled "Value 1" to "Value 5".
const TemplateInfo& CustomSqlOutputs();

}  // namespace dqc
