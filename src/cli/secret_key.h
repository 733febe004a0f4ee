// The server's secret key (DESIGN §5): from --secret-key-file FILE, else the environment variable
// DQC_SECRET_KEY, else DATA_DIR/secret.key, generated there (mode 0600) at the first start.
// Servers that share a store must share the key: a changed key cannot open stored passwords.
#pragma once

#include <string>

#include "core/secret_box.h"
#include "core/status.h"

namespace dqc::cli {

Result<SecretBox> LoadSecretKey(const std::string& key_file, const std::string& data_dir);

}  // namespace dqc::cli
