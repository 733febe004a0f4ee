#include "core/secrets.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#include <stdexcept>
#include <vector>

#include "core/hex.h"

namespace dqc {
namespace {

std::string Pbkdf2(const std::string& password, const std::string& salt, int iterations) {
  unsigned char out[32];
  PKCS5_PBKDF2_HMAC(password.data(), static_cast<int>(password.size()),
                    reinterpret_cast<const unsigned char*>(salt.data()),
                    static_cast<int>(salt.size()), iterations, EVP_sha256(), sizeof out, out);
  return ToHex(out, sizeof out);
}

constexpr int kIterations = 100000;

}  // namespace

std::string RandomHex(size_t bytes) {
  std::vector<unsigned char> buf(bytes);
  if (RAND_bytes(buf.data(), static_cast<int>(bytes)) != 1) {
    throw std::runtime_error("no randomness available");  // cannot make safe secrets: stop
  }
  return ToHex(buf.data(), bytes);
}

std::string Sha256Hex(const std::string& data) {
  unsigned char out[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(), out);
  return ToHex(out, sizeof out);
}

std::string HashPassword(const std::string& password) {
  std::string salt = RandomHex(16);
  return "pbkdf2-sha256$" + std::to_string(kIterations) + "$" + salt + "$" +
         Pbkdf2(password, salt, kIterations);
}

bool VerifyPassword(const std::string& password, const std::string& stored) {
  // stored = pbkdf2-sha256$ITER$SALT$HASH
  auto p1 = stored.find('$');
  auto p2 = stored.find('$', p1 + 1);
  auto p3 = stored.find('$', p2 + 1);
  if (p1 == std::string::npos || p2 == std::string::npos || p3 == std::string::npos) return false;
  int iterations = std::stoi(stored.substr(p1 + 1, p2 - p1 - 1));
  std::string salt = stored.substr(p2 + 1, p3 - p2 - 1);
  std::string expected = stored.substr(p3 + 1);
  std::string got = Pbkdf2(password, salt, iterations);
  return got.size() == expected.size() &&
         CRYPTO_memcmp(got.data(), expected.data(), got.size()) == 0;
}

}  // namespace dqc
