// SQL functions dqc adds to the SQLite sessions it opens:
//   dqc_sum(x)       exact decimal sum of the non-NULL values, as text; NULL over no rows.
//                    Integers, reals (their shortest round-trip decimal) and numeric text are
//                    summed exactly, so the result does not overflow and does not depend on row
//                    order. Infinite reals make it "Infinity", "-Infinity" or (both) "NaN". A value
//                    that is not a number (text 'abc', a blob) is an error naming it.
//   dqc_has_float(x) 1 when any non-NULL value is a REAL, else 0 (the sum is then compared with a
//                    tolerance).
#pragma once

#include <sqlite3.h>

namespace dqc {

int RegisterExactFunctions(sqlite3* db);

}  // namespace dqc
