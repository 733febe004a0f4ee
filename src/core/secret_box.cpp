#include "core/secret_box.h"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <memory>

#include "core/hex.h"
#include "core/secrets.h"

namespace dqc {
namespace {

constexpr size_t kKeyBytes = 32;
constexpr size_t kNonceBytes = 12;  // the GCM standard nonce
constexpr size_t kTagBytes = 16;
// Bound to what the sealed text is for, so a sealed value cannot be replayed as another kind.
constexpr const char* kAad = "dqc-secret-v1";

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool FromHexText(const std::string& hex, std::string& out) {
  if (hex.size() % 2 != 0) return false;
  out.clear();
  for (size_t i = 0; i < hex.size(); i += 2) {
    int hi = HexDigit(hex[i]), lo = HexDigit(hex[i + 1]);
    if (hi < 0 || lo < 0) return false;
    out.push_back(static_cast<char>(hi * 16 + lo));
  }
  return true;
}

using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;

const unsigned char* Bytes(const std::string& s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

}  // namespace

Result<SecretBox> SecretBox::FromHex(const std::string& key_hex) {
  const size_t b = key_hex.find_first_not_of(" \t\r\n");
  const size_t e = key_hex.find_last_not_of(" \t\r\n");
  const std::string trimmed = b == std::string::npos ? "" : key_hex.substr(b, e - b + 1);
  std::string key;
  if (trimmed.size() != 2 * kKeyBytes || !FromHexText(trimmed, key)) {
    return Status::Invalid("the secret key must be 64 hex characters (32 bytes)");
  }
  return SecretBox(key);
}

std::string SecretBox::NewKeyHex() {
  return RandomHex(kKeyBytes);
}

Result<std::string> SecretBox::Seal(const std::string& plaintext) const {
  std::string nonce(kNonceBytes, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(nonce.data()), kNonceBytes) != 1) {
    return Status::Internal("no randomness available for encryption");
  }
  CipherCtx ctx(EVP_CIPHER_CTX_new(), EVP_CIPHER_CTX_free);
  std::string out(plaintext.size() + kTagBytes, '\0');
  auto* o = reinterpret_cast<unsigned char*>(out.data());
  int len = 0, total = 0;
  const std::string aad = kAad;
  if (!ctx ||
      EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, Bytes(key_), Bytes(nonce)) != 1 ||
      EVP_EncryptUpdate(ctx.get(), nullptr, &len, Bytes(aad), static_cast<int>(aad.size())) != 1 ||
      EVP_EncryptUpdate(ctx.get(), o, &len, Bytes(plaintext), static_cast<int>(plaintext.size())) !=
          1 ||
      (total = len, EVP_EncryptFinal_ex(ctx.get(), o + total, &len) != 1) ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, kTagBytes, o + total + len) != 1) {
    return Status::Internal("encryption failed");
  }
  out.resize(static_cast<size_t>(total + len) + kTagBytes);
  return "v1:" + ToHex((nonce + out).data(), nonce.size() + out.size());
}

Result<std::string> SecretBox::Open(const std::string& sealed) const {
  std::string raw;
  if (sealed.rfind("v1:", 0) != 0 || !FromHexText(sealed.substr(3), raw) ||
      raw.size() < kNonceBytes + kTagBytes) {
    return Status::Internal("a stored secret is damaged");
  }
  const std::string nonce = raw.substr(0, kNonceBytes);
  const std::string body = raw.substr(kNonceBytes, raw.size() - kNonceBytes - kTagBytes);
  std::string tag = raw.substr(raw.size() - kTagBytes);
  CipherCtx ctx(EVP_CIPHER_CTX_new(), EVP_CIPHER_CTX_free);
  std::string out(body.size() + 1, '\0');
  auto* o = reinterpret_cast<unsigned char*>(out.data());
  int len = 0, total = 0;
  const std::string aad = kAad;
  if (!ctx ||
      EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, Bytes(key_), Bytes(nonce)) != 1 ||
      EVP_DecryptUpdate(ctx.get(), nullptr, &len, Bytes(aad), static_cast<int>(aad.size())) != 1 ||
      EVP_DecryptUpdate(ctx.get(), o, &len, Bytes(body), static_cast<int>(body.size())) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, kTagBytes, tag.data()) != 1 ||
      (total = len, EVP_DecryptFinal_ex(ctx.get(), o + total, &len) != 1)) {
    // Wrong key or changed bytes: the tag does not verify.
    return Status::Internal(
        "a stored secret cannot be decrypted with this server's secret key (was the key changed?)");
  }
  out.resize(static_cast<size_t>(total + len));
  return out;
}

}  // namespace dqc
