// The SQL of the check templates (10 and up) per dialect, without a database: literals escaped
// for each engine's rules, identifiers quoted, arguments checked.
#include "engine/check_templates.h"

#include <gtest/gtest.h>

#include "engine/sql_dialect.h"

namespace dqc {
namespace {

Rule RuleOf(int64_t template_id, const std::string& columns, const std::string& args,
            const std::string& regex = "") {
  Rule r;
  r.template_id = template_id;
  r.tables = "t";
  r.columns = columns;
  r.template_arguments = args;
  r.regular_expression = regex;
  return r;
}

ColumnInfo Column(const std::string& name, ColumnKind kind) {
  ColumnInfo c;
  c.name = name;
  c.kind = kind;
  c.declared_type = "x";
  return c;
}

std::string Sql(const std::string& dialect, const Rule& rule, std::vector<ColumnInfo> columns) {
  auto plan = PlanMetric(rule, SqlDialect(dialect), columns);
  EXPECT_TRUE(plan.ok()) << plan.status().message();
  return plan.ok() ? plan->sql : "";
}

TEST(SqlDialectLiteral, EscapesForEachEngine) {
  const std::string text = "it's a \\d";
  EXPECT_EQ(SqlDialect("sqlite").Literal(text), "'it''s a \\d'");
  EXPECT_EQ(SqlDialect("postgresql").Literal(text), "E'it''s a \\\\d'");
  // Hex: no escape that NO_BACKSLASH_ESCAPES could change.
  EXPECT_EQ(SqlDialect("mysql").Literal("a'\\"), "CONVERT(X'61275C' USING utf8mb4)");
  EXPECT_EQ(SqlDialect("mysql").Literal(""), "CONVERT(X'' USING utf8mb4)");
}

TEST(CheckTemplates, RegexUsesEachEnginesOperator) {
  Rule r = RuleOf(11, "My Col", "", "^[a-z]+'$");
  auto cols = std::vector<ColumnInfo>{Column("My Col", ColumnKind::kText)};
  EXPECT_NE(Sql("sqlite", r, cols)
                .find("CAST(\"My Col\" AS TEXT) COLLATE BINARY) REGEXP "
                      "'^[a-z]+''$'"),
            std::string::npos)
      << Sql("sqlite", r, cols);
  EXPECT_NE(Sql("postgresql", r, cols).find("(\"My Col\")::text COLLATE \"C\") ~ E'^[a-z]+''$'"),
            std::string::npos)
      << Sql("postgresql", r, cols);
  EXPECT_NE(Sql("mysql", r, cols)
                .find("CONVERT(`My Col` USING utf8mb4) COLLATE "
                      "utf8mb4_nopad_bin) REGEXP CONVERT(X'"),
            std::string::npos)
      << Sql("mysql", r, cols);
}

TEST(CheckTemplates, EnumerationComparesNumbersAsNumbersAndTextAsBytes) {
  Rule r = RuleOf(12, "c", R"({"values": ["a", 1, "x'y"]})");
  EXPECT_NE(Sql("postgresql", r, {Column("c", ColumnKind::kText)})
                .find("(\"c\")::text COLLATE \"C\" IN (E'a', E'1', E'x''y')"),
            std::string::npos);
  Rule n = RuleOf(12, "c", R"({"values": [1, "2.50"]})");
  EXPECT_NE(Sql("mysql", n, {Column("c", ColumnKind::kDecimal)}).find("`c` IN (1, 2.5)"),
            std::string::npos);
  Rule bad = RuleOf(12, "c", R"({"values": ["a"]})");
  auto plan = PlanMetric(bad, SqlDialect("postgresql"), {Column("c", ColumnKind::kInteger)});
  ASSERT_FALSE(plan.ok());
  EXPECT_NE(plan.status().message().find("not a number"), std::string::npos);
}

TEST(CheckTemplates, ArgumentsAreCheckedBeforeAnyDatabase) {
  EXPECT_TRUE(CheckTemplateArguments(RuleOf(1, "", "")).ok());
  EXPECT_TRUE(CheckTemplateArguments(RuleOf(11, "c", R"({"pattern": "^a"})")).ok());
  EXPECT_TRUE(CheckTemplateArguments(RuleOf(14, "c", R"({"min": -1.5})")).ok());
  struct Case {
    int64_t id;
    const char* args;
    const char* regex;
    const char* says;
  } cases[] = {
      {11, "", "", "needs a pattern"},
      {11, R"({"pattern": "a"})", "b", "differs"},
      {12, "", "", "'values'"},
      {12, R"({"values": []})", "", "'values'"},
      {12, R"({"values": [null]})", "", "only strings and numbers"},
      {13, "{}", "", "min_length"},
      {13, R"({"min_length": 5, "max_length": 2})", "", "min_length' > 'max_length"},
      {13, R"({"min_length": -1})", "", "integer >= 0"},
      {14, R"({"min": "abc"})", "", "'min' must be a number"},
      {14, R"({"max": "1e999999"})", "", "'max' must be a number"},
      {14, R"({"min": 2, "max": 1})", "", "'min' > 'max'"},
      {15, R"({"operator": "LIKE"})", "", "'operator'"},
  };
  for (const Case& c : cases) {
    Status s = CheckTemplateArguments(RuleOf(c.id, "a,b", c.args, c.regex));
    ASSERT_FALSE(s.ok()) << c.id << " " << c.args;
    EXPECT_NE(s.message().find(c.says), std::string::npos) << s.message();
  }
}

TEST(CheckTemplates, CrossFieldTakesTwoColumnsFromEitherField) {
  Rule r = RuleOf(15, "a", R"({"operator": "<="})");
  r.reference_columns = "b";
  auto source = SourceOfRule(r, "sqlite");
  ASSERT_TRUE(source.ok());
  EXPECT_EQ(source->columns, (std::vector<std::string>{"a", "b"}));
  EXPECT_NE(
      Sql("postgresql", r, {Column("a", ColumnKind::kInteger), Column("b", ColumnKind::kInteger)})
          .find("NOT (\"a\" <= \"b\")"),
      std::string::npos);
  Rule eq = RuleOf(15, "a,b", "");
  EXPECT_NE(Sql("mysql", eq, {Column("a", ColumnKind::kInteger), Column("b", ColumnKind::kInteger)})
                .find("NOT ((`a`) <=> (`b`))"),
            std::string::npos);
  EXPECT_FALSE(SourceOfRule(RuleOf(15, "a", ""), "sqlite").ok());
  EXPECT_FALSE(SourceOfRule(RuleOf(15, "a,b,c", ""), "sqlite").ok());
}

TEST(CheckTemplates, EveryOneHasLabelsSqlInfoAndAPlan) {
  for (const TemplateInfo* t : SystemTemplates()) {
    EXPECT_FALSE(t->outputs.empty()) << t->id;
    EXPECT_FALSE(t->sql_info.empty()) << t->id;
    EXPECT_NE(t->sql_info.find("${Schema_Table1}"), std::string::npos) << t->id;
    EXPECT_EQ(FindSystemTemplate(t->id), t);
  }
  EXPECT_EQ(FindSystemTemplate(9), nullptr);  // row diff: not yet
  EXPECT_NE(FindSystemTemplate(20), nullptr);
}

}  // namespace
}  // namespace dqc
