#include "core/decimal.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>

namespace dqc {
namespace {

Decimal D(const std::string& text) {
  std::optional<Decimal> d = Decimal::Parse(text);
  EXPECT_TRUE(d.has_value()) << text;
  return d.value_or(Decimal());
}

std::string Canonical(const std::string& text) {
  return D(text).ToString();
}

std::string Div(const std::string& a, const std::string& b, int digits = 50) {
  std::optional<Decimal> q = D(a).Divide(D(b), digits);
  return q ? q->ToString() : "nullopt";
}

TEST(DecimalTest, ParsesAndPrintsCanonically) {
  EXPECT_EQ(Canonical("-12.340"), "-12.34");
  EXPECT_EQ(Canonical("+5"), "5");
  EXPECT_EQ(Canonical(".5"), "0.5");
  EXPECT_EQ(Canonical("5."), "5");
  EXPECT_EQ(Canonical("1e-3"), "0.001");
  EXPECT_EQ(Canonical("1.5E+10"), "15000000000");
  EXPECT_EQ(Canonical("12.5e-1"), "1.25");
  EXPECT_EQ(Canonical("100"), "100");
  EXPECT_EQ(Canonical("1e2"), "100");
  EXPECT_EQ(Canonical("0.0100"), "0.01");
  EXPECT_EQ(Canonical("-0.0001"), "-0.0001");
  // Leading zeros are decimal, not octal.
  EXPECT_EQ(Canonical("007"), "7");
  EXPECT_EQ(Canonical("0010.50"), "10.5");
  EXPECT_EQ(Decimal().ToString(), "0");
}

TEST(DecimalTest, ZeroIsNeverNegative) {
  EXPECT_EQ(Canonical("-0"), "0");
  EXPECT_EQ(Canonical("-0.000"), "0");
  EXPECT_EQ(Canonical("-0e5"), "0");
  EXPECT_FALSE(D("-0").IsNegative());
  EXPECT_EQ((-Decimal()).ToString(), "0");
  EXPECT_EQ((D("1.5") - D("1.50")).ToString(), "0");
}

TEST(DecimalTest, RejectsMalformedText) {
  for (const char* bad :
       {"",      ".",     "+",   "-",        "+.",  "e5",    ".e5", "1e",   "1e+",   "1e-",
        "1e1.5", "NaN",   "nan", "Infinity", "inf", "-inf",  " 1",  "1 ",   "1 000", "0x1F",
        "0X1f",  "1.2.3", "--1", "+-1",      "1,5", "1_000", "١",   "1e5x", "abc"}) {
    EXPECT_FALSE(Decimal::Parse(bad).has_value()) << "'" << bad << "'";
  }
}

TEST(DecimalTest, RefusesAbsurdExponents) {
  EXPECT_FALSE(Decimal::Parse("1e999999999").has_value());
  EXPECT_FALSE(Decimal::Parse("1e-999999999").has_value());
  EXPECT_FALSE(Decimal::Parse("1e99999999999999999999999999").has_value());
  EXPECT_FALSE(Decimal::Parse("1e10001").has_value());
  EXPECT_FALSE(Decimal::Parse("1e-10001").has_value());
  // The bound itself is fine, and so are leading zeros in the exponent.
  EXPECT_EQ(Canonical("1e10000").size(), 10001u);
  EXPECT_EQ(Canonical("1e-10000").size(), 10002u);
  EXPECT_EQ(Canonical("1e0000000000000003"), "1000");
}

TEST(DecimalTest, RefusesAbsurdLengths) {
  // Up to 200,000 digits (leading zeros count); PostgreSQL's widest NUMERIC has 147,455.
  EXPECT_EQ(Canonical(std::string(199999, '0') + "1"), "1");
  EXPECT_EQ(Canonical("0." + std::string(199998, '0') + "1").size(), 200001u);
  EXPECT_FALSE(Decimal::Parse(std::string(200000, '0') + "1").has_value());
  EXPECT_FALSE(Decimal::Parse("1." + std::string(200000, '0')).has_value());
}

TEST(DecimalTest, KeepsEveryDigitOfBigValues) {
  // 2^64 and past it: no 64-bit or double arithmetic anywhere.
  EXPECT_EQ((D("18446744073709551615") + D("1")).ToString(), "18446744073709551616");
  EXPECT_EQ((D("18446744073709551616") * D("18446744073709551616")).ToString(),
            "340282366920938463463374607431768211456");
  EXPECT_EQ((D("-18446744073709551616") - D("0.000000000000000001")).ToString(),
            "-18446744073709551616.000000000000000001");
  EXPECT_EQ(Canonical("123456789012345678901234567890.123456789012345678901234567890"),
            "123456789012345678901234567890.12345678901234567890123456789");
}

TEST(DecimalTest, NineteenDigitIdsStayExact) {
  EXPECT_EQ(Canonical("1234567890123456789"), "1234567890123456789");
  EXPECT_NE(D("1234567890123456789"), D("1234567890123456788"));  // equal as doubles
  EXPECT_EQ((D("9223372036854775807") + D("1")).ToString(), "9223372036854775808");
  EXPECT_EQ(Decimal::FromInt(std::numeric_limits<int64_t>::min()).ToString(),
            "-9223372036854775808");
  EXPECT_EQ(Decimal::FromInt(std::numeric_limits<int64_t>::max()).ToString(),
            "9223372036854775807");
  EXPECT_EQ(Decimal::FromInt(1000000000000000000).ToString(), "1000000000000000000");
}

TEST(DecimalTest, SumsAreExact) {
  EXPECT_EQ(D("0.1") + D("0.2"), D("0.3"));
  EXPECT_EQ((D("0.1") + D("0.2")).ToString(), "0.3");
  EXPECT_EQ((D("0.1") + D("0.2") + D("0.3")).ToString(), "0.6");
  EXPECT_EQ((D("0.3") + D("0.2") + D("0.1")).ToString(), "0.6");
  EXPECT_EQ((D("1.005") - D("0.005")).ToString(), "1");
  EXPECT_EQ((D("-2.5") * D("0.4")).ToString(), "-1");
  EXPECT_EQ((D("0.001") * D("0.001")).ToString(), "0.000001");
}

TEST(DecimalTest, ToFixedRoundsHalfEven) {
  EXPECT_EQ(D("2.5").ToFixed(0), "2");
  EXPECT_EQ(D("3.5").ToFixed(0), "4");
  EXPECT_EQ(D("-2.5").ToFixed(0), "-2");
  EXPECT_EQ(D("-3.5").ToFixed(0), "-4");
  EXPECT_EQ(D("2.51").ToFixed(0), "3");
  EXPECT_EQ(D("0.125").ToFixed(2), "0.12");
  EXPECT_EQ(D("0.135").ToFixed(2), "0.14");
  EXPECT_EQ(D("0.1251").ToFixed(2), "0.13");
  EXPECT_EQ(D("0.005").ToFixed(2), "0.00");
  EXPECT_EQ(D("0.015").ToFixed(2), "0.02");
  EXPECT_EQ(D("-0.001").ToFixed(2), "0.00");  // never "-0.00"
  EXPECT_EQ(D("1").ToFixed(3), "1.000");
  EXPECT_EQ(D("-0.5").ToFixed(3), "-0.500");
  EXPECT_EQ(D("123.456").ToFixed(0), "123");
  EXPECT_EQ(D("9.995").ToFixed(2), "10.00");
  EXPECT_EQ(D("5").ToFixed(1), "5.0");
  EXPECT_EQ(Decimal().ToFixed(20), "0.00000000000000000000");
  // Template 5's average: 5/3 at 20 fractional digits.
  EXPECT_EQ(D("5").Divide(D("3"))->ToFixed(20), "1.66666666666666666667");
}

TEST(DecimalTest, DividesAtSignificantDigitsHalfEven) {
  EXPECT_EQ(Div("1", "3"), "0." + std::string(50, '3'));
  EXPECT_EQ(Div("2", "3"), "0." + std::string(49, '6') + "7");
  EXPECT_EQ(Div("200", "3"), "66." + std::string(47, '6') + "7");
  EXPECT_EQ(Div("10", "4"), "2.5");
  EXPECT_EQ(Div("-7", "2"), "-3.5");
  EXPECT_EQ(Div("5", "-2"), "-2.5");
  EXPECT_EQ(Div("-1", "-8"), "0.125");
  EXPECT_EQ(Div("0", "5"), "0");
  EXPECT_EQ(Div("0.0000012", "0.4"), "0.000003");
  EXPECT_EQ(Div("1", "8", 2), "0.12");  // 0.125: tie, to even
  EXPECT_EQ(Div("3", "8", 2), "0.38");  // 0.375: tie, to even
  EXPECT_EQ(Div("-1", "8", 2), "-0.12");
  EXPECT_EQ(Div("100", "7", 3), "14.3");
  EXPECT_EQ(Div("999", "1", 2), "1000");  // rounding up past a power of ten
  EXPECT_EQ(Div("1e20", "3", 5), "33333000000000000000");
  EXPECT_EQ(Div("1", "1e-30", 5), "1000000000000000000000000000000");
  EXPECT_EQ(Div("1", "7", 1), "0.1");
  EXPECT_EQ(Div("9", "10", 1), "0.9");
  EXPECT_EQ(Div("1234567890123456789", "1"), "1234567890123456789");
}

TEST(DecimalTest, DivisionByZeroIsNullopt) {
  EXPECT_FALSE(D("1").Divide(D("0")).has_value());
  EXPECT_FALSE(D("0").Divide(D("-0.000")).has_value());
}

TEST(DecimalTest, ComparesExactly) {
  EXPECT_EQ(D("1.10").Compare(D("1.1")), 0);
  EXPECT_EQ(D("-1").Compare(D("0.5")), -1);
  EXPECT_EQ(D("2").Compare(D("1.999999999999999999999")), 1);
  EXPECT_EQ(D("-2").Compare(D("-1.5")), -1);
  EXPECT_EQ(D("0").Compare(D("-0")), 0);
  EXPECT_TRUE(D("1e-10000") < D("1e10000"));
  EXPECT_TRUE(D("-1e10000") < D("-1e-10000"));
}

TEST(DecimalTest, SignHelpers) {
  EXPECT_EQ(D("-3.5").Abs().ToString(), "3.5");
  EXPECT_EQ(D("3.5").Abs().ToString(), "3.5");
  EXPECT_EQ((-D("3.5")).ToString(), "-3.5");
  EXPECT_TRUE(D("0.000").IsZero());
  EXPECT_TRUE(D("-0.1").IsNegative());
  EXPECT_FALSE(D("0.1").IsNegative());
}

TEST(DecimalTest, FromDoubleGivesShortestRoundTrip) {
  EXPECT_EQ(Decimal::FromDouble(0.1)->ToString(), "0.1");
  EXPECT_EQ(Decimal::FromDouble(0.1 + 0.2)->ToString(), "0.30000000000000004");
  EXPECT_EQ(Decimal::FromDouble(123.0)->ToString(), "123");
  EXPECT_EQ(Decimal::FromDouble(-1.5)->ToString(), "-1.5");
  EXPECT_EQ(Decimal::FromDouble(-0.0)->ToString(), "0");
  EXPECT_EQ(Decimal::FromDouble(1e22)->ToString(), "10000000000000000000000");
  EXPECT_EQ(Decimal::FromDouble(9007199254740993.0)->ToString(), "9007199254740992");
  EXPECT_EQ(Decimal::FromDouble(5e-324)->ToString(), "0." + std::string(323, '0') + "5");
  EXPECT_EQ(Decimal::FromDouble(std::numeric_limits<double>::max())->ToString().size(), 309u);
  EXPECT_FALSE(Decimal::FromDouble(std::nan("")).has_value());
  EXPECT_FALSE(Decimal::FromDouble(std::numeric_limits<double>::infinity()).has_value());
  EXPECT_FALSE(Decimal::FromDouble(-std::numeric_limits<double>::infinity()).has_value());
}

}  // namespace
}  // namespace dqc
