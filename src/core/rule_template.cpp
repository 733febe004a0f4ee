#include "core/rule_template.h"

#include <algorithm>
#include <cctype>

#include "core/template_sql.h"

namespace dqc {
namespace {

std::string Trim(const std::string& s) {
  size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return s.substr(b, e - b);
}

// The part without its ${...} references.
std::string WithoutReferences(const std::string& part) {
  std::string out;
  for (size_t i = 0; i < part.size(); ++i) {
    if (part.compare(i, 2, "${") == 0) {
      size_t close = part.find('}', i);
      if (close != std::string::npos) {
        i = close;
        continue;
      }
    }
    out += part[i];
  }
  return out;
}

}  // namespace

std::optional<std::string> DimensionName(int64_t dimension_id) {
  static const char* kNames[] = {"Completeness", "Uniqueness", "Timeliness",
                                 "Validity",     "Accuracy",   "Consistency"};
  if (dimension_id < 1 || dimension_id > 6) return std::nullopt;
  return kNames[dimension_id - 1];
}

Result<std::vector<std::string>> OutputLabels(const std::string& result_description) {
  if (Trim(result_description).empty()) return CustomSqlOutputs().outputs;
  std::vector<std::string> labels;
  size_t from = 0;
  for (;;) {
    size_t comma = result_description.find(',', from);
    std::string label = Trim(WithoutReferences(result_description.substr(
        from, comma == std::string::npos ? std::string::npos : comma - from)));
    while (!label.empty() && label.back() == ':') label = Trim(label.substr(0, label.size() - 1));
    if (label.empty()) {
      return Status::Invalid("'result_description' has an empty label (output " +
                             std::to_string(labels.size() + 1) + ")");
    }
    for (const char* reserved :
         {"Name", "Side", "Alarm", "Expression", "SQL", "Duration ms", "Error"}) {
      if (label == reserved) {
        return Status::Invalid("'result_description': the label '" + label +
                               "' is a column of every result row; choose another");
      }
    }
    if (std::find(labels.begin(), labels.end(), label) != labels.end()) {
      return Status::Invalid("'result_description' repeats the label '" + label + "'");
    }
    labels.push_back(label);
    if (comma == std::string::npos) break;
    from = comma + 1;
  }
  if (labels.size() > 5) {
    return Status::Invalid("'result_description' names " + std::to_string(labels.size()) +
                           " outputs; a template has at most 5");
  }
  return labels;
}

std::string RuleTypeFor(const std::string& template_type) {
  if (template_type == "Table") return "SingleTable";
  if (template_type == "Field") return "SingleColumn";
  return "CrossColumn";
}

Result<TemplateInfo> InfoOf(const RuleTemplate& t) {
  auto use = ScanPlaceholders(t.sql_info);
  if (!use.ok()) return use.status();
  auto labels = OutputLabels(t.result_description);
  if (!labels.ok()) return labels.status();
  // A rule gives at least as many columns as the highest ${ColumnN}; more are not used.
  TemplateInfo info{t.id,
                    t.name,
                    t.type,
                    RuleTypeFor(t.type),
                    t.dimension,
                    *labels,
                    true,
                    use->columns,
                    use->columns ? kMaxTemplateColumns : 0,
                    t.sql_info,
                    t.description};
  return info;
}

}  // namespace dqc
