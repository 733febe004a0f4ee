// Exact decimal numbers: an arbitrary-precision integer mantissa and a base-10 scale.
// Used for every metric value and in alarm expressions, so nothing passes through a double.
#pragma once

#include <boost/multiprecision/cpp_int.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace dqc {

class Decimal {
 public:
  using BigInt = boost::multiprecision::cpp_int;

  Decimal() = default;  // zero
  static Decimal FromInt(int64_t v);
  // Parses "-12.340", "+5", ".5", "1e-3", "1.5E+10". Returns nullopt for anything else
  // (including "", "NaN", "Infinity", hex, surrounding spaces).
  static std::optional<Decimal> Parse(std::string_view text);
  // The exact value of a finite double, as its shortest round-trip decimal form ("0.1" for 0.1).
  static std::optional<Decimal> FromDouble(double v);

  // Canonical text: no exponent, no trailing fractional zeros, "-0" never appears ("0").
  std::string ToString() const;
  // Rounded half-even to `digits` fractional digits, printed with exactly that many.
  std::string ToFixed(int digits) const;

  Decimal operator+(const Decimal& o) const;
  Decimal operator-(const Decimal& o) const;
  Decimal operator*(const Decimal& o) const;
  Decimal operator-() const;
  // Division rounded half-even at `significant_digits` significant digits; nullopt on division by
  // 0.
  std::optional<Decimal> Divide(const Decimal& o, int significant_digits = 50) const;
  // Division rounded half-even to exactly `scale` fractional digits (one rounding, so exact at
  // any magnitude); nullopt on division by 0.
  std::optional<Decimal> DivideToScale(const Decimal& o, int scale) const;
  Decimal Abs() const;
  bool IsZero() const { return mantissa_ == 0; }
  bool IsNegative() const { return mantissa_ < 0; }
  int Compare(const Decimal& o) const;  // -1, 0, 1
  bool operator==(const Decimal& o) const { return Compare(o) == 0; }
  bool operator<(const Decimal& o) const { return Compare(o) < 0; }

 private:
  Decimal(BigInt mantissa, int scale);
  void Normalize();  // strips trailing zeros of the mantissa
  BigInt mantissa_ = 0;
  int scale_ = 0;  // value = mantissa_ * 10^-scale_, scale_ >= 0
};

}  // namespace dqc
