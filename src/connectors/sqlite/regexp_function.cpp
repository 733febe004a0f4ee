#define PCRE2_CODE_UNIT_WIDTH 8
#include "connectors/sqlite/regexp_function.h"

#include <pcre2.h>

#include <string>

namespace dqc {
namespace {

// Bounds each match: enough for any sensible pattern on values of megabytes, small enough that a
// catastrophic one ((a+)+b) stops in well under a second.
constexpr uint32_t kMatchLimit = 10'000'000;
constexpr uint32_t kDepthLimit = 100'000;

struct Compiled {
  pcre2_code* code = nullptr;
  pcre2_match_data* match = nullptr;
  pcre2_match_context* context = nullptr;
  ~Compiled() {
    pcre2_match_context_free(context);
    pcre2_match_data_free(match);
    pcre2_code_free(code);
  }
};

void FreeCompiled(void* p) {
  delete static_cast<Compiled*>(p);
}

// regexp(pattern, value): SQLite's argument order for `value REGEXP pattern`.
void Regexp(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (sqlite3_value_type(argv[0]) == SQLITE_NULL || sqlite3_value_type(argv[1]) == SQLITE_NULL) {
    return;  // NULL
  }
  auto* compiled = static_cast<Compiled*>(sqlite3_get_auxdata(ctx, 0));
  if (!compiled) {
    const auto* pattern = sqlite3_value_text(argv[0]);
    const auto length = static_cast<size_t>(sqlite3_value_bytes(argv[0]));
    int error = 0;
    PCRE2_SIZE offset = 0;
    auto fresh = new Compiled;
    fresh->code = pcre2_compile(pattern, length, PCRE2_UTF | PCRE2_MATCH_INVALID_UTF, &error,
                                &offset, nullptr);
    if (!fresh->code) {
      PCRE2_UCHAR message[256];
      pcre2_get_error_message(error, message, sizeof message);
      delete fresh;
      std::string text = "invalid regular expression at offset " + std::to_string(offset) + ": " +
                         reinterpret_cast<const char*>(message);
      sqlite3_result_error(ctx, text.c_str(), -1);
      return;
    }
    pcre2_jit_compile(fresh->code, PCRE2_JIT_COMPLETE);  // optional: falls back to the interpreter
    fresh->match = pcre2_match_data_create_from_pattern(fresh->code, nullptr);
    fresh->context = pcre2_match_context_create(nullptr);
    if (!fresh->match || !fresh->context) {
      delete fresh;
      sqlite3_result_error_nomem(ctx);
      return;
    }
    pcre2_set_match_limit(fresh->context, kMatchLimit);
    pcre2_set_depth_limit(fresh->context, kDepthLimit);
    sqlite3_set_auxdata(ctx, 0, fresh, FreeCompiled);
    compiled = static_cast<Compiled*>(sqlite3_get_auxdata(ctx, 0));
    if (!compiled) {  // SQLite could not keep it and has freed it: compile per row then
      sqlite3_result_error_nomem(ctx);
      return;
    }
  }
  const auto* subject = sqlite3_value_text(argv[1]);
  const auto length = static_cast<size_t>(sqlite3_value_bytes(argv[1]));
  int rc = pcre2_match(compiled->code, subject, length, 0, 0, compiled->match, compiled->context);
  if (rc >= 0) {
    sqlite3_result_int(ctx, 1);
  } else if (rc == PCRE2_ERROR_NOMATCH) {
    sqlite3_result_int(ctx, 0);
  } else {
    PCRE2_UCHAR message[256];
    pcre2_get_error_message(rc, message, sizeof message);
    std::string text = std::string("regular expression: ") + reinterpret_cast<const char*>(message);
    sqlite3_result_error(ctx, text.c_str(), -1);
  }
}

}  // namespace

int RegisterRegexpFunction(sqlite3* db) {
  return sqlite3_create_function_v2(db, "regexp", 2,
                                    SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, nullptr,
                                    Regexp, nullptr, nullptr, nullptr);
}

}  // namespace dqc
