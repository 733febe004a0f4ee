// What handlers work with: the store, the engine, the ID generator and the server's settings.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "api/read_cache.h"

#include "core/id_generator.h"
#include "core/principal.h"
#include "core/secret_box.h"
#include "engine/engine.h"
#include "store/store.h"

namespace dqc::api {

struct ServerSettings {
  std::string data_dir;                   // absolute; SQLITE sources may not lie inside it
  std::vector<std::string> sqlite_roots;  // absolute; when set, SQLITE sources must lie under one
  int64_t token_ttl_ms = 24LL * 3600 * 1000;
};

// What a valid token may do in one workspace, as the store said at some DataVersion().
struct CachedGrant {
  std::string user;
  Role role;
  int64_t expires_at_ms;
};

struct ReadCaches {
  VersionedCache<CachedGrant> grants{4096};       // token hash, workspace, project
  VersionedCache<std::string> job_details{4096};  // project, workspace, job ID -> body
};

struct ApiContext {
  Store& store;
  Engine& engine;
  IdGenerator& ids;
  ServerSettings settings;
  const SecretBox* secrets = nullptr;  // seals and opens connection passwords (DESIGN §5)
  std::shared_ptr<ReadCaches> caches = std::make_shared<ReadCaches>();
};

}  // namespace dqc::api
