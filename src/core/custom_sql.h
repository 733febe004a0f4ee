// Custom SQL rules (type Customize): one SELECT whose first row holds up to five output values.
// This check catches mistakes early with a clear message; the boundary that holds is the engine's
// own single-statement prepare inside a read-only transaction (DESIGN §6).
#pragma once

#include <string>

#include "core/status.h"

namespace dqc {

inline constexpr int kMaxCustomOutputs = 5;

// The statement without a trailing `;`, or why it is refused: not a single SELECT (or WITH ...
// SELECT), `INTO`, comments (which could hide a second statement from this check).
Result<std::string> CheckCustomSql(const std::string& sql);

// Refuses a first row of more than kMaxCustomOutputs columns; `what` names the SQL ("the custom
// SQL", "template 1000001") in the message.
Status CheckCustomOutputCount(size_t columns, const std::string& what);

}  // namespace dqc
