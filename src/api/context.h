// What handlers work with: the store, the engine, the ID generator and the server's settings.
#pragma once

#include <string>
#include <vector>

#include "core/id_generator.h"
#include "core/secret_box.h"
#include "engine/engine.h"
#include "store/store.h"

namespace dqc::api {

struct ServerSettings {
  std::string data_dir;                   // absolute; SQLITE sources may not lie inside it
  std::vector<std::string> sqlite_roots;  // absolute; when set, SQLITE sources must lie under one
  int64_t token_ttl_ms = 24LL * 3600 * 1000;
};

struct ApiContext {
  Store& store;
  Engine& engine;
  IdGenerator& ids;
  ServerSettings settings;
  const SecretBox* secrets = nullptr;  // seals and opens connection passwords (DESIGN §5)
};

}  // namespace dqc::api
