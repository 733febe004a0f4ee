#include "core/decimal.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <utility>

namespace dqc {
namespace {

using BigInt = Decimal::BigInt;

// Exponents beyond this are refused by Parse: "1e999999999" would otherwise ask for a
// billion-digit integer. Real values (even PostgreSQL's widest NUMERIC) stay far below it.
constexpr long kMaxExponent = 10000;
// Reading and printing a cpp_int take time quadratic in its digits (a million digits: ~20 s), so
// longer texts are refused too. PostgreSQL's widest NUMERIC has 147,455 digits.
constexpr size_t kMaxDigits = 200000;

bool IsDigit(char c) {
  return c >= '0' && c <= '9';
}

BigInt Pow10(long n) {
  return boost::multiprecision::pow(BigInt(10), static_cast<unsigned>(n));
}

int Sign(const BigInt& v) {
  return v < 0 ? -1 : (v > 0 ? 1 : 0);
}

long DigitCount(const BigInt& v) {
  return static_cast<long>((v < 0 ? BigInt(-v) : v).str().size());
}

// n / d rounded half-even (d > 0); C++ division truncates toward zero, so the correction moves
// the quotient away from zero by one when the remainder is over half, or exactly half and odd.
BigInt DivideHalfEven(const BigInt& n, const BigInt& d) {
  BigInt q = n / d;
  BigInt r = n % d;
  if (r == 0) return q;
  BigInt twice = (r < 0 ? BigInt(-r) : r) * 2;
  if (twice > d || (twice == d && (q & 1) != 0)) q += Sign(n);
  return q;
}

}  // namespace

Decimal::Decimal(BigInt mantissa, int scale) : mantissa_(std::move(mantissa)), scale_(scale) {
  if (scale_ < 0) {
    mantissa_ *= Pow10(-static_cast<long>(scale_));
    scale_ = 0;
  }
  Normalize();
}

void Decimal::Normalize() {
  if (mantissa_ == 0) {
    scale_ = 0;
    return;
  }
  while (scale_ > 0 && mantissa_ % 10 == 0) {
    mantissa_ /= 10;
    --scale_;
  }
}

Decimal Decimal::FromInt(int64_t v) {
  return Decimal(BigInt(v), 0);
}

std::optional<Decimal> Decimal::Parse(std::string_view text) {
  size_t i = 0;
  const size_t n = text.size();
  bool negative = false;
  if (i < n && (text[i] == '+' || text[i] == '-')) negative = text[i++] == '-';

  std::string digits;
  long fraction_digits = 0;
  while (i < n && IsDigit(text[i])) digits += text[i++];
  if (i < n && text[i] == '.') {
    ++i;
    while (i < n && IsDigit(text[i])) {
      digits += text[i++];
      ++fraction_digits;
    }
  }
  if (digits.empty()) return std::nullopt;  // "", ".", "+", "e5"
  if (digits.size() > kMaxDigits) return std::nullopt;

  long exponent = 0;
  if (i < n && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    bool exponent_negative = false;
    if (i < n && (text[i] == '+' || text[i] == '-')) exponent_negative = text[i++] == '-';
    if (i == n || !IsDigit(text[i])) return std::nullopt;
    while (i < n && IsDigit(text[i])) {
      exponent = exponent * 10 + (text[i++] - '0');
      if (exponent > kMaxExponent) return std::nullopt;
    }
    if (exponent_negative) exponent = -exponent;
  }
  if (i != n) return std::nullopt;  // trailing junk, spaces, "NaN", "0x1F"

  // cpp_int reads a leading "0" as octal, so hand it the digits without leading zeros.
  size_t first = digits.find_first_not_of('0');
  BigInt mantissa = first == std::string::npos ? BigInt(0) : BigInt(digits.substr(first));
  if (negative) mantissa = -mantissa;
  return Decimal(std::move(mantissa), static_cast<int>(fraction_digits - exponent));
}

std::optional<Decimal> Decimal::FromDouble(double v) {
  if (!std::isfinite(v)) return std::nullopt;
  // std::to_chars without a precision writes the shortest text that reads back as the same
  // double (what trying "%.*g" with 1..17 digits finds), and ignores the C locale's decimal point.
  char buffer[64];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, v);
  if (ec != std::errc()) return std::nullopt;
  return Parse(std::string_view(buffer, static_cast<size_t>(end - buffer)));
}

