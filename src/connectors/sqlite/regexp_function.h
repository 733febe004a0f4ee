// `x REGEXP pattern` in the SQLite sessions dqc opens (SQLite parses REGEXP but ships no function
// for it). PCRE2, the library MariaDB's REGEXP uses, so a pattern means the same on both: UTF-8,
// case-sensitive, unanchored (a match anywhere, unless the pattern says ^...$). Chosen over
// std::regex, whose matcher recurses per character and can overflow the stack on long values,
// and which has no match limit. A pattern is compiled once per statement; each match is bounded
// (PCRE2's match and depth limits), so a pathological pattern fails the query with a message
// instead of running for ever. NULL on either side gives NULL; numbers match as their text.
#pragma once

#include <sqlite3.h>

namespace dqc {

int RegisterRegexpFunction(sqlite3* db);

}  // namespace dqc
