// POST /v2/{project_id}/quality/consistency-tasks/batch-delete (spec §2.3, DESIGN §3.2): a bare
// JSON array of 1..1,000 job IDs, all or nothing.
#include "api/auth.h"
#include "api/body.h"
#include "api/handlers.h"
#include "api/responses.h"

namespace dqc::api {
namespace {
constexpr size_t kMaxBatch = 1000;
}  // namespace

HttpResponse BatchDeleteJobs(ApiContext& ctx, const HttpRequest& req, const PathParams& p) {
  auto caller = Authorize(ctx, req, p.at("project_id"), Role::kDeveloper);
  if (auto* err = std::get_if<HttpResponse>(&caller)) return *err;
  const Scope& scope = std::get<Caller>(caller).scope;

  auto body = ParseJsonBody(req);
  if (auto* err = std::get_if<HttpResponse>(&body)) return *err;
  const auto& j = std::get<nlohmann::json>(body);
  if (!j.is_array()) {
    return Error(errors::kBodyShape,
                 "the body must be a JSON array of job IDs, e.g. [1283480044387540993]", req);
  }
  const BatchIdsNaming naming{"the array of job IDs",
                              [](size_t i) { return "element " + std::to_string(i); }, "job"};
  auto read = ReadBatchIds(j, kMaxBatch, naming, req);
  if (auto* err = std::get_if<HttpResponse>(&read)) return *err;
  const auto& ids = std::get<std::vector<int64_t>>(read);
  auto outcome = ctx.store.DeleteJobs(scope, ids);
  if (!outcome.ok()) return FromStatus(outcome.status(), req);
  if (!outcome->missing.empty()) {
    std::string list;
    for (int64_t id : outcome->missing) list += (list.empty() ? "" : ", ") + std::to_string(id);
    return Error(errors::kUnknownIds,
                 "no comparison job with ID " + list + " in this workspace; nothing was deleted",
                 req);
  }
  ctx.engine.Cancel(outcome->cancelled);
  return BatchSuccess();
}

}  // namespace dqc::api
