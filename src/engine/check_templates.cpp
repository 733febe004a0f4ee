#include "engine/check_templates.h"

#include <cctype>
#include <cstdlib>
#include <nlohmann/json.hpp>

namespace dqc {
namespace {

using nlohmann::json;

// ---- shared pieces -----------------------------------------------------------------------------

Status ArgError(const CheckContext& ctx, const std::string& msg) {
  return Status::Invalid("template " + std::to_string(*ctx.rule.template_id) +
                         ": 'template_arguments' " + msg);
}

// The rule's template_arguments as an object (job create already refused anything else).
json Args(const Rule& rule) {
  if (rule.template_arguments.empty()) return json::object();
  json j = json::parse(rule.template_arguments, nullptr, false);
  return j.is_object() ? j : json::object();
}

bool HasNul(const std::string& s) {
  return s.find('\0') != std::string::npos;
}

// A count column of the row as an exact integer (0 when NULL: count() over no rows).
Result<Decimal> Count(const std::vector<Value>& row, size_t i) {
  if (i >= row.size() || row[i].is_null()) return Decimal();
  auto d = Decimal::Parse(row[i].text);
  if (!d) return Status::Internal("a count came back as '" + row[i].text + "'");
  return *d;
}

// A number argument (JSON number or numeric string) as a canonical SQL numeric literal; nullopt
// when absent. Short, with a small exponent, so "1e999999999" cannot become a billion digits.
Result<std::optional<std::string>> NumberArg(const CheckContext& ctx, const json& args,
                                             const char* key) {
  auto it = args.find(key);
  if (it == args.end() || it->is_null()) return std::optional<std::string>();
  std::string text = it->is_string() ? it->get<std::string>() : it->dump();
  auto bad = [&] { return ArgError(ctx, "'" + std::string(key) + "' must be a number"); };
  if (!it->is_number() && !it->is_string()) return bad();
  if (text.size() > 40) return bad();
  if (size_t e = text.find_first_of("eE"); e != std::string::npos) {
    if (std::abs(std::atoi(text.c_str() + e + 1)) > 100) return bad();
  }
  auto d = Decimal::Parse(text);
  if (!d) return bad();
  return std::optional<std::string>(d->ToString());
}

// A non-negative integer argument; nullopt when absent.
Result<std::optional<int64_t>> CountArg(const CheckContext& ctx, const json& args,
                                        const char* key) {
  auto it = args.find(key);
  if (it == args.end() || it->is_null()) return std::optional<int64_t>();
  if (!it->is_number_integer() || it->get<int64_t>() < 0) {
    return ArgError(ctx, "'" + std::string(key) + "' must be an integer >= 0");
  }
  return std::optional<int64_t>(it->get<int64_t>());
}

bool IsNumericKind(const CheckContext& ctx, ColumnKind kind) {
  if (ctx.dialect.name() == "sqlite") return kind != ColumnKind::kBinary;  // dynamic types
  return kind == ColumnKind::kInteger || kind == ColumnKind::kDecimal || kind == ColumnKind::kFloat;
}

std::string Col(const CheckContext& ctx, size_t i) {
  return ctx.dialect.Quote(ctx.columns[i].name);
}

std::string And(const std::string& where, const std::string& cond) {
  return where.empty() ? " WHERE " + cond : where + " AND " + cond;
}

MetricPlan CountPlan(std::string sql) {
  MetricPlan plan;
  plan.sql = std::move(sql);
  plan.outputs = [](const std::vector<Value>& row) -> Result<std::vector<Value>> {
    auto n = Count(row, 0);
    if (!n.ok()) return n.status();
    return std::vector<Value>{Value::Exact(*n)};
  };
  return plan;
}

// The validity shape: outputs (1) non-NULL values failing `valid`, (2) non-NULL values passing it,
// (3) NULL values. NULL is neither, so an alarm chooses: ${1_1} ignores NULLs, ${1_1}+${1_3}
// counts them as invalid (the spec's "ignore null" variants).
MetricPlan ValidityPlan(const CheckContext& ctx, const std::string& valid) {
  const std::string c = Col(ctx, 0);
  MetricPlan plan;
  plan.sql = "SELECT count(CASE WHEN " + c + " IS NOT NULL AND (" + valid +
             ") THEN 1 END), count(" + c + "), count(*) FROM " + ctx.from + ctx.where;
  plan.outputs = [](const std::vector<Value>& row) -> Result<std::vector<Value>> {
    auto ok = Count(row, 0), non_null = Count(row, 1), all = Count(row, 2);
    for (auto* r : {&ok, &non_null, &all}) {
      if (!r->ok()) return r->status();
    }
    return std::vector<Value>{Value::Exact(*non_null - *ok), Value::Exact(*ok),
                              Value::Exact(*all - *non_null)};
  };
  return plan;
}

const std::vector<std::string> kValidityOutputs = {"Invalid Values", "Valid Values", "Null Values"};

// The pattern of a regex template: `regular_expression`, else template_arguments.pattern.
Result<std::string> Pattern(const CheckContext& ctx) {
  json args = Args(ctx.rule);
  std::string pattern = ctx.rule.regular_expression;
  if (auto it = args.find("pattern"); it != args.end() && !it->is_null()) {
    if (!it->is_string()) return ArgError(ctx, "'pattern' must be a string");
    if (!pattern.empty() && pattern != it->get<std::string>()) {
      return ArgError(ctx, "'pattern' differs from 'regular_expression': give one of them");
    }
    pattern = it->get<std::string>();
  }
  if (pattern.empty()) {
    return Status::Invalid("template " + std::to_string(*ctx.rule.template_id) +
                           " needs a pattern: 'regular_expression' or template_arguments "
                           "{\"pattern\": \"...\"}");
  }
  if (pattern.size() > 1024 || HasNul(pattern)) {
    return ArgError(ctx, "'pattern' must be 1 to 1024 characters without NUL");
  }
  return pattern;
}

Result<MetricPlan> RegexPlan(const CheckContext& ctx, const std::string& pattern) {
  const std::string c = Col(ctx, 0);
  return ValidityPlan(ctx,
                      ctx.dialect.RegexMatch(ctx.dialect.TextOf(c), ctx.dialect.Literal(pattern)));
}

// ---- the templates -----------------------------------------------------------------------------

Result<MetricPlan> UniqueValues(const CheckContext& ctx) {
  const std::string c = Col(ctx, 0);
  return CountPlan("SELECT count(*) FROM (SELECT 1 AS one FROM " + ctx.from +
                   And(ctx.where, c + " IS NOT NULL") + " GROUP BY " +
                   ctx.dialect.Comparable(c, ctx.columns[0].kind) +
                   " HAVING count(*) = 1) AS dqc_groups");
}

Result<MetricPlan> RegexCheck(const CheckContext& ctx) {
  auto pattern = Pattern(ctx);
  if (!pattern.ok()) return pattern.status();
  return RegexPlan(ctx, *pattern);
}

Result<MetricPlan> EnumCheck(const CheckContext& ctx) {
  json args = Args(ctx.rule);
  auto values = args.find("values");
  if (values == args.end() || !values->is_array() || values->empty() || values->size() > 1000) {
    return ArgError(ctx, "must give 'values': an array of 1 to 1000 allowed values");
  }
  const ColumnInfo& col = ctx.columns[0];
  const bool numeric = col.kind == ColumnKind::kInteger || col.kind == ColumnKind::kDecimal ||
                       col.kind == ColumnKind::kFloat;
  std::string list;
  for (const json& v : *values) {
    if (!v.is_string() && !v.is_number()) {
      return ArgError(ctx, "'values' may hold only strings and numbers (got " + v.dump() + ")");
    }
    std::string text = v.is_string() ? v.get<std::string>() : v.dump();
    if (HasNul(text)) return ArgError(ctx, "'values' may not hold NUL characters");
    std::string literal;
    if (numeric) {
      // A numeric column compares as numbers (1 and 1.0 are one value), so every value must be one.
      auto d = text.size() <= 40 ? Decimal::Parse(text) : std::nullopt;
      if (!d) {
        return ArgError(ctx, "value '" + text + "' is not a number, but column '" + col.name +
                                 "' (" + col.declared_type + ") is numeric");
      }
      literal = d->ToString();
    } else {
      literal = ctx.dialect.Literal(text);
    }
    list += (list.empty() ? "" : ", ") + literal;
  }
  const std::string c = Col(ctx, 0);
  return ValidityPlan(ctx, (numeric ? c : ctx.dialect.TextOf(c)) + " IN (" + list + ")");
}

Result<MetricPlan> LengthCheck(const CheckContext& ctx) {
  json args = Args(ctx.rule);
  auto min = CountArg(ctx, args, "min_length");
  if (!min.ok()) return min.status();
  auto max = CountArg(ctx, args, "max_length");
  if (!max.ok()) return max.status();
  if (!*min && !*max) return ArgError(ctx, "must give 'min_length', 'max_length' or both");
  if (*min && *max && **min > **max) return ArgError(ctx, "has 'min_length' > 'max_length'");
  const std::string len = ctx.dialect.CharLength(ctx.dialect.TextOf(Col(ctx, 0)));
  std::string valid;
  if (*min) valid = len + " >= " + std::to_string(**min);
  if (*max) valid += (valid.empty() ? "" : " AND ") + len + " <= " + std::to_string(**max);
  return ValidityPlan(ctx, valid);
}

Result<MetricPlan> RangeCheck(const CheckContext& ctx) {
  json args = Args(ctx.rule);
  auto min = NumberArg(ctx, args, "min");
  if (!min.ok()) return min.status();
  auto max = NumberArg(ctx, args, "max");
  if (!max.ok()) return max.status();
  if (!*min && !*max) return ArgError(ctx, "must give 'min', 'max' or both");
  if (*min && *max && *Decimal::Parse(**max) < *Decimal::Parse(**min)) {
    return ArgError(ctx, "has 'min' > 'max'");
  }
  const ColumnInfo& col = ctx.columns[0];
  if (!IsNumericKind(ctx, col.kind)) {
    return Status::Invalid("template " + std::to_string(*ctx.rule.template_id) +
                           " needs a numeric column; '" + col.name + "' (" + col.declared_type +
                           ") is not one");
  }
  const std::string c = Col(ctx, 0);
  std::string valid;
  if (*min) valid = c + " >= " + **min;
  if (*max) valid += (valid.empty() ? "" : " AND ") + c + " <= " + **max;
  return ValidityPlan(ctx, valid);
}

Result<MetricPlan> FieldConsistency(const CheckContext& ctx) {
  json args = Args(ctx.rule);
  std::string op = "=";
  if (auto it = args.find("operator"); it != args.end() && !it->is_null()) {
    if (!it->is_string()) return ArgError(ctx, "'operator' must be a string");
    op = it->get<std::string>();
  }
  if (op == "<>") op = "!=";
  if (op != "=" && op != "!=" && op != "<" && op != "<=" && op != ">" && op != ">=") {
    return ArgError(ctx, "'operator' must be one of =, !=, <>, <, <=, >, >= (got '" + op + "')");
  }
  const std::string a = ctx.dialect.Comparable(Col(ctx, 0), ctx.columns[0].kind);
  const std::string b = ctx.dialect.Comparable(Col(ctx, 1), ctx.columns[1].kind);
  // = and != treat NULL as a value (NULL equals only NULL); ordering skips rows with a NULL.
  std::string broken;
  if (op == "=") broken = ctx.dialect.IsDistinct(a, b);
  if (op == "!=") broken = "NOT (" + ctx.dialect.IsDistinct(a, b) + ")";
  if (broken.empty()) broken = "NOT (" + a + " " + op + " " + b + ")";
  MetricPlan plan;
  plan.sql =
      "SELECT count(CASE WHEN " + broken + " THEN 1 END), count(*) FROM " + ctx.from + ctx.where;
  plan.outputs = [](const std::vector<Value>& row) -> Result<std::vector<Value>> {
    auto bad = Count(row, 0), all = Count(row, 1);
    if (!bad.ok()) return bad.status();
    if (!all.ok()) return all.status();
    return std::vector<Value>{Value::Exact(*bad), Value::Exact(*all)};
  };
  return plan;
}

Result<MetricPlan> NullRate(const CheckContext& ctx) {
  MetricPlan plan;
  plan.sql = "SELECT count(*) - count(" + Col(ctx, 0) + "), count(*) FROM " + ctx.from + ctx.where;
  plan.outputs = [](const std::vector<Value>& row) -> Result<std::vector<Value>> {
    auto nulls = Count(row, 0), all = Count(row, 1);
    if (!nulls.ok()) return nulls.status();
    if (!all.ok()) return all.status();
    auto rate = nulls->DivideToScale(*all, 20);  // no rows: no rate
    return std::vector<Value>{rate ? Value::Exact(*rate) : Value::Null(), Value::Exact(*nulls),
                              Value::Exact(*all)};
  };
  return plan;
}

Result<MetricPlan> EmptyValues(const CheckContext& ctx) {
  const std::string c = Col(ctx, 0);
  MetricPlan plan;
  plan.sql = "SELECT count(CASE WHEN " + ctx.dialect.CharLength(ctx.dialect.TextOf(c)) +
             " = 0 THEN 1 END), count(*) - count(" + c + ") FROM " + ctx.from + ctx.where;
  plan.outputs = [](const std::vector<Value>& row) -> Result<std::vector<Value>> {
    auto empty = Count(row, 0), nulls = Count(row, 1);
    if (!empty.ok()) return empty.status();
    if (!nulls.ok()) return nulls.status();
    return std::vector<Value>{Value::Exact(*empty), Value::Exact(*nulls)};
  };
  return plan;
}

// Fixed patterns in the syntax common to POSIX ARE and PCRE2 (bracket ranges, {n,m}, groups).
constexpr const char* kMailbox =
    "^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}$";
constexpr const char* kIpv4 =
    "^((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}"
    "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])$";

Result<MetricPlan> MailboxCheck(const CheckContext& ctx) {
  return RegexPlan(ctx, kMailbox);
}
Result<MetricPlan> Ipv4Check(const CheckContext& ctx) {
  return RegexPlan(ctx, kIpv4);
}

Result<MetricPlan> UniqueCombination(const CheckContext& ctx) {
  std::string group;
  for (size_t i = 0; i < ctx.columns.size(); ++i) {
    group += (i ? ", " : "") + ctx.dialect.Comparable(Col(ctx, i), ctx.columns[i].kind);
  }
  return CountPlan("SELECT coalesce(sum(n), 0) FROM (SELECT count(*) AS n FROM " + ctx.from +
                   ctx.where + " GROUP BY " + group + " HAVING count(*) > 1) AS dqc_groups");
}

// ---- the table ---------------------------------------------------------------------------------

struct CheckTemplate {
  TemplateInfo info;
  Result<MetricPlan> (*plan)(const CheckContext&);
};

TemplateInfo Field(int64_t id, std::string name, std::string dimension,
                   std::vector<std::string> outputs, std::string sql, std::string description) {
  return {id,
          std::move(name),
          "Field",
          "SingleColumn",
          std::move(dimension),
          std::move(outputs),
          true,
          1,
          1,
          std::move(sql),
          std::move(description)};
}

TemplateInfo CrossField(int64_t id, std::string name, std::string dimension,
                        std::vector<std::string> outputs, int max_columns, std::string sql,
                        std::string description) {
  return {id,
          std::move(name),
          "Cross-field",
          "CrossColumn",
          std::move(dimension),
          std::move(outputs),
          true,
          2,
          max_columns,
          std::move(sql),
          std::move(description)};
}

const std::vector<CheckTemplate>& CheckTemplates() {
  static const std::vector<CheckTemplate> kTemplates = {
      {Field(10, "Field unique values", "Uniqueness", {"Unique Values"},
             "SELECT count(*) FROM (SELECT 1 FROM ${Schema_Table1} WHERE ${Column1} IS NOT NULL "
             "GROUP BY ${Column1} HAVING count(*) = 1)",
             "The non-NULL values that occur exactly once (a,a,b,c gives 2), text compared byte "
             "by byte."),
       UniqueValues},
      {Field(11, "Regular expression verification", "Validity", kValidityOutputs,
             "SELECT count(CASE WHEN NOT ${Column1} REGEXP <pattern> THEN 1 END), ... FROM "
             "${Schema_Table1}",
             "Values that do not match the pattern given as 'regular_expression' or "
             "template_arguments {\"pattern\": \"...\"}. Outputs: non-NULL values that do not "
             "match, that match, NULL values. Syntax: SQLite and MariaDB PCRE2, PostgreSQL POSIX "
             "ARE (`~`); case-sensitive; unanchored unless the pattern says ^...$."),
       RegexCheck},
      {Field(12, "Enumerated value verification", "Validity", kValidityOutputs,
             "SELECT count(CASE WHEN ${Column1} NOT IN (<values>) THEN 1 END), ... FROM "
             "${Schema_Table1}",
             "Values outside the list template_arguments {\"values\": [\"a\", \"b\"]}: text "
             "compared byte by byte, numeric columns as numbers. Outputs: non-NULL values outside "
             "the list, inside it, NULL values."),
       EnumCheck},
      {Field(13, "Field length verification", "Validity", kValidityOutputs,
             "SELECT count(CASE WHEN char_length(${Column1}) NOT BETWEEN <min_length> AND "
             "<max_length> THEN 1 END), ... FROM ${Schema_Table1}",
             "Values whose length in characters is outside template_arguments {\"min_length\": "
             "1, \"max_length\": 10} (either bound may be left out). Outputs: non-NULL values "
             "outside, inside, NULL values."),
       LengthCheck},
      {Field(14, "Field value range verification", "Validity", kValidityOutputs,
             "SELECT count(CASE WHEN ${Column1} NOT BETWEEN <min> AND <max> THEN 1 END), ... "
             "FROM ${Schema_Table1}",
             "Numeric values outside template_arguments {\"min\": 0, \"max\": 100} (bounds "
             "inclusive; either may be left out). Outputs: non-NULL values outside, inside, NULL "
             "values."),
       RangeCheck},
      {CrossField(15, "Field consistency verification", "Consistency",
                  {"Inconsistent Rows", "Total Rows"}, 2,
                  "SELECT count(CASE WHEN NOT (${Column1} = ${Column2}) THEN 1 END), count(*) "
                  "FROM ${Schema_Table1}",
                  "Rows where column 1 and column 2 (`columns` \"a,b\", or `columns` \"a\" and "
                  "`reference_columns` \"b\") break the relation template_arguments "
                  "{\"operator\": \"<=\"} (=, !=, <, <=, >, >=; default =). For = and != NULL "
                  "equals only NULL; the ordering operators skip rows with a NULL."),
       FieldConsistency},
      {Field(16, "Field null rate", "Completeness", {"Null Rate", "Null Values", "Total Rows"},
             "SELECT count(*) - count(${Column1}), count(*) FROM ${Schema_Table1}",
             "NULL values / rows, exact, 20 fractional digits (null over no rows)."),
       NullRate},
      {Field(17, "Field empty values", "Completeness", {"Empty Values", "Null Values"},
             "SELECT count(CASE WHEN char_length(${Column1}) = 0 THEN 1 END), count(*) - "
             "count(${Column1}) FROM ${Schema_Table1}",
             "Values that are the empty string (length 0), and NULL values."),
       EmptyValues},
      {Field(18, "Mailbox format verification", "Validity", kValidityOutputs,
             std::string("SELECT count(CASE WHEN NOT ${Column1} REGEXP '") + kMailbox +
                 "' THEN 1 END), ... FROM ${Schema_Table1}",
             "Values that are not an e-mail address (local@domain.tld). Outputs as template 11."),
       MailboxCheck},
      {Field(19, "IP address format verification", "Validity", kValidityOutputs,
             std::string("SELECT count(CASE WHEN NOT ${Column1} REGEXP '") + kIpv4 +
                 "' THEN 1 END), ... FROM ${Schema_Table1}",
             "Values that are not a dotted IPv4 address (0-255, no leading zeros). Outputs as "
             "template 11."),
       Ipv4Check},
      {CrossField(20, "Unique combination of multiple fields", "Uniqueness", {"Duplicate Rows"}, 10,
                  "SELECT coalesce(sum(n), 0) FROM (SELECT count(*) AS n FROM ${Schema_Table1} "
                  "GROUP BY ${Column1}, ${Column2}, ... HAVING count(*) > 1)",
                  "Rows whose combination of 2 to 10 columns occurs more than once (NULLs group "
                  "together); 0 when the combination is unique."),
       UniqueCombination},
  };
  return kTemplates;
}

const CheckTemplate* FindCheck(int64_t id) {
  for (const CheckTemplate& t : CheckTemplates()) {
    if (t.info.id == id) return &t;
  }
  return nullptr;
}

}  // namespace

const std::vector<const TemplateInfo*>& SystemTemplates() {
  static const std::vector<const TemplateInfo*> kAll = [] {
    std::vector<const TemplateInfo*> all;
    for (const TemplateInfo& t : AllTemplates()) all.push_back(&t);
    for (const CheckTemplate& t : CheckTemplates()) all.push_back(&t.info);
    return all;
  }();
  return kAll;
}

const TemplateInfo* FindSystemTemplate(int64_t id) {
  if (const TemplateInfo* t = FindTemplate(id)) return t;
  const CheckTemplate* c = FindCheck(id);
  return c ? &c->info : nullptr;
}

Result<MetricPlan> PlanCheckTemplate(int64_t id, const CheckContext& ctx) {
  const CheckTemplate* t = FindCheck(id);
  if (!t) return Status::Invalid("template " + std::to_string(id) + " cannot run yet");
  if (ctx.columns.size() < static_cast<size_t>(t->info.min_columns)) {
    return Status::Invalid("template " + std::to_string(id) + " takes " +
                           std::to_string(t->info.min_columns) + " columns");
  }
  return t->plan(ctx);
}

Status CheckTemplateArguments(const Rule& rule) {
  if (!rule.template_id) return Status::Ok();
  const CheckTemplate* t = FindCheck(*rule.template_id);
  if (!t) return Status::Ok();
  // Planned against stand-in columns: only the arguments can fail.
  SqlDialect dialect("sqlite");
  CheckContext ctx{rule, dialect, "\"t\"", "", {}};
  for (int i = 0; i < t->info.max_columns; ++i) {
    ColumnInfo c;
    c.name = "c" + std::to_string(i + 1);
    c.declared_type = "any";
    ctx.columns.push_back(c);
  }
  auto plan = t->plan(ctx);
  return plan.ok() ? Status::Ok() : plan.status();
}

}  // namespace dqc
