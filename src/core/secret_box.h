// Encrypts secrets at rest (connection passwords, DESIGN §5) with AES-256-GCM (OpenSSL). The key
// is 32 bytes, written as 64 hex characters in a key file or DQC_SECRET_KEY. A sealed secret is
// "v1:" + hex(nonce 12 | ciphertext | tag 16): authenticated, so a changed byte or another key
// fails to open instead of giving garbage. Servers that share a store must share the key.
#pragma once

#include <string>

#include "core/status.h"

namespace dqc {

class SecretBox {
 public:
  // `key_hex`: 64 hex characters (surrounding whitespace ignored).
  static Result<SecretBox> FromHex(const std::string& key_hex);
  static std::string NewKeyHex();  // a fresh random key

  Result<std::string> Seal(const std::string& plaintext) const;
  Result<std::string> Open(const std::string& sealed) const;

 private:
  explicit SecretBox(std::string key) : key_(std::move(key)) {}
  std::string key_;  // 32 raw bytes
};

}  // namespace dqc
