#include "cli/secret_key.h"

#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

namespace dqc::cli {
namespace {

Result<std::string> ReadKeyFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) return Status::Invalid("cannot read the secret key file " + path);
  std::stringstream text;
  text << in.rdbuf();
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0 && (st.st_mode & 077) != 0) {
    spdlog::warn("the secret key file {} is readable by other users (chmod 600 it)", path);
  }
  return text.str();
}

// Creates the key file only if it does not exist (O_EXCL), so two servers starting at once on
// one data directory never overwrite each other's key.
Status WriteNewKey(const std::string& path, const std::string& key_hex) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    if (errno == EEXIST) return Status::Ok();
    return Status::Invalid("cannot create the secret key file " + path + ": " +
                           std::strerror(errno));
  }
  const std::string line = key_hex + "\n";
  bool ok = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size()) &&
            ::fsync(fd) == 0;
  ::close(fd);
  if (!ok) return Status::Invalid("cannot write the secret key file " + path);
  return Status::Ok();
}

}  // namespace

Result<SecretBox> LoadSecretKey(const std::string& key_file, const std::string& data_dir) {
  std::string source, text;
  if (!key_file.empty()) {
    auto read = ReadKeyFile(key_file);
    if (!read.ok()) return read.status();
    source = "--secret-key-file " + key_file;
    text = *read;
  } else if (const char* env = std::getenv("DQC_SECRET_KEY"); env && *env) {
    source = "DQC_SECRET_KEY";
    text = env;
  } else {
    const std::string path = data_dir + "/secret.key";
    if (::access(path.c_str(), F_OK) != 0) {
      Status s = WriteNewKey(path, SecretBox::NewKeyHex());
      if (!s.ok()) return s;
      spdlog::info("generated a secret key in {}; servers that share this store need it", path);
    }
    auto read = ReadKeyFile(path);
    if (!read.ok()) return read.status();
    source = path;
    text = *read;
  }
  auto box = SecretBox::FromHex(text);
  if (!box.ok()) return Status::Invalid(source + ": " + box.status().message());
  return box;
}

}  // namespace dqc::cli
