#include "core/alarm_expression.h"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <utility>

namespace dqc {
namespace {

// Whether `text` contains `part`, showing both when it does not.
::testing::AssertionResult Has(const std::string& text, const std::string& part) {
  if (text.find(part) != std::string::npos) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "\"" << text << "\" lacks \"" << part << "\"";
}

Value E(const std::string& text) {
  return Value::Exact(*Decimal::Parse(text));
}
Value F(const std::string& text) {
  return Value::Float(*Decimal::Parse(text));
}
Value T(const std::string& text) {
  return Value::Text(text);
}
Value N() {
  return Value::Null();
}

// Values by (side, output); a placeholder without one reads as NULL.
using Values = std::map<std::pair<int, int>, Value>;

Result<bool> Eval(const std::string& text, const Values& values = {},
                  const Tolerance& tolerance = {}) {
  Result<AlarmExpression> e = AlarmExpression::Parse(text);
  EXPECT_TRUE(e.ok()) << text << ": " << e.status().message();
  if (!e.ok()) return e.status();
  return e->Evaluate(
      [&](const Placeholder& p) {
        auto it = values.find({p.side, p.output});
        return it == values.end() ? N() : it->second;
      },
      tolerance);
}

// True/false of an expression that must evaluate without error.
bool Is(const std::string& text, const Values& values = {}, const Tolerance& tolerance = {}) {
  Result<bool> r = Eval(text, values, tolerance);
  EXPECT_TRUE(r.ok()) << text << ": " << r.status().message();
  return r.ok() && *r;
}

// The message of an evaluation error (empty when there was none).
std::string EvalError(const std::string& text, const Values& values = {}) {
  Result<bool> r = Eval(text, values);
  EXPECT_FALSE(r.ok()) << text << " evaluated to " << (r.ok() && *r);
  if (!r.ok()) {
    EXPECT_EQ(r.status().code(), Status::Code::kInvalidArgument);
  }
  return r.ok() ? "" : r.status().message();
}

// The message of a parse error (empty when there was none).
std::string ParseError(const std::string& text) {
  Result<AlarmExpression> e = AlarmExpression::Parse(text);
  EXPECT_FALSE(e.ok()) << "'" << text << "' parsed";
  if (!e.ok()) {
    EXPECT_EQ(e.status().code(), Status::Code::kInvalidArgument);
  }
  return e.ok() ? "" : e.status().message();
}

TEST(AlarmExpressionTest, SpecExamples) {
  EXPECT_TRUE(Is("${1_1}!=${2_1}", {{{1, 1}, E("10")}, {{2, 1}, E("11")}}));
  EXPECT_FALSE(Is("${1_1}!=${2_1}", {{{1, 1}, E("10")}, {{2, 1}, E("10")}}));

  EXPECT_TRUE(Is("${1_1}<100", {{{1, 1}, E("99")}}));
  EXPECT_FALSE(Is("${1_1}<100", {{{1, 1}, E("100")}}));

  const std::string either = "(${1_1}<100)||(${1_1}!=${2_1})";
  EXPECT_TRUE(Is(either, {{{1, 1}, E("50")}, {{2, 1}, E("50")}}));
  EXPECT_TRUE(Is(either, {{{1, 1}, E("500")}, {{2, 1}, E("501")}}));
  EXPECT_FALSE(Is(either, {{{1, 1}, E("500")}, {{2, 1}, E("500")}}));

  const std::string ratio = "abs(${1_1}-${2_1})/${1_1}>0.1";
  EXPECT_FALSE(Is(ratio, {{{1, 1}, E("100")}, {{2, 1}, E("110")}}));  // exactly 0.1
  EXPECT_TRUE(Is(ratio, {{{1, 1}, E("100")}, {{2, 1}, E("111")}}));
  EXPECT_TRUE(Is(ratio, {{{1, 1}, E("100")}, {{2, 1}, E("89")}}));
}

TEST(AlarmExpressionTest, RecordsPlaceholdersOncePerName) {
  Result<AlarmExpression> e = AlarmExpression::Parse("${2_3} > ${1_1} || ${2_3} < ${1_12}");
  ASSERT_TRUE(e.ok()) << e.status().message();
  ASSERT_EQ(e->placeholders().size(), 3u);
  EXPECT_EQ(e->placeholders()[0].side, 2);
  EXPECT_EQ(e->placeholders()[0].output, 3);
  EXPECT_EQ(e->placeholders()[1].side, 1);
  EXPECT_EQ(e->placeholders()[1].output, 1);
  EXPECT_EQ(e->placeholders()[2].side, 1);
  EXPECT_EQ(e->placeholders()[2].output, 12);
  EXPECT_EQ(e->text(), "${2_3} > ${1_1} || ${2_3} < ${1_12}");
  EXPECT_TRUE(AlarmExpression::Parse("1 < 2")->placeholders().empty());
}

TEST(AlarmExpressionTest, Precedence) {
  EXPECT_TRUE(Is("1 + 2 * 3 == 7"));
  EXPECT_TRUE(Is("(1 + 2) * 3 == 9"));
  EXPECT_TRUE(Is("10 - 4 - 3 == 3"));  // left-associative
  EXPECT_TRUE(Is("8 / 4 / 2 == 1"));
  EXPECT_TRUE(Is("-2 * -3 == 6"));
  EXPECT_TRUE(Is("--1 == 1"));
  EXPECT_TRUE(Is("-${1_1} == -5", {{{1, 1}, E("5")}}));
  EXPECT_TRUE(Is("!(1 > 2)"));
  EXPECT_TRUE(Is("true || false && false"));  // && binds tighter
  EXPECT_FALSE(Is("(true || false) && false"));
  EXPECT_TRUE(Is("1 < 2 == true"));   // relational before equality
  EXPECT_TRUE(Is("!true == false"));  // unary before equality
  EXPECT_TRUE(Is("1 + 1 > 1 && 2 * 2 >= 4 && 3 <= 3 && 1 - 1 == 0"));
  EXPECT_TRUE(Is("abs(-3) == 3"));
  EXPECT_TRUE(Is("abs(1 - 4) * 2 == 6"));
}

TEST(AlarmExpressionTest, LiteralsWhitespaceAndKeywords) {
  EXPECT_TRUE(Is("1e-3 == 0.001"));
  EXPECT_TRUE(Is(".5 == 0.5"));
  EXPECT_TRUE(Is("1E3 == 1000"));
  EXPECT_TRUE(Is("2.50 == 2.5"));
  EXPECT_TRUE(Is(" \t${1_1}\n!=\r\n${2_1} ", {{{1, 1}, E("1")}, {{2, 1}, E("2")}}));
  EXPECT_TRUE(Is("abs ( -1 ) == 1"));
  // Keywords ignore case, as SQL users write them.
  EXPECT_TRUE(Is("${1_1} == NULL"));
  EXPECT_TRUE(Is("ABS(-1) == 1 && TRUE && !False"));
  EXPECT_TRUE(Is("true"));
  EXPECT_FALSE(Is("false"));
}

TEST(AlarmExpressionTest, ArithmeticIsExactDecimal) {
  EXPECT_TRUE(Is("0.1 + 0.2 == 0.3"));
  EXPECT_TRUE(Is("${1_1} + ${2_1} == 0.3", {{{1, 1}, E("0.1")}, {{2, 1}, E("0.2")}}));
  EXPECT_TRUE(Is("${1_1} + 1 == 18446744073709551617", {{{1, 1}, E("18446744073709551616")}}));
  EXPECT_TRUE(Is("${1_1} * ${1_1} == 340282366920938463463374607431768211456",
                 {{{1, 1}, E("18446744073709551616")}}));
  EXPECT_TRUE(Is("10 / 4 == 2.5"));
  // Division rounds at 50 significant digits, so 1/3*3 is not 1.
  EXPECT_TRUE(Is("1 / 3 == 0.33333333333333333333333333333333333333333333333333"));
  EXPECT_FALSE(Is("1 / 3 * 3 == 1"));
  EXPECT_TRUE(Is("2 / 3 == 0.66666666666666666666666666666666666666666666666667"));
}

TEST(AlarmExpressionTest, NineteenDigitIdsKeepEveryDigit) {
  Values ids = {{{1, 1}, E("1234567890123456789")}, {{2, 1}, E("1234567890123456788")}};
  EXPECT_TRUE(Is("${1_1} != ${2_1}", ids));  // equal if they passed through a double
  EXPECT_TRUE(Is("${1_1} - ${2_1} == 1", ids));
  EXPECT_TRUE(Is("${1_1} == 1234567890123456789", ids));
  EXPECT_FALSE(Is("${1_1} == 1234567890123456790", ids));
  EXPECT_TRUE(Is("${1_1} > 9223372036854775807 - 9223372036854775807", ids));
}

TEST(AlarmExpressionTest, NullEqualsOnlyNull) {
  EXPECT_TRUE(Is("${1_1} == null", {{{1, 1}, N()}}));
  EXPECT_FALSE(Is("${1_1} == null", {{{1, 1}, E("0")}}));
  EXPECT_FALSE(Is("${1_1} == null", {{{1, 1}, T("")}}));  // empty text is not NULL
  EXPECT_TRUE(Is("null == null"));
  EXPECT_FALSE(Is("null != null"));
  EXPECT_FALSE(Is("${1_1} != ${2_1}", {{{1, 1}, N()}, {{2, 1}, N()}}));
  EXPECT_TRUE(Is("${1_1} != ${2_1}", {{{1, 1}, N()}, {{2, 1}, E("0")}}));
  EXPECT_TRUE(Is("${1_1} != ${2_1}", {{{1, 1}, T("x")}, {{2, 1}, N()}}));
  EXPECT_FALSE(Is("${1_1} == ${2_1}", {{{1, 1}, F("0")}, {{2, 1}, N()}}));
}

TEST(AlarmExpressionTest, OtherUsesOfNullAreErrors) {
  Values null = {{{1, 1}, N()}, {{2, 1}, E("1")}};
  EXPECT_TRUE(Has(EvalError("${1_1}<100", null), "${1_1} is null"));
  EXPECT_TRUE(Has(EvalError("${1_1}<100", null), "\"${1_1}<100\""));
  EXPECT_TRUE(Has(EvalError("${2_1} >= ${1_1}", null), "${1_1} is null"));
  EXPECT_TRUE(Has(EvalError("${1_1} + 1 > 0", null), "${1_1} is null"));
  EXPECT_TRUE(Has(EvalError("-${1_1} > 0", null), "${1_1} is null"));
  EXPECT_TRUE(Has(EvalError("abs(${1_1}) > 0", null), "${1_1} is null"));
  EXPECT_TRUE(Has(EvalError("${2_1} / ${1_1} > 0", null), "${1_1} is null"));
  EXPECT_TRUE(Has(EvalError("null + 1 > 0"), "null is null"));
  EXPECT_TRUE(Has(EvalError("null < 1"), "null is null"));
}

TEST(AlarmExpressionTest, LogicShortCircuitsSoNullCanBeGuarded) {
  Values null = {{{1, 1}, N()}};
  EXPECT_TRUE(Is("${1_1} == null || ${1_1} > 5", null));
  EXPECT_FALSE(Is("${1_1} != null && ${1_1} > 5", null));
  EXPECT_TRUE(Is("${1_1} == null || ${1_1} > 5", {{{1, 1}, E("6")}}));
  EXPECT_FALSE(Is("${1_1} == null || ${1_1} > 5", {{{1, 1}, E("5")}}));
  // Without the guard the NULL reaches '>'.
  EXPECT_TRUE(Has(EvalError("${1_1} > 5 || ${1_1} == null", null), "is null"));
}

TEST(AlarmExpressionTest, TextComparesAsExactText) {
  EXPECT_TRUE(Is("${1_1} != ${2_1}", {{{1, 1}, T("00501")}, {{2, 1}, E("501")}}));
  EXPECT_FALSE(Is("${1_1} == ${2_1}", {{{1, 1}, T("00501")}, {{2, 1}, E("501")}}));
  EXPECT_TRUE(Is("${1_1} == ${2_1}", {{{1, 1}, T("501")}, {{2, 1}, E("501")}}));
  EXPECT_TRUE(Is("${1_1} == 501", {{{1, 1}, T("501")}}));
  EXPECT_FALSE(Is("${1_1} == 501", {{{1, 1}, T("501.0")}}));
  EXPECT_TRUE(Is("${1_1} == ${2_1}", {{{1, 1}, T("1.5")}, {{2, 1}, F("1.50")}}));
  EXPECT_TRUE(Is("${1_1} == ${2_1}", {{{1, 1}, T("abc")}, {{2, 1}, T("abc")}}));
  EXPECT_FALSE(Is("${1_1} == ${2_1}", {{{1, 1}, T("abc")}, {{2, 1}, T("abc ")}}));
  EXPECT_FALSE(Is("${1_1} == ${2_1}", {{{1, 1}, T("abc")}, {{2, 1}, T("ABC")}}));
}

TEST(AlarmExpressionTest, TextOrdersBytewise) {
  EXPECT_TRUE(Is("${1_1} < ${2_1}", {{{1, 1}, T("abc")}, {{2, 1}, T("abd")}}));
  EXPECT_TRUE(Is("${1_1} < ${2_1}", {{{1, 1}, T("B")}, {{2, 1}, T("a")}}));  // not by locale
  EXPECT_TRUE(Is("${1_1} > ${2_1}", {{{1, 1}, T("é")}, {{2, 1}, T("z")}}));  // bytes >= 0x80
  EXPECT_TRUE(Is("${1_1} < ${2_1}", {{{1, 1}, T("ab")}, {{2, 1}, T("abc")}}));
  EXPECT_TRUE(Is("${1_1} >= ${2_1}", {{{1, 1}, T("x")}, {{2, 1}, T("x")}}));
}

TEST(AlarmExpressionTest, TextWithNumbersOrArithmeticIsAnError) {
  Values mixed = {{{1, 1}, T("10")}, {{2, 1}, E("9")}};
  EXPECT_TRUE(Has(EvalError("${1_1} < ${2_1}", mixed), "cannot compare text with a number"));
  EXPECT_TRUE(Has(EvalError("${1_1} >= 1", mixed), "cannot compare text with a number"));
  EXPECT_TRUE(Has(EvalError("${1_1} + 1 > 0", mixed), "${1_1} is text"));
  EXPECT_TRUE(Has(EvalError("abs(${1_1}) > 0", mixed), "${1_1} is text"));
  EXPECT_TRUE(Has(EvalError("-${1_1} > 0", mixed), "${1_1} is text"));
}

TEST(AlarmExpressionTest, FloatsEqualWithinTolerance) {
  // Default tolerance: relative 1e-9, absolute 0.
  EXPECT_TRUE(Is("${1_1} == ${2_1}", {{{1, 1}, F("0.30000000000000004")}, {{2, 1}, E("0.3")}}));
  EXPECT_TRUE(Is("${1_1} == ${2_1}", {{{1, 1}, F("1")}, {{2, 1}, F("1.0000000005")}}));
  EXPECT_FALSE(Is("${1_1} == ${2_1}", {{{1, 1}, F("1")}, {{2, 1}, F("1.000000002")}}));
  EXPECT_TRUE(Is("${1_1} != ${2_1}", {{{1, 1}, F("1")}, {{2, 1}, F("1.000000002")}}));
  EXPECT_FALSE(Is("${1_1} == ${2_1}", {{{1, 1}, F("0")}, {{2, 1}, F("1e-300")}}));
  EXPECT_TRUE(
      Is("${1_1} == ${2_1}", {{{1, 1}, F("-1e20")}, {{2, 1}, F("-100000000000000000001")}}));
  // Exact numbers never use the tolerance.
  EXPECT_FALSE(Is("${1_1} == ${2_1}", {{{1, 1}, E("0.30000000000000004")}, {{2, 1}, E("0.3")}}));
  // Ordering is exact even for floats.
  EXPECT_TRUE(Is("${1_1} > ${2_1}", {{{1, 1}, F("1.0000000001")}, {{2, 1}, F("1")}}));
  // An absolute tolerance covers values near zero.
  Tolerance loose;
  loose.absolute = *Decimal::Parse("0.01");
  EXPECT_TRUE(Is("${1_1} == ${2_1}", {{{1, 1}, F("0")}, {{2, 1}, F("0.005")}}, loose));
  EXPECT_TRUE(Is("${1_1} == ${2_1}", {{{1, 1}, F("0")}, {{2, 1}, F("0.01")}}, loose));
  EXPECT_FALSE(Is("${1_1} == ${2_1}", {{{1, 1}, F("0")}, {{2, 1}, F("0.0101")}}, loose));
  Tolerance relative;
  relative.relative = *Decimal::Parse("0.1");
  EXPECT_TRUE(Is("${1_1} == ${2_1}", {{{1, 1}, F("100")}, {{2, 1}, F("110")}}, relative));
  EXPECT_FALSE(Is("${1_1} == ${2_1}", {{{1, 1}, F("100")}, {{2, 1}, F("112")}}, relative));
}

TEST(AlarmExpressionTest, ArithmeticOnFloatsStaysFloat) {
  EXPECT_TRUE(Is("${1_1} + 0 == 1", {{{1, 1}, F("1.0000000001")}}));
  EXPECT_FALSE(Is("${1_1} + 0 == 1", {{{1, 1}, E("1.0000000001")}}));
  EXPECT_TRUE(Is("abs(${1_1}) == 1", {{{1, 1}, F("-1.0000000001")}}));
  EXPECT_TRUE(Is("${1_1} / 3 * 3 == 1", {{{1, 1}, F("1")}}));
}

TEST(AlarmExpressionTest, DivisionByZeroIsAnErrorNamingTheExpression) {
  Values zero = {{{1, 1}, E("0")}, {{2, 1}, E("5")}};
  std::string message = EvalError("abs(${1_1}-${2_1})/${1_1}>0.1", zero);
  EXPECT_TRUE(Has(message, "division by zero"));
  EXPECT_TRUE(Has(message, "abs(${1_1}-${2_1})/${1_1}>0.1"));
  EXPECT_TRUE(Has(EvalError("1 / 0 > 1"), "division by zero (in 1 / 0)"));
  EXPECT_TRUE(Has(EvalError("1 / (0.5 - 0.5) > 1"), "division by zero"));
  EXPECT_TRUE(Has(EvalError("${1_1} / ${2_1} > 1", {{{1, 1}, F("1")}, {{2, 1}, F("0")}}),
                  "division by zero"));
}

TEST(AlarmExpressionTest, ResultMustBeTrueOrFalse) {
  // Placeholders and numbers never give true/false, so this is known when parsing.
  EXPECT_TRUE(Has(ParseError("${1_1}"), "alarm expression does not yield true/false"));
  EXPECT_TRUE(Has(ParseError("${1_1} - ${2_1}"), "does not yield true/false"));
  EXPECT_TRUE(Has(ParseError("1"), "does not yield true/false"));
  EXPECT_TRUE(Has(ParseError("null"), "does not yield true/false"));
  EXPECT_TRUE(Has(ParseError("abs(1 - 2)"), "does not yield true/false"));
}

TEST(AlarmExpressionTest, LogicNeedsTrueOrFalseOperands) {
  EXPECT_TRUE(Has(ParseError("1 && 2"), "true/false operand of '&&' at position 1"));
  EXPECT_TRUE(Has(ParseError("${1_1} < 1 || ${2_1}"), "true/false operand of '||'"));
  EXPECT_TRUE(Has(ParseError("!${1_1}"), "true/false operand of '!'"));
  EXPECT_TRUE(Has(ParseError("null && true"), "true/false operand of '&&'"));
  EXPECT_TRUE(Has(ParseError("true + 1 > 0"), "value operand of '+'"));
  EXPECT_TRUE(Has(ParseError("(1 < 2) < 3"), "value operand of '<'"));
  EXPECT_TRUE(Has(ParseError("abs(1 < 2) > 0"), "value operand of 'abs'"));
  EXPECT_TRUE(Has(ParseError("-(1 < 2) == 1"), "value operand of '-'"));
  EXPECT_TRUE(Has(ParseError("true == 1"), "cannot compare true/false with a value"));
  EXPECT_TRUE(Has(ParseError("${1_1} != (1 < 2)"), "cannot compare true/false"));
  EXPECT_TRUE(Has(ParseError("null == true"), "cannot compare true/false"));
}

TEST(AlarmExpressionTest, BadPlaceholdersAreNamed) {
  for (const char* bad : {"${3_1}", "${0_1}", "${1_0}", "${1_}", "${_1}", "${1_01}", "${12_1}",
                          "${1_1_1}", "${a_b}", "${}", "${1-1}", "${1_1.5}", "${1_9999999}"}) {
    std::string text = std::string(bad) + " > 0";
    EXPECT_TRUE(
        Has(ParseError(text), std::string("invalid placeholder ") + bad + " at position 1"));
  }
  EXPECT_TRUE(Has(ParseError("${1_1 > 0"), "expected '}' closing the placeholder at position 6"));
  EXPECT_TRUE(Has(ParseError("${1_1"), "(found end of expression)"));
  EXPECT_TRUE(Has(ParseError("$1_1 > 0"), "expected '{' after '$' at position 2"));
  EXPECT_TRUE(Has(ParseError("1 < $"), "expected '{' after '$'"));
  EXPECT_TRUE(Has(ParseError("${ 1_1} > 0"), "expected '}'"));
  EXPECT_TRUE(AlarmExpression::Parse("${1_999999} > 0").ok());
  // An error after a valid start is still the one reported.
  EXPECT_TRUE(
      Has(ParseError("${1_1} < 1 && ${3_1} > 0"), "invalid placeholder ${3_1} at position 15"));
  EXPECT_TRUE(Has(ParseError("1 < 2 $"), "expected '{' after '$' at position 8"));
}

TEST(AlarmExpressionTest, SyntaxErrorsNamePositionAndExpectation) {
  EXPECT_EQ(ParseError("(${1_1}<100"),
            "alarm expression: expected ')' at position 12 (found end of expression) in "
            "\"(${1_1}<100\"");
  EXPECT_TRUE(Has(ParseError("1 +"), "expected a value at position 4 (found end of expression)"));
  EXPECT_TRUE(Has(ParseError("("), "expected a value at position 2"));
  EXPECT_TRUE(Has(ParseError("abs(1"), "expected ')' at position 6"));
  EXPECT_TRUE(Has(ParseError("abs 1 > 0"), "expected '(' after abs at position 5 (found '1')"));
  EXPECT_TRUE(Has(ParseError("abs"), "expected '(' after abs"));
  EXPECT_TRUE(Has(ParseError("&&"), "expected a value at position 1 (found '&&')"));
  EXPECT_TRUE(Has(ParseError("1 < 2 &&"), "expected a value at position 9"));
  EXPECT_TRUE(Has(ParseError("1 2"), "expected an operator at position 3 (found '2')"));
  EXPECT_TRUE(Has(ParseError("1 < 2)"), "expected an operator at position 6 (found ')')"));
  EXPECT_TRUE(Has(ParseError("()"), "expected a value at position 2 (found ')')"));
  EXPECT_TRUE(Has(ParseError("1 <> 2"), "expected a value at position 4 (found '>')"));
  EXPECT_TRUE(Has(ParseError("+1 > 0"), "expected a value at position 1"));
  EXPECT_TRUE(Has(ParseError("1 = 1"), "unexpected '=' at position 3"));
  EXPECT_TRUE(Has(ParseError("true & false"), "unexpected '&' at position 6"));
  EXPECT_TRUE(Has(ParseError("true | false"), "unexpected '|'"));
  EXPECT_TRUE(Has(ParseError("foo > 1"), "unknown name 'foo' at position 1"));
  EXPECT_TRUE(Has(ParseError("1e > 0"), "unknown name 'e'"));
  EXPECT_TRUE(Has(ParseError("1 > 0 # comment"), "unexpected '#'"));
  EXPECT_TRUE(Has(ParseError("1 > \xE2\x80\x93"
                             "1"),
                  "unexpected byte 0xE2 at position 5"));
  EXPECT_TRUE(Has(ParseError("1e999999999 > 0"), "out of range"));
  EXPECT_TRUE(Has(ParseError("'a' == 'a'"), "unexpected"));
}

TEST(AlarmExpressionTest, EmptyExpressionIsAnError) {
  EXPECT_EQ(ParseError(""), "alarm expression is empty");
  EXPECT_EQ(ParseError("  \t\n"), "alarm expression is empty");
}

TEST(AlarmExpressionTest, NestingIsBounded) {
  auto nested = [](int levels) {
    return std::string(levels, '(') + "1 < 2" + std::string(levels, ')');
  };
  EXPECT_TRUE(Is(nested(100)));
  EXPECT_TRUE(Has(ParseError(nested(101)), "nested deeper than 100 levels"));
  // Far past the limit: refused, not a stack overflow.
  std::string message = ParseError(std::string(1000000, '('));
  EXPECT_TRUE(Has(message, "nested deeper than 100 levels at position 101"));
  EXPECT_LT(message.size(), 300u);  // the quoted expression is cut short
  EXPECT_TRUE(Has(ParseError(std::string(1000000, '!') + "true"), "nested deeper"));
  EXPECT_TRUE(Has(ParseError(std::string(1000000, '-') + "1 > 0"), "nested deeper"));
  std::string abs;
  for (int i = 0; i < 200; ++i) abs += "abs(";
  EXPECT_TRUE(Has(ParseError(abs + "1" + std::string(200, ')') + " > 0"), "nested deeper"));
}

TEST(AlarmExpressionTest, LongOperatorChainsAreBounded) {
  auto chain = [](int terms) {
    std::string text = "1";
    for (int i = 1; i < terms; ++i) text += "+1";
    return text + " == " + std::to_string(terms);
  };
  EXPECT_TRUE(Is(chain(500)));
  EXPECT_TRUE(Has(ParseError(chain(200000)), "operators in a row"));
}

TEST(AlarmExpressionTest, CopiesShareTheTreeSafely) {
  AlarmExpression copy = [] {
    Result<AlarmExpression> e = AlarmExpression::Parse("${1_1} != ${2_1}");
    EXPECT_TRUE(e.ok());
    AlarmExpression inner = *e;
    return inner;
  }();
  AlarmExpression second = copy;
  auto lookup = [](const Placeholder& p) { return p.side == 1 ? E("1") : E("2"); };
  EXPECT_TRUE(*copy.Evaluate(lookup, Tolerance{}));
  EXPECT_TRUE(*second.Evaluate(lookup, Tolerance{}));
  EXPECT_EQ(second.text(), "${1_1} != ${2_1}");
  EXPECT_EQ(second.placeholders().size(), 2u);
}

TEST(AlarmExpressionTest, LooksUpOnlyWhatItNeeds) {
  Result<AlarmExpression> e = AlarmExpression::Parse("true || ${1_1} > ${2_1}");
  ASSERT_TRUE(e.ok());
  int lookups = 0;
  Result<bool> r = e->Evaluate(
      [&](const Placeholder&) {
        ++lookups;
        return N();
      },
      Tolerance{});
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(*r);
  EXPECT_EQ(lookups, 0);
}

TEST(AlarmExpressionTest, DefaultConstructedEvaluatesToAnError) {
  AlarmExpression none;
  Result<bool> r = none.Evaluate([](const Placeholder&) { return N(); }, Tolerance{});
  EXPECT_FALSE(r.ok());
}

TEST(AlarmExpressionTest, InvalidNumberFromLookupIsAnError) {
  Value broken{Value::Kind::kExact, "12abc"};
  EXPECT_TRUE(Has(EvalError("${1_1} > 0", {{{1, 1}, broken}}), "${1_1} is not a valid number"));
}

}  // namespace
}  // namespace dqc
