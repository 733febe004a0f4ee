// calculation_range_sql (DESIGN §3.9): a filter on the rows a rule reads, with or without a
// leading `and`. Refused: `;`, comments, unbalanced quotes or parentheses. This is a guard against
// mistakes, not the security boundary: the engine reads through read-only connections.
#pragma once

#include <string>

#include "core/status.h"

namespace dqc {

// The filter as a boolean SQL expression without the leading `and`; "" means the whole table.
Result<std::string> NormalizeRangeFilter(const std::string& text);

}  // namespace dqc
