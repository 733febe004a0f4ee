// The placeholders of a user template's SQL (spec §4.2): ${Schema_Table1}..${Schema_Table5},
// ${Column1}..${Column20} and ${Input_String1}..${Input_String5}. A template is stored with them;
// the engine replaces them with quoted identifiers (and escaped literals) of the side's dialect
// when it plans a rule, so the same template runs on every engine.
#pragma once

#include <string>
#include <vector>

#include "core/status.h"

namespace dqc {

inline constexpr int kMaxTemplateTables = 5;
inline constexpr int kMaxTemplateColumns = 20;
inline constexpr int kMaxTemplateInputs = 5;

// The highest index of each kind the SQL uses (0: none), which is how many names a rule must give.
struct PlaceholderUse {
  int tables = 0;
  int columns = 0;
  int inputs = 0;
};

// Every "${" must start a known placeholder: anything else (${Column0}, ${Column21}, ${column1},
// ${Schema_Table1.x}, an unclosed "${") is refused, naming it. Quotes are not special: a "${" in a
// string literal is refused too, so nothing that looks like a placeholder is left unreplaced.
Result<PlaceholderUse> ScanPlaceholders(const std::string& sql);

// The template type its placeholders imply: "Table" when it names no column, "Field" when it
// names ${Column1} only, "Cross-field" when it names ${Column2} or later.
std::string TemplateTypeOf(const PlaceholderUse& use);

// SQL text for each placeholder, index 1 first: tables and columns already quoted for the
// dialect, inputs already written as literals.
struct PlaceholderValues {
  std::vector<std::string> tables;
  std::vector<std::string> columns;
  std::vector<std::string> inputs;
};

// The SQL with every placeholder replaced, in one left-to-right pass: replacement text is never
// scanned again, so a name that itself reads "${Column2}" stays a name. Invalid when the SQL
// uses a placeholder that `values` has no entry for.
Result<std::string> SubstitutePlaceholders(const std::string& sql, const PlaceholderValues& values);

}  // namespace dqc
