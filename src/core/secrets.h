// Random tokens and IDs, token hashing and password hashing (OpenSSL).
#pragma once

#include <string>

namespace dqc {

std::string RandomHex(size_t bytes);  // 2*bytes lowercase hex characters
std::string Sha256Hex(const std::string& data);
std::string HashPassword(const std::string& password);  // "pbkdf2-sha256$iter$salt$hash"
bool VerifyPassword(const std::string& password, const std::string& stored);

}  // namespace dqc
