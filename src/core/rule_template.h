// User rule templates (spec §4.2): SQL with placeholders that a workspace defines once and its
// jobs' rules use by ID. System templates (engine/system_templates.h) take IDs 1..1,000,000;
// user templates take 1,000,001 and up, from one sequence of the store that never reuses an ID,
// so a template ID says which kind it is and stays small (DESIGN §3.1: template IDs are small
// integers, unlike the 19-digit job IDs).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "core/template_catalog.h"

namespace dqc {

inline constexpr int64_t kFirstUserTemplateId = 1000001;
// create_time of every system template (the spec's example for template 1) and their creator.
inline constexpr int64_t kSystemTemplateCreateTime = 1571328000000;
inline constexpr const char* kSystemCreator = "System";

inline bool IsUserTemplateId(int64_t id) {
  return id >= kFirstUserTemplateId;
}

struct RuleTemplate {
  int64_t id = 0;
  std::string project_id;
  std::string workspace_id;
  std::string name;
  int64_t category_id = 0;
  std::string dimension;  // Completeness, Uniqueness, Timeliness, Validity, Accuracy, Consistency
  std::string type;       // Table, Field or Cross-field: follows from the placeholders
  std::string sql_info;   // one SELECT with placeholders
  std::string result_description;  // output labels, comma-separated
  std::string abnormal_table_template;
  std::string description;
  int64_t create_time = 0;
  std::string creator;
};

// The user templates a job's rules use, by ID (the engine loads them when an instance starts).
using UserTemplates = std::map<int64_t, RuleTemplate>;

// TemplateRO's dimension_id (1 Completeness ... 6 Consistency); nullopt outside 1..6.
std::optional<std::string> DimensionName(int64_t dimension_id);

// The output labels a result description gives, in order: "Total rows: ${1}, Bad rows" gives
// {"Total rows", "Bad rows"} (each part without its ${n} and a trailing ':'). An empty
// description gives "Value 1".."Value 5", as custom SQL does. Refused: more than five labels, an
// empty label, a repeated one, or one that names a column of the result rows (Name, Side, Alarm,
// Expression, SQL, Duration ms, Error).
Result<std::vector<std::string>> OutputLabels(const std::string& result_description);

// The sub-rule type a template type implies: SingleTable, SingleColumn or CrossColumn.
std::string RuleTypeFor(const std::string& template_type);

// The template as a rule sees it: outputs, rule type and column counts (from its placeholders).
Result<TemplateInfo> InfoOf(const RuleTemplate& t);

}  // namespace dqc