std::string Decimal::ToString() const {
  std::string digits = (mantissa_ < 0 ? BigInt(-mantissa_) : mantissa_).str();
  if (scale_ > 0) {
    if (digits.size() <= static_cast<size_t>(scale_)) {
      digits.insert(0, static_cast<size_t>(scale_) + 1 - digits.size(), '0');
    }
    digits.insert(digits.size() - static_cast<size_t>(scale_), 1, '.');
  }
  return mantissa_ < 0 ? "-" + digits : digits;
}

std::string Decimal::ToFixed(int digits) const {
  digits = std::max(digits, 0);
  BigInt scaled = digits >= scale_ ? BigInt(mantissa_ * Pow10(digits - scale_))
                                   : DivideHalfEven(mantissa_, Pow10(scale_ - digits));
  std::string text = (scaled < 0 ? BigInt(-scaled) : scaled).str();
  if (digits > 0) {
    if (text.size() <= static_cast<size_t>(digits)) {
      text.insert(0, static_cast<size_t>(digits) + 1 - text.size(), '0');
    }
    text.insert(text.size() - static_cast<size_t>(digits), 1, '.');
  }
  // Sign from the rounded value, so -0.001 at two digits prints "0.00", not "-0.00".
  return scaled < 0 ? "-" + text : text;
}

Decimal Decimal::operator+(const Decimal& o) const {
  int scale = std::max(scale_, o.scale_);
  return Decimal(mantissa_ * Pow10(scale - scale_) + o.mantissa_ * Pow10(scale - o.scale_), scale);
}

Decimal Decimal::operator-(const Decimal& o) const {
  return *this + (-o);
}

Decimal Decimal::operator*(const Decimal& o) const {
  return Decimal(mantissa_ * o.mantissa_, scale_ + o.scale_);
}

Decimal Decimal::operator-() const {
  return Decimal(-mantissa_, scale_);
}

Decimal Decimal::Abs() const {
  return IsNegative() ? -*this : *this;
}

std::optional<Decimal> Decimal::Divide(const Decimal& o, int significant_digits) const {
  if (o.IsZero()) return std::nullopt;
  if (IsZero()) return Decimal();
  const long digits = std::max(significant_digits, 1);
  const BigInt num = mantissa_ < 0 ? BigInt(-mantissa_) : mantissa_;
  const BigInt den = o.mantissa_ < 0 ? BigInt(-o.mantissa_) : o.mantissa_;

  // |q| = num / den * 10^(o.scale_ - scale_), and floor(log10 |q|) is D or D - 1. Scaling q by
  // 10^k with k = digits - 1 - D puts digits - 1 or digits digits before the point; one more
  // step when it is short gives exactly `digits`, so a single rounding happens at the end.
  const long d = DigitCount(num) - DigitCount(den) + o.scale_ - scale_;
  long k = digits - 1 - d;
  auto scaled = [&](long by) {
    long e = o.scale_ - scale_ + by;
    return e >= 0 ? std::pair<BigInt, BigInt>(num * Pow10(e), den)
                  : std::pair<BigInt, BigInt>(num, den * Pow10(-e));
  };
  auto [n, m] = scaled(k);
  if (n / m < Pow10(digits - 1)) std::tie(n, m) = scaled(++k);
  BigInt q = DivideHalfEven(n, m);
  if (IsNegative() != o.IsNegative()) q = -q;
  return Decimal(std::move(q), static_cast<int>(k));  // a negative k is handled by the ctor
}

std::optional<Decimal> Decimal::DivideToScale(const Decimal& o, int scale) const {
  if (o.IsZero()) return std::nullopt;
  const long digits = std::max(scale, 0);
  const BigInt num = mantissa_ < 0 ? BigInt(-mantissa_) : mantissa_;
  const BigInt den = o.mantissa_ < 0 ? BigInt(-o.mantissa_) : o.mantissa_;
  // q = round(num / den * 10^(o.scale_ - scale_ + digits)): one exact division, one rounding.
  const long e = o.scale_ - scale_ + digits;
  BigInt q = e >= 0 ? DivideHalfEven(num * Pow10(e), den) : DivideHalfEven(num, den * Pow10(-e));
  if (IsNegative() != o.IsNegative()) q = -q;
  return Decimal(std::move(q), static_cast<int>(digits));
}

int Decimal::Compare(const Decimal& o) const {
  int a = Sign(mantissa_), b = Sign(o.mantissa_);
  if (a != b) return a < b ? -1 : 1;  // different signs: no scaling needed
  int scale = std::max(scale_, o.scale_);
  BigInt x = mantissa_ * Pow10(scale - scale_);
  BigInt y = o.mantissa_ * Pow10(scale - o.scale_);
  return x < y ? -1 : (x > y ? 1 : 0);
}

}  // namespace dqc
