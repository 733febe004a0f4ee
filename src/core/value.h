// A metric value as read from a database: NULL, an exact number, a floating number, a boolean or
// text. Connectors map each engine's types onto these kinds (see connectors/connector.h), so that
// values from different engines compare as values, never as the engines' spellings.
// DESIGN §3.10: numbers compare exactly, floating values within a tolerance, text as exact text.
#pragma once

#include <optional>
#include <string>

#include "core/decimal.h"

namespace dqc {

struct Value {
  enum class Kind { kNull, kExact, kFloat, kBool, kText };
  Kind kind = Kind::kNull;
  std::string text;  // canonical text of the value (empty for NULL)

  static Value Null() { return {}; }
  static Value Exact(const Decimal& d) { return {Kind::kExact, d.ToString()}; }
  static Value Float(const Decimal& d) { return {Kind::kFloat, d.ToString()}; }
  static Value Bool(bool b) { return {Kind::kBool, b ? "true" : "false"}; }
  static Value Text(std::string s) { return {Kind::kText, std::move(s)}; }

  bool is_null() const { return kind == Kind::kNull; }
  bool is_number() const { return kind == Kind::kExact || kind == Kind::kFloat; }
  std::optional<Decimal> number() const {
    return is_number() ? Decimal::Parse(text) : std::nullopt;
  }
  // The value as the results show it: nullopt for NULL.
  std::optional<std::string> display() const {
    return is_null() ? std::nullopt : std::optional<std::string>(text);
  }
};

// Tolerance for floating values (template_arguments of DESIGN §3.6).
struct Tolerance {
  Decimal relative = *Decimal::Parse("1e-9");
  Decimal absolute;
};

}  // namespace dqc
