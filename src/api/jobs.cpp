// consistency-tasks: list (spec §2.1), details (§2.2), and dqc's create, update and run (DESIGN
// §4).
#include <set>
#include <tuple>

#include "api/auth.h"
#include "api/body.h"
#include "api/handlers.h"
#include "api/job_request.h"
#include "api/responses.h"
#include "core/job_json.h"

namespace dqc::api {
namespace {

using nlohmann::json;

// The path's job ID, or a 404 (a malformed ID names no job either).
std::optional<int64_t> PathId(const PathParams& p, const char* key) {
  return IdFromText(p.at(key));
}

// A path ID that is not 1..2^63-1 in digits is bad input (400), not an unknown job.
HttpResponse BadId(const std::string& id, const HttpRequest& req) {
  return Error(errors::kInvalidId,
               "'" + id + "' is not a job ID: an integer from 1 to 9223372036854775807", req);
}

HttpResponse NoJob(const std::string& id, const HttpRequest& req) {
  return Error(errors::kNotFound, "no comparison job with ID " + id + " in this workspace", req);
}

void AssignIds(ApiContext& ctx, Job& job) {
  for (auto& pair : job.pairs) {
    pair.source.id = ctx.ids.Next();
    pair.target.id = ctx.ids.Next();
  }
}

}  // namespace

HttpResponse ListJobs(ApiContext& ctx, const HttpRequest& req, const PathParams& p) {
  auto caller = Authorize(ctx, req, p.at("project_id"), Role::kViewer);
  if (auto* err = std::get_if<HttpResponse>(&caller)) return *err;
  auto q = ParseQuery(req.query);
  JobFilter f;
  auto paging = ReadPageParams(q);
  if (!paging.error.empty()) return Error(errors::kInvalidQuery, paging.error, req);
  f.limit = paging.limit;
  f.offset = paging.offset;
  for (auto [name, into] :
       {std::pair{"category_id", &f.category_id}, std::pair{"start_time", &f.start_time},
        std::pair{"end_time", &f.end_time}}) {
    auto v = ReadIntParam(q, name, 0, INT64_MAX);
    if (!v.error.empty()) return Error(errors::kInvalidQuery, v.error, req);
    *into = v.value;
  }
  if (auto it = q.find("name"); it != q.end() && !it->second.empty()) f.name = it->second;
  if (auto it = q.find("creator"); it != q.end() && !it->second.empty()) f.creator = it->second;
  if (auto it = q.find("schedule_status"); it != q.end()) {
    static const std::set<std::string> kStatuses = {
        "UNKNOWN", "NOT_START", "SCHEDULING", "FINISH_SUCCESS", "KILL", "RUNNING_EXCEPTION"};
    if (!kStatuses.count(it->second)) {
      return Error(errors::kInvalidQuery,
                   "query parameter 'schedule_status' must be one of UNKNOWN, NOT_START, "
                   "SCHEDULING, FINISH_SUCCESS, KILL, RUNNING_EXCEPTION (got '" +
                       it->second + "')",
                   req);
    }
    f.schedule_status = it->second;
  }
  auto page = ctx.store.ListJobs(std::get<Caller>(caller).scope, f);
  if (!page.ok()) return FromStatus(page.status(), req);
  json items = json::array();
  for (const Job& job : page->items) items.push_back(JobOverviewToJson(job));
  return Json(200, json{{"count", page->count}, {"resources", std::move(items)}});
}

HttpResponse GetJob(ApiContext& ctx, const HttpRequest& req, const PathParams& p) {
  auto caller = Authorize(ctx, req, p.at("project_id"), Role::kViewer);
  if (auto* err = std::get_if<HttpResponse>(&caller)) return *err;
  auto id = PathId(p, "id");
  if (!id) return BadId(p.at("id"), req);
  const Scope& scope = std::get<Caller>(caller).scope;
  const uint64_t version = std::get<Caller>(caller).data_version;  // read before any of this
  const std::string key = scope.project_id + '\n' + scope.workspace_id + '\n' + std::to_string(*id);
  if (auto body = ctx.caches->job_details.Get(key, version)) return JsonText(200, *body);
  auto job = ctx.store.GetJob(scope, *id);
  if (!job.ok()) {
    if (job.status().code() == Status::Code::kNotFound) return NoJob(p.at("id"), req);
    return FromStatus(job.status(), req);
  }
  std::string body = JobToJson(*job).dump();
  ctx.caches->job_details.Put(key, version, body);
  return JsonText(200, std::move(body));
}

HttpResponse CreateJob(ApiContext& ctx, const HttpRequest& req, const PathParams& p) {
  auto caller = Authorize(ctx, req, p.at("project_id"), Role::kDeveloper);
  if (auto* err = std::get_if<HttpResponse>(&caller)) return *err;
  const Caller& who = std::get<Caller>(caller);
  auto body = ParseJsonBody(req);
  if (auto* err = std::get_if<HttpResponse>(&body)) return *err;
  Job job;
  if (auto problem = ReadJobRequest(ctx, who.scope, std::get<json>(body), job)) {
    return Error(problem->code, problem->message, req);
  }
  job.id = ctx.ids.Next();
  job.project_id = who.scope.project_id;
  job.workspace_id = who.scope.workspace_id;
  job.creator = who.user;
  job.create_time = NowMillis();
  AssignIds(ctx, job);
  Status s = ctx.store.CreateJob(job);
  if (!s.ok())
    return FromStatus(s, req, errors::kInvalidField, errors::kNotFound, errors::kDuplicateName);
  return Json(200, JobToJson(job));
}

HttpResponse UpdateJob(ApiContext& ctx, const HttpRequest& req, const PathParams& p) {
  auto caller = Authorize(ctx, req, p.at("project_id"), Role::kDeveloper);
  if (auto* err = std::get_if<HttpResponse>(&caller)) return *err;
  const Caller& who = std::get<Caller>(caller);
  auto id = PathId(p, "id");
  if (!id) return BadId(p.at("id"), req);
  auto existing = ctx.store.GetJob(who.scope, *id);
  if (!existing.ok()) {
    if (existing.status().code() == Status::Code::kNotFound) return NoJob(p.at("id"), req);
    return FromStatus(existing.status(), req);
  }
  auto body = ParseJsonBody(req);
  if (auto* err = std::get_if<HttpResponse>(&body)) return *err;
  // A full replace: what the body leaves out takes its default, not the old value.
  Job job;
  job.id = existing->id;
  job.project_id = existing->project_id;
  job.workspace_id = existing->workspace_id;
  job.creator = existing->creator;
  job.create_time = existing->create_time;
  job.last_run_time = existing->last_run_time;
  job.schedule_status = existing->schedule_status;
  if (auto problem = ReadJobRequest(ctx, who.scope, std::get<json>(body), job)) {
    return Error(problem->code, problem->message, req);
  }
  AssignIds(ctx, job);
  Status s = ctx.store.UpdateJob(job);
  if (!s.ok())
    return FromStatus(s, req, errors::kInvalidField, errors::kNotFound, errors::kDuplicateName);
  return Json(200, JobToJson(job));
}

HttpResponse RunJob(ApiContext& ctx, const HttpRequest& req, const PathParams& p) {
  auto caller = Authorize(ctx, req, p.at("project_id"), Role::kDeveloper);
  if (auto* err = std::get_if<HttpResponse>(&caller)) return *err;
  const Scope& scope = std::get<Caller>(caller).scope;
  auto id = PathId(p, "id");
  if (!id) return BadId(p.at("id"), req);
  auto job = ctx.store.GetJob(scope, *id);
  if (!job.ok()) {
    if (job.status().code() == Status::Code::kNotFound) return NoJob(p.at("id"), req);
    return FromStatus(job.status(), req);
  }
  auto inst = ctx.store.StartInstance(scope, *id, ctx.ids.Next());
  if (!inst.ok())
    return FromStatus(inst.status(), req, errors::kInvalidField, errors::kNotFound,
                      errors::kJobBusy);
  ctx.engine.Submit(scope, std::move(*job), inst->id);
  return Json(200, json{{"instance_id", inst->id}});
}

}  // namespace dqc::api
