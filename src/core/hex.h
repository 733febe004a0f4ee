// Lowercase hexadecimal text of bytes: token and key text, and binary values as connectors give
// them (connectors/connector.h: x'0a1b').
#pragma once

#include <cstddef>
#include <string>

namespace dqc {

std::string ToHex(const void* data, size_t n);
// A binary value as dqc shows and compares it, whatever the engine: x'<hex>'.
inline std::string BinaryText(const void* data, size_t n) {
  return "x'" + ToHex(data, n) + "'";
}

}  // namespace dqc
