// Reading a comparison job from a create/update body (DESIGN §4): the details object without the
// server-set fields. Every field is checked for type and value; the first problem is reported
// with the field's path (e.g. "sub_rules[0][1].template_id").
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "api/context.h"
#include "api/error_codes.h"
#include "core/job.h"
#include "store/store.h"

namespace dqc::api {

struct JobProblem {
  ErrorCode code;
  std::string message;
};

// Fills `job` (id, rule IDs, creator and times are left to the caller). Checks connections and
// directories against the store, in `scope`.
std::optional<JobProblem> ReadJobRequest(ApiContext& ctx, const Scope& scope,
                                         const nlohmann::json& body, Job& job);

}  // namespace dqc::api
