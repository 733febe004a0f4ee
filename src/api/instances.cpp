// O&M: GET /instances (spec §4.3, DESIGN §3.11) and GET /instances/{instance_id}/result (§3.12).
#include <set>

#include "api/auth.h"
#include "api/body.h"
#include "api/handlers.h"
#include "api/responses.h"

namespace dqc::api {
namespace {

using nlohmann::json;

template <typename T>
json Opt(const std::optional<T>& v) {
  return v ? json(*v) : json(nullptr);
}

std::optional<std::string> EnumParam(const std::map<std::string, std::string>& q,
                                     const std::string& name, const std::set<std::string>& allowed,
                                     std::string& error) {
  auto it = q.find(name);
  if (it == q.end()) return std::nullopt;
  if (!allowed.count(it->second)) {
    std::string list;
    for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
    error = "query parameter '" + name + "' must be one of " + list + " (got '" + it->second + "')";
    return std::nullopt;
  }
  return it->second;
}

}  // namespace

HttpResponse ListInstances(ApiContext& ctx, const HttpRequest& req, const PathParams& p) {
  auto caller = Authorize(ctx, req, p.at("project_id"), Role::kViewer);
  if (auto* err = std::get_if<HttpResponse>(&caller)) return *err;
  auto q = ParseQuery(req.query);
  InstanceFilter f;
  auto paging = ReadPageParams(q);
  if (!paging.error.empty()) return Error(errors::kInvalidQuery, paging.error, req);
  f.limit = paging.limit;
  f.offset = paging.offset;
  for (auto [name, into] :
       {std::pair{"start_time", &f.start_time}, std::pair{"end_time", &f.end_time}}) {
    auto v = ReadIntParam(q, name, 0, INT64_MAX);
    if (!v.error.empty()) return Error(errors::kInvalidQuery, v.error, req);
    *into = v.value;
  }
  if (auto it = q.find("task_id"); it != q.end()) {
    f.task_id = IdFromText(it->second);
    if (!f.task_id)
      return Error(errors::kInvalidQuery, "query parameter 'task_id' is not a job ID", req);
  }
  std::string error;
  f.task_type = EnumParam(q, "task_type", {"QUALITY_TASK", "CONSISTENCY_TASK"}, error);
  if (error.empty()) {
    f.run_status =
        EnumParam(q, "run_status",
                  {"RUNNING", "FAILED", "ALARMING", "SUCCESS", "SUSPENDING", "UNKNOWN"}, error);
  }
  if (error.empty()) {
    f.notify_status = EnumParam(q, "notify_status", {"NOT_TRIGGERED", "SUCCESS", "FAILED"}, error);
  }
  if (!error.empty()) return Error(errors::kInvalidQuery, error, req);
  if (auto it = q.find("name"); it != q.end() && !it->second.empty()) f.name = it->second;
  auto page = ctx.store.ListInstances(std::get<Caller>(caller).scope, f);
  if (!page.ok()) return FromStatus(page.status(), req);
  json items = json::array();
  for (const Instance& i : page->items) {
    items.push_back(json{{"id", i.id},
                         {"name", i.name},
                         {"task_id", i.task_id},
                         {"task_type", i.task_type},
                         {"run_status", i.run_status},
                         {"notify_status", i.notify_status},
                         {"start_time", i.start_time},
                         {"end_time", Opt(i.end_time)},
                         {"failure_reason", Opt(i.failure_reason)}});
  }
  return Json(200, json{{"count", page->count}, {"resources", std::move(items)}});
}

HttpResponse GetInstanceResult(ApiContext& ctx, const HttpRequest& req, const PathParams& p) {
  auto caller = Authorize(ctx, req, p.at("project_id"), Role::kViewer);
  if (auto* err = std::get_if<HttpResponse>(&caller)) return *err;
  auto q = ParseQuery(req.query);
  auto paging = ReadPageParams(q);
  if (!paging.error.empty()) return Error(errors::kInvalidQuery, paging.error, req);
  auto id = IdFromText(p.at("instance_id"));
  if (!id) {
    return Error(errors::kInvalidId,
                 "'" + p.at("instance_id") +
                     "' is not an instance ID: an integer from 1 to "
                     "9223372036854775807",
                 req);
  }
  auto page =
      ctx.store.GetResults(std::get<Caller>(caller).scope, *id, paging.limit, paging.offset);
  if (!page.ok()) return FromStatus(page.status(), req);
  // Ordered: each row keeps its labels in the order of DESIGN §3.12 (Name, Side, outputs, ...).
  nlohmann::ordered_json items = nlohmann::ordered_json::array();
  for (const PairResult& r : page->items) {
    nlohmann::ordered_json rows = nlohmann::ordered_json::array();
    for (const ResultRow& row : r.rows) {
      nlohmann::ordered_json o = nlohmann::ordered_json::object();
      for (const auto& [label, value] : row) {
        o[label] = value ? nlohmann::ordered_json(*value) : nlohmann::ordered_json(nullptr);
      }
      rows.push_back(std::move(o));
    }
    nlohmann::ordered_json item;
    item["sub_rule_id"] = r.sub_rule_id;
    item["sub_instance_instance_id"] = r.sub_instance_id;
    item["abnormal_table_status"] = "UNSUPPORTED";
    item["results"] = std::move(rows);
    items.push_back(std::move(item));
  }
  nlohmann::ordered_json out;
  out["count"] = page->count;
  out["resources"] = std::move(items);
  return JsonText(200, out.dump());
}

}  // namespace dqc::api
