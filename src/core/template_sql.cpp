#include "core/template_sql.h"

#include <cctype>

namespace dqc {
namespace {

struct Placeholder {
  enum class Kind { kTable, kColumn, kInput } kind;
  int index;      // from 1
  size_t length;  // of "${...}"
};

struct Family {
  const char* prefix;
  Placeholder::Kind kind;
  int max;
};
constexpr Family kFamilies[] = {{"Schema_Table", Placeholder::Kind::kTable, kMaxTemplateTables},
                                {"Column", Placeholder::Kind::kColumn, kMaxTemplateColumns},
                                {"Input_String", Placeholder::Kind::kInput, kMaxTemplateInputs}};

// The placeholder starting at sql[at] (which is "${"), or why it is not one.
Result<Placeholder> ParseAt(const std::string& sql, size_t at) {
  size_t close = sql.find('}', at + 2);
  const std::string shown =
      close == std::string::npos ? sql.substr(at, 24) : sql.substr(at, close - at + 1);
  auto unknown = [&] {
    return Status::Invalid("unknown placeholder '" + shown +
                           "': use ${Schema_Table1}..${Schema_Table5}, ${Column1}..${Column20} "
                           "or ${Input_String1}..${Input_String5}");
  };
  if (close == std::string::npos) return unknown();
  const std::string name = sql.substr(at + 2, close - at - 2);
  for (const Family& f : kFamilies) {
    const std::string prefix = f.prefix;
    if (name.size() <= prefix.size() || name.compare(0, prefix.size(), prefix) != 0) continue;
    const std::string digits = name.substr(prefix.size());
    if (digits.size() > 2 || digits[0] == '0') return unknown();
    int index = 0;
    for (char c : digits) {
      if (!std::isdigit(static_cast<unsigned char>(c))) return unknown();
      index = index * 10 + (c - '0');
    }
    if (index < 1 || index > f.max) return unknown();
    return Placeholder{f.kind, index, close - at + 1};
  }
  return unknown();
}

}  // namespace

Result<PlaceholderUse> ScanPlaceholders(const std::string& sql) {
  PlaceholderUse use;
  for (size_t at = sql.find("${"); at != std::string::npos; at = sql.find("${", at)) {
    auto p = ParseAt(sql, at);
    if (!p.ok()) return p.status();
    int& highest = p->kind == Placeholder::Kind::kTable    ? use.tables
                   : p->kind == Placeholder::Kind::kColumn ? use.columns
                                                           : use.inputs;
    if (p->index > highest) highest = p->index;
    at += p->length;
  }
  return use;
}

std::string TemplateTypeOf(const PlaceholderUse& use) {
  if (use.columns == 0) return "Table";
  return use.columns == 1 ? "Field" : "Cross-field";
}

Result<std::string> SubstitutePlaceholders(const std::string& sql,
                                           const PlaceholderValues& values) {
  std::string out;
  size_t from = 0;
  for (size_t at = sql.find("${"); at != std::string::npos; at = sql.find("${", from)) {
    auto p = ParseAt(sql, at);
    if (!p.ok()) return p.status();
    const auto& list = p->kind == Placeholder::Kind::kTable    ? values.tables
                       : p->kind == Placeholder::Kind::kColumn ? values.columns
                                                               : values.inputs;
    if (static_cast<size_t>(p->index) > list.size()) {
      return Status::Invalid("placeholder " + sql.substr(at, p->length) +
                             " has no value: " + std::to_string(list.size()) + " given");
    }
    out.append(sql, from, at - from);
    out += list[static_cast<size_t>(p->index) - 1];
    from = at + p->length;
  }
  out.append(sql, from, std::string::npos);
  return out;
}

}  // namespace dqc
