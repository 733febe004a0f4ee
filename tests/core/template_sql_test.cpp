// Placeholders of user templates: which are known, what a template's type follows from, and how
// substitution replaces them (once, left to right, never rescanning what it put in).
#include "core/template_sql.h"

#include <gtest/gtest.h>

#include "core/rule_template.h"

namespace dqc {
namespace {

TEST(TemplateSql, ScanFindsTheHighestIndexOfEachKind) {
  auto use = ScanPlaceholders(
      "SELECT count(*) FROM ${Schema_Table1} WHERE ${Column3} > ${Column1} AND x = "
      "${Input_String2} UNION ALL SELECT 1 FROM ${Schema_Table2}");
  ASSERT_TRUE(use.ok()) << use.status().message();
  EXPECT_EQ(use->tables, 2);
  EXPECT_EQ(use->columns, 3);
  EXPECT_EQ(use->inputs, 2);
  auto none = ScanPlaceholders("SELECT 1");
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(none->tables + none->columns + none->inputs, 0);
  EXPECT_TRUE(ScanPlaceholders("SELECT ${Column20}, ${Schema_Table5}, ${Input_String5}").ok());
}

TEST(TemplateSql, UnknownPlaceholdersAreRefusedByName) {
  for (const char* bad : {"${Column0}", "${Column21}", "${column1}", "${Schema_Table6}",
                          "${Schema_Table1.id}", "${Table1}", "${Column01}", "${Column1", "${}",
                          "${Input_String0}", "${Column1x}", "'${1}'"}) {
    auto r = ScanPlaceholders(std::string("SELECT x FROM t WHERE a = ") + bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_NE(r.status().message().find("unknown placeholder"), std::string::npos) << bad;
    const std::string b = bad;
    EXPECT_NE(r.status().message().find(b.substr(b.find("${"), 5)), std::string::npos)
        << r.status().message();
  }
  // A lone "$" or "{" is SQL (PostgreSQL's $1, a JSON path), not a placeholder.
  EXPECT_TRUE(ScanPlaceholders("SELECT '$.a', '{x}' FROM ${Schema_Table1}").ok());
}

TEST(TemplateSql, TypeFollowsFromTheColumnsUsed) {
  EXPECT_EQ(TemplateTypeOf(*ScanPlaceholders("SELECT count(*) FROM ${Schema_Table1}")), "Table");
  EXPECT_EQ(TemplateTypeOf(*ScanPlaceholders("SELECT max(${Column1}) FROM ${Schema_Table1}")),
            "Field");
  EXPECT_EQ(TemplateTypeOf(*ScanPlaceholders(
                "SELECT count(*) FROM ${Schema_Table1} WHERE ${Column1} > ${Column2}")),
            "Cross-field");
}

TEST(TemplateSql, SubstitutionReplacesEveryPlaceholderOnce) {
  PlaceholderValues v;
  v.tables = {"\"main\".\"t\"", "\"main\".\"u\""};
  v.columns = {"\"a\"", "\"${Column2}\""};  // a name that reads like a placeholder stays a name
  v.inputs = {"'it''s'"};
  auto sql = SubstitutePlaceholders(
      "SELECT count(*) FROM ${Schema_Table1} WHERE ${Column1} <> ${Column2} AND ${Column1} = "
      "${Input_String1} AND 0 < (SELECT count(*) FROM ${Schema_Table2})",
      v);
  ASSERT_TRUE(sql.ok()) << sql.status().message();
  EXPECT_EQ(*sql,
            "SELECT count(*) FROM \"main\".\"t\" WHERE \"a\" <> \"${Column2}\" AND \"a\" = "
            "'it''s' AND 0 < (SELECT count(*) FROM \"main\".\"u\")");
}

TEST(TemplateSql, SubstitutionRefusesAPlaceholderWithoutValue) {
  PlaceholderValues v;
  v.tables = {"\"t\""};
  auto sql = SubstitutePlaceholders("SELECT ${Column1} FROM ${Schema_Table1}", v);
  ASSERT_FALSE(sql.ok());
  EXPECT_NE(sql.status().message().find("${Column1}"), std::string::npos);
  EXPECT_FALSE(SubstitutePlaceholders("SELECT ${Column99} FROM x", v).ok());
}

TEST(RuleTemplateLabels, FromTheResultDescription) {
  auto labels = OutputLabels("Total number of rows: ${1}, Bad rows ${2},Rate");
  ASSERT_TRUE(labels.ok()) << labels.status().message();
  EXPECT_EQ(*labels, (std::vector<std::string>{"Total number of rows", "Bad rows", "Rate"}));
  EXPECT_EQ(*OutputLabels(""), CustomSqlOutputs().outputs);
  for (const char* bad : {"a,,b", "a, a", "Name", "x, Alarm", "1,2,3,4,5,6", "${1}"}) {
    EXPECT_FALSE(OutputLabels(bad).ok()) << bad;
  }
}

TEST(RuleTemplateInfo, RuleTypeAndColumnsFollowTheSql) {
  RuleTemplate t;
  t.id = kFirstUserTemplateId;
  t.type = "Cross-field";
  t.sql_info = "SELECT count(*) FROM ${Schema_Table1} WHERE ${Column1} > ${Column2}";
  t.result_description = "Broken";
  auto info = InfoOf(t);
  ASSERT_TRUE(info.ok());
  EXPECT_EQ(info->rule_type, "CrossColumn");
  EXPECT_EQ(info->min_columns, 2);
  EXPECT_EQ(info->outputs, std::vector<std::string>{"Broken"});
  EXPECT_FALSE(IsUserTemplateId(20));
  EXPECT_TRUE(IsUserTemplateId(1000001));
}

}  // namespace
}  // namespace dqc
