// The alarm-expression language of spec §5: `${a_b}` placeholders (a = 1 source, 2 target; b = the
// template output, from 1), `+ - * /`, `== != > < >= <=`, `!`, `&&`, `||`, `abs()`, parentheses,
// decimal literals. Evaluated with exact decimals (DESIGN §3.10), never doubles.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/status.h"
#include "core/value.h"

namespace dqc {

struct Placeholder {
  int side;    // 1 source, 2 target
  int output;  // 1-based output number
};

class AlarmExpression {
 public:
  // Parses `text`; a syntax error names the position and what was expected.
  static Result<AlarmExpression> Parse(const std::string& text);

  const std::string& text() const { return text_; }
  const std::vector<Placeholder>& placeholders() const { return placeholders_; }

  // Evaluates with the values given by `lookup`. The result is true (alarm) or false. An error
  // (a NULL used other than with ==/!=, a division by zero, a comparison of text with a number by
  // < or >, a non-boolean result) is a Status naming the problem.
  Result<bool> Evaluate(const std::function<Value(const Placeholder&)>& lookup,
                        const Tolerance& tolerance) const;

  struct Node;  // the parse tree (defined in the .cpp)

 private:
  std::string text_;
  std::vector<Placeholder> placeholders_;
  std::shared_ptr<const Node> root_;
};

}  // namespace dqc
