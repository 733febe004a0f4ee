#include "connectors/sqlite/exact_functions.h"

#include <cmath>
#include <new>
#include <string>

#include "core/decimal.h"

namespace dqc {
namespace {

struct SumState {
  Decimal* sum;  // allocated on the first non-NULL value, so "no rows" stays NULL
  bool failed;
  // Infinite REALs (SQLite stores 9e999 as +Infinity; NaN it stores as NULL): the sum is then
  // "Infinity", "-Infinity" or, with both, "NaN", as PostgreSQL's sum of doubles answers.
  bool plus_infinity, minus_infinity;
};

void SumStep(sqlite3_context* ctx, int, sqlite3_value** argv) {
  auto* st = static_cast<SumState*>(sqlite3_aggregate_context(ctx, sizeof(SumState)));
  if (!st || st->failed) return;
  sqlite3_value* v = argv[0];
  std::optional<Decimal> d;
  switch (sqlite3_value_type(v)) {
    case SQLITE_NULL:
      return;
    case SQLITE_INTEGER:
      d = Decimal::FromInt(sqlite3_value_int64(v));
      break;
    case SQLITE_FLOAT: {
      const double x = sqlite3_value_double(v);
      if (std::isinf(x)) {
        (x > 0 ? st->plus_infinity : st->minus_infinity) = true;
        d = Decimal();
      } else {
        d = Decimal::FromDouble(x);
      }
      break;
    }
    case SQLITE_TEXT: {
      std::string text(reinterpret_cast<const char*>(sqlite3_value_text(v)),
                       static_cast<size_t>(sqlite3_value_bytes(v)));
      d = Decimal::Parse(text);
      if (!d) {
        st->failed = true;
        sqlite3_result_error(
            ctx, ("sum over a value that is not a number: '" + text.substr(0, 40) + "'").c_str(),
            -1);
        return;
      }
      break;
    }
    default:
      break;
  }
  if (!d) {
    st->failed = true;
    sqlite3_result_error(ctx, "sum over a value that is not a finite number", -1);
    return;
  }
  if (!st->sum) st->sum = new (std::nothrow) Decimal();
  if (!st->sum) {
    st->failed = true;
    sqlite3_result_error_nomem(ctx);
    return;
  }
  *st->sum = *st->sum + *d;
}

void SumFinal(sqlite3_context* ctx) {
  auto* st = static_cast<SumState*>(sqlite3_aggregate_context(ctx, 0));
  if (!st) {
    sqlite3_result_null(ctx);
    return;
  }
  if (st->failed) {
    sqlite3_result_error(ctx, "sum failed", -1);
  } else if (st->sum) {
    std::string text = st->plus_infinity && st->minus_infinity ? "NaN"
                       : st->plus_infinity                     ? "Infinity"
                       : st->minus_infinity                    ? "-Infinity"
                                                               : st->sum->ToString();
    sqlite3_result_text(ctx, text.c_str(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
  } else {
    sqlite3_result_null(ctx);
  }
  delete st->sum;
  st->sum = nullptr;
}

void HasFloatStep(sqlite3_context* ctx, int, sqlite3_value** argv) {
  auto* flag = static_cast<int*>(sqlite3_aggregate_context(ctx, sizeof(int)));
  if (flag && sqlite3_value_type(argv[0]) == SQLITE_FLOAT) *flag = 1;
}

void HasFloatFinal(sqlite3_context* ctx) {
  auto* flag = static_cast<int*>(sqlite3_aggregate_context(ctx, 0));
  sqlite3_result_int(ctx, flag ? *flag : 0);
}

}  // namespace

int RegisterExactFunctions(sqlite3* db) {
  int rc = sqlite3_create_function_v2(db, "dqc_sum", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, nullptr,
                                      nullptr, SumStep, SumFinal, nullptr);
  if (rc != SQLITE_OK) return rc;
  return sqlite3_create_function_v2(db, "dqc_has_float", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC,
                                    nullptr, nullptr, HasFloatStep, HasFloatFinal, nullptr);
}

}  // namespace dqc
