// Directories: GET /categories (spec §4.1, a bare array holding the root "All"), and dqc's
// POST /categories and DELETE /categories/{id} (DESIGN §4).
#include <tuple>

#include "api/auth.h"
#include "api/body.h"
#include "api/handlers.h"
#include "api/responses.h"

namespace dqc::api {
namespace {

using nlohmann::json;

json Tree(int64_t id, const std::string& name, const std::string& type, const std::string& pid,
          const std::vector<Category>& all) {
  json subs = json::array();
  for (const Category& c : all) {
    if (c.parent_id == id && c.id != id) {
      subs.push_back(Tree(c.id, c.name, "user-defined", std::to_string(id), all));
    }
  }
  return json{{"id", id}, {"name", name}, {"type", type}, {"pid", pid}, {"sub_categories", subs}};
}

}  // namespace

HttpResponse ListCategories(ApiContext& ctx, const HttpRequest& req, const PathParams& p) {
  auto caller = Authorize(ctx, req, p.at("project_id"), Role::kViewer);
  if (auto* err = std::get_if<HttpResponse>(&caller)) return *err;
  auto q = ParseQuery(req.query);
  for (auto [name, min, max] : {std::tuple{"limit", int64_t{1}, int64_t{100}},
                                std::tuple{"offset", int64_t{0}, INT64_MAX}}) {
    auto v = ReadIntParam(q, name, min, max);
    if (!v.error.empty()) return Error(errors::kInvalidQuery, v.error, req);
  }
  auto all = ctx.store.ListCategories(std::get<Caller>(caller).scope);
  if (!all.ok()) return FromStatus(all.status(), req);
  return Json(200, json::array({Tree(0, "All", "built_in", "-1", *all)}));
}

HttpResponse CreateCategory(ApiContext& ctx, const HttpRequest& req, const PathParams& p) {
  auto caller = Authorize(ctx, req, p.at("project_id"), Role::kAdmin);
  if (auto* err = std::get_if<HttpResponse>(&caller)) return *err;
  auto body = ParseJsonBody(req);
  if (auto* err = std::get_if<HttpResponse>(&body)) return *err;
  const json& j = std::get<json>(body);
  if (!j.is_object()) return Error(errors::kBodyShape, "the body must be a JSON object", req);
  auto name = j.find("name");
  if (name == j.end() || !name->is_string() || name->get<std::string>().empty() ||
      name->get<std::string>().size() > 64) {
    return Error(errors::kInvalidField, "'name' is required: a string of 1 to 64 characters", req);
  }
  Category c;
  c.name = name->get<std::string>();
  if (auto parent = j.find("parent_id"); parent != j.end() && !parent->is_null()) {
    auto id = IdFromJson(*parent);
    bool root = (parent->is_number_integer() && parent->get<int64_t>() == 0) ||
                (parent->is_string() && parent->get<std::string>() == "0");
    if (!id && !root) {
      return Error(errors::kInvalidField, "'parent_id' must be a directory ID (0 is All)", req);
    }
    c.parent_id = id.value_or(0);
  }
  c.id = ctx.ids.Next();
  Status s = ctx.store.CreateCategory(std::get<Caller>(caller).scope, c);
  if (!s.ok()) {
    if (s.code() == Status::Code::kNotFound) {
      return Error(errors::kCategory, "no directory " + std::to_string(c.parent_id) + " here", req);
    }
    return FromStatus(s, req, errors::kCategory, errors::kNotFound, errors::kDuplicateName);
  }
  return Json(200, json{{"id", c.id},
                        {"name", c.name},
                        {"type", "user-defined"},
                        {"pid", std::to_string(c.parent_id)},
                        {"sub_categories", json::array()}});
}

HttpResponse DeleteCategory(ApiContext& ctx, const HttpRequest& req, const PathParams& p) {
  auto caller = Authorize(ctx, req, p.at("project_id"), Role::kAdmin);
  if (auto* err = std::get_if<HttpResponse>(&caller)) return *err;
  if (p.at("id") == "0")
    return Error(errors::kCategory, "the root directory All cannot be deleted", req);
  auto id = IdFromText(p.at("id"));
  if (!id) return Error(errors::kInvalidId, "'" + p.at("id") + "' is not a directory ID", req);
  Status s = ctx.store.DeleteCategory(std::get<Caller>(caller).scope, *id);
  if (!s.ok()) return FromStatus(s, req, errors::kCategory, errors::kNotFound, errors::kInUse);
  return BatchSuccess();
}

}  // namespace dqc::api
