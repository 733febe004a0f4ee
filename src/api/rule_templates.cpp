// rule-templates (spec §4.2): list, details, create, update and batch delete. System templates
// (engine/check_templates.h) show in every workspace and are read-only; user templates belong to
// the workspace of the `workspace` header and are kept by the store.
#include <algorithm>
#include <cctype>
#include <set>
#include <tuple>

#include "api/auth.h"
#include "api/body.h"
#include "api/handlers.h"
#include "api/responses.h"
#include "core/custom_sql.h"
#include "core/id_generator.h"
#include "core/rule_template.h"
#include "core/template_sql.h"
#include "engine/check_templates.h"

namespace dqc::api {
namespace {

using nlohmann::json;

constexpr size_t kMaxBatch = 1000;

json SystemToJson(const TemplateInfo& t) {
  return json{{"id", t.id},
              {"name", t.name},
              {"category_id", 0},
              {"dimension", t.dimension},
              {"type", t.type},
              {"system_template", true},
              {"sql_info", t.sql_info},
              {"abnormal_table_template", ""},
              {"result_description", ResultDescription(t.outputs)},
              {"description", t.description},
              {"create_time", kSystemTemplateCreateTime},
              {"creator", kSystemCreator}};
}

json UserToJson(const RuleTemplate& t) {
  return json{{"id", t.id},
              {"name", t.name},
              {"category_id", t.category_id},
              {"dimension", t.dimension},
              {"type", t.type},
              {"system_template", false},
              {"sql_info", t.sql_info},
              {"abnormal_table_template", t.abnormal_table_template},
              {"result_description", t.result_description},
              {"description", t.description},
              {"create_time", t.create_time},
              {"creator", t.creator}};
}

// The system templates a list shows, newest first as every list is ordered (they share one
// create_time, so by ID descending).
std::vector<const TemplateInfo*> RunnableSystemTemplates() {
  std::vector<const TemplateInfo*> out;
  for (const TemplateInfo* t : SystemTemplates()) {
    if (t->implemented) out.push_back(t);
  }
  std::reverse(out.begin(), out.end());
  return out;
}

const TemplateInfo* FindRunnableSystem(int64_t id) {
  const TemplateInfo* t = FindSystemTemplate(id);
  return t && t->implemented ? t : nullptr;
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

HttpResponse NoTemplate(const std::string& id, const HttpRequest& req) {
  return Error(errors::kNotFound, "no rule template with ID " + id + " in this workspace", req);
}

HttpResponse BadId(const std::string& id, const HttpRequest& req) {
  return Error(errors::kInvalidId,
               "'" + id + "' is not a template ID: an integer from 1 to 9223372036854775807", req);
}

HttpResponse ReadOnly(int64_t id, const HttpRequest& req, const char* what) {
  return Error(errors::kSystemTemplate,
               "template " + std::to_string(id) + " is a system template and cannot be " + what,
               req);
}

struct Problem {
  ErrorCode code;
  std::string message;
};

// An optional string field of at most `max_len` bytes.
std::optional<Problem> Str(const json& j, const char* key, std::string& into, size_t max_len) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return std::nullopt;
  if (!it->is_string())
    return Problem{errors::kInvalidField, "'" + std::string(key) + "' must be a string"};
  into = it->get<std::string>();
  if (into.size() > max_len) {
    return Problem{errors::kInvalidField, "'" + std::string(key) + "' is longer than " +
                                              std::to_string(max_len) + " characters"};
  }
  return std::nullopt;
}

// The template's SQL: known placeholders, ${Schema_Table1} among them, and with stand-ins for
// them one read-only SELECT (the check custom SQL rules get).
std::optional<Problem> CheckTemplateSql(const std::string& sql, PlaceholderUse& use) {
  auto scanned = ScanPlaceholders(sql);
  if (!scanned.ok())
    return Problem{errors::kTemplateSql, "'sql_info': " + scanned.status().message()};
  use = *scanned;
  if (use.tables == 0) {
    return Problem{errors::kTemplateSql,
                   "'sql_info' must read a table through ${Schema_Table1} (the rule's table)"};
  }
  PlaceholderValues stand_ins;
  for (int i = 1; i <= kMaxTemplateTables; ++i)
    stand_ins.tables.push_back("\"t" + std::to_string(i) + "\"");
  for (int i = 1; i <= kMaxTemplateColumns; ++i)
    stand_ins.columns.push_back("\"c" + std::to_string(i) + "\"");
  for (int i = 1; i <= kMaxTemplateInputs; ++i) stand_ins.inputs.push_back("'s'");
  auto sub = SubstitutePlaceholders(sql, stand_ins);
  if (!sub.ok()) return Problem{errors::kTemplateSql, "'sql_info': " + sub.status().message()};
  auto statement = CheckCustomSql(*sub);
  if (!statement.ok()) {
    std::string msg = statement.status().message();
    if (msg.rfind("'sql'", 0) == 0) msg = "'sql_info'" + msg.substr(5);
    return Problem{errors::kTemplateSql, msg};
  }
  return std::nullopt;
}

// A TemplateRO body (spec §4.2) into `t`: name, directory_id, dimension_id, description,
// sql_info, result_description, abnormal_table_template. The version fields (publish,
// version_num, status, user_define_version_name, origin_name) are accepted and not kept: dqc
// keeps one version of a template.
std::optional<Problem> ReadTemplateBody(ApiContext& ctx, const Scope& scope, const json& body,
                                        RuleTemplate& t) {
  if (!body.is_object()) return Problem{errors::kBodyShape, "the body must be a JSON object"};
  auto name = body.find("name");
  if (name == body.end() || !name->is_string() || name->get<std::string>().empty() ||
      name->get<std::string>().size() > 256) {
    return Problem{errors::kInvalidField, "'name' is required: a string of 1 to 256 characters"};
  }
  t.name = name->get<std::string>();
  for (const TemplateInfo* s : SystemTemplates()) {
    if (s->name == t.name) {
      return Problem{errors::kDuplicateName,
                     "'" + t.name + "' is the name of system template " + std::to_string(s->id)};
    }
  }
  t.category_id = 0;
  for (const char* key : {"directory_id", "category_id"}) {
    auto it = body.find(key);
    if (it == body.end() || it->is_null()) continue;
    bool root = (it->is_number_integer() && it->get<int64_t>() == 0) ||
                (it->is_string() && it->get<std::string>() == "0");
    auto id = IdFromJson(*it);
    if (!id && !root) {
      return Problem{errors::kInvalidField,
                     "'" + std::string(key) + "' must be a directory ID (0 is the root)"};
    }
    t.category_id = id.value_or(0);
    if (t.category_id != 0) {
      auto cats = ctx.store.ListCategories(scope);
      if (!cats.ok()) return Problem{errors::kInternal, cats.status().message()};
      if (std::none_of(cats->begin(), cats->end(),
                       [&](const Category& c) { return c.id == t.category_id; })) {
        return Problem{errors::kInvalidField, "'" + std::string(key) + "': no directory " +
                                                  std::to_string(t.category_id) + " here"};
      }
    }
    break;
  }
  t.dimension = "Accuracy";  // what custom SQL rules report when no dimension is given
  if (auto it = body.find("dimension_id"); it != body.end() && !it->is_null()) {
    std::optional<std::string> dim;
    if (it->is_number_integer()) dim = DimensionName(it->get<int64_t>());
    if (!dim) {
      return Problem{errors::kInvalidField,
                     "'dimension_id' must be 1 (Completeness), 2 (Uniqueness), 3 (Timeliness), 4 "
                     "(Validity), 5 (Accuracy) or 6 (Consistency)"};
    }
    t.dimension = *dim;
  }
  if (auto p = Str(body, "description", t.description, 1024)) return p;
  if (auto p = Str(body, "result_description", t.result_description, 1024)) return p;
  if (auto p = Str(body, "abnormal_table_template", t.abnormal_table_template, 16384)) return p;
  if (auto labels = OutputLabels(t.result_description); !labels.ok()) {
    return Problem{errors::kInvalidField, labels.status().message()};
  }
  t.sql_info.clear();
  if (auto p = Str(body, "sql_info", t.sql_info, 16384)) return p;
  if (t.sql_info.empty()) {
    return Problem{errors::kTemplateSql, "'sql_info' is required: one SELECT with placeholders"};
  }
  PlaceholderUse use;
  if (auto p = CheckTemplateSql(t.sql_info, use)) return p;
  t.type = TemplateTypeOf(use);
  return std::nullopt;
}

// The path ID: a system template, a user template of this scope, or an answer (400/404).
struct Found {
  const TemplateInfo* system = nullptr;
  std::optional<RuleTemplate> user;
};
std::variant<Found, HttpResponse> FindByPath(ApiContext& ctx, const Scope& scope,
                                             const std::string& text, const HttpRequest& req) {
  auto id = IdFromText(text);
  if (!id) return BadId(text, req);
  Found f;
  if (!IsUserTemplateId(*id)) {
    f.system = FindRunnableSystem(*id);
    if (!f.system) return NoTemplate(text, req);
    return f;
  }
  auto t = ctx.store.GetRuleTemplate(scope, *id);
  if (!t.ok()) {
    if (t.status().code() == Status::Code::kNotFound) return NoTemplate(text, req);
    return FromStatus(t.status(), req);
  }
  f.user = std::move(*t);
  return f;
}

}  // namespace

HttpResponse ListRuleTemplates(ApiContext& ctx, const HttpRequest& req, const PathParams& p) {
  auto caller = Authorize(ctx, req, p.at("project_id"), Role::kViewer);
  if (auto* err = std::get_if<HttpResponse>(&caller)) return *err;
  auto q = ParseQuery(req.query);
  RuleTemplateFilter f;
  auto paging = ReadPageParams(q);
  if (!paging.error.empty()) return Error(errors::kInvalidQuery, paging.error, req);
  f.limit = paging.limit;
  f.offset = paging.offset;
  auto category = ReadIntParam(q, "category_id", 0, INT64_MAX);
  if (!category.error.empty()) return Error(errors::kInvalidQuery, category.error, req);
  f.category_id = category.value;
  if (auto it = q.find("name"); it != q.end() && !it->second.empty()) f.name = it->second;
  if (auto it = q.find("creator"); it != q.end() && !it->second.empty()) f.creator = it->second;
  bool want_system = true, want_user = true;
  if (auto it = q.find("system_template"); it != q.end()) {
    if (it->second != "true" && it->second != "false") {
      return Error(
          errors::kInvalidQuery,
          "query parameter 'system_template' must be true or false (got '" + it->second + "')",
          req);
    }
    want_user = it->second == "false";
    want_system = it->second == "true";
  }

  // System templates sit in the root directory, were made by "System", and are older than any
  // user template, so they follow the user templates in the list's order.
  std::vector<const TemplateInfo*> system;
  if (want_system && (!f.category_id || *f.category_id == 0) &&
      (!f.creator || *f.creator == kSystemCreator)) {
    for (const TemplateInfo* t : RunnableSystemTemplates()) {
      if (f.name && Lower(t->name).find(Lower(*f.name)) == std::string::npos) continue;
      system.push_back(t);
    }
  }
  json items = json::array();
  int64_t user_count = 0;
  if (want_user) {
    auto page = ctx.store.ListRuleTemplates(std::get<Caller>(caller).scope, f);
    if (!page.ok()) return FromStatus(page.status(), req);
    user_count = page->count;
    for (const RuleTemplate& t : page->items) items.push_back(UserToJson(t));
  }
  const int64_t skip = std::max<int64_t>(0, f.offset - user_count);
  for (int64_t i = skip;
       i < static_cast<int64_t>(system.size()) && static_cast<int64_t>(items.size()) < f.limit;
       ++i) {
    items.push_back(SystemToJson(*system[static_cast<size_t>(i)]));
  }
  return Json(200, json{{"count", user_count + static_cast<int64_t>(system.size())},
                        {"resources", std::move(items)}});
}

HttpResponse GetRuleTemplate(ApiContext& ctx, const HttpRequest& req, const PathParams& p) {
  auto caller = Authorize(ctx, req, p.at("project_id"), Role::kViewer);
  if (auto* err = std::get_if<HttpResponse>(&caller)) return *err;
  auto found = FindByPath(ctx, std::get<Caller>(caller).scope, p.at("id"), req);
  if (auto* err = std::get_if<HttpResponse>(&found)) return *err;
  const Found& f = std::get<Found>(found);
  return Json(200, f.system ? SystemToJson(*f.system) : UserToJson(*f.user));
}

HttpResponse CreateRuleTemplate(ApiContext& ctx, const HttpRequest& req, const PathParams& p) {
  auto caller = Authorize(ctx, req, p.at("project_id"), Role::kDeveloper);
  if (auto* err = std::get_if<HttpResponse>(&caller)) return *err;
  const Caller& who = std::get<Caller>(caller);
  auto body = ParseJsonBody(req);
  if (auto* err = std::get_if<HttpResponse>(&body)) return *err;
  RuleTemplate t;
  if (auto problem = ReadTemplateBody(ctx, who.scope, std::get<json>(body), t)) {
    return Error(problem->code, problem->message, req);
  }
  t.project_id = who.scope.project_id;
  t.workspace_id = who.scope.workspace_id;
  t.creator = who.user;
  t.create_time = NowMillis();
  auto id = ctx.store.CreateRuleTemplate(t);
  if (!id.ok()) {
    return FromStatus(id.status(), req, errors::kInvalidField, errors::kNotFound,
                      errors::kDuplicateName);
  }
  t.id = *id;
  return Json(200, UserToJson(t));
}

HttpResponse UpdateRuleTemplate(ApiContext& ctx, const HttpRequest& req, const PathParams& p) {
  auto caller = Authorize(ctx, req, p.at("project_id"), Role::kDeveloper);
  if (auto* err = std::get_if<HttpResponse>(&caller)) return *err;
  const Caller& who = std::get<Caller>(caller);
  auto found = FindByPath(ctx, who.scope, p.at("id"), req);
  if (auto* err = std::get_if<HttpResponse>(&found)) return *err;
  Found& f = std::get<Found>(found);
  if (f.system) return ReadOnly(f.system->id, req, "changed");
  auto body = ParseJsonBody(req);
  if (auto* err = std::get_if<HttpResponse>(&body)) return *err;
  const json& j = std::get<json>(body);
  // TemplateRO may repeat the ID (the spec's example does); another one is a mistake.
  if (j.is_object()) {
    if (auto it = j.find("id"); it != j.end() && !it->is_null()) {
      auto id = IdFromJson(*it);
      if (!id || *id != f.user->id) {
        return Error(errors::kInvalidField,
                     "'id' is " + it->dump() + " but the path names template " + p.at("id"), req);
      }
    }
  }
  // A full replace: what the body leaves out takes its default, not the old value.
  RuleTemplate t;
  t.id = f.user->id;
  t.project_id = f.user->project_id;
  t.workspace_id = f.user->workspace_id;
  t.creator = f.user->creator;
  t.create_time = f.user->create_time;
  if (auto problem = ReadTemplateBody(ctx, who.scope, j, t)) {
    return Error(problem->code, problem->message, req);
  }
  Status s = ctx.store.UpdateRuleTemplate(who.scope, t);
  if (!s.ok()) {
    return FromStatus(s, req, errors::kInvalidField, errors::kNotFound, errors::kDuplicateName);
  }
  return Json(200, UserToJson(t));
}

HttpResponse BatchDeleteRuleTemplates(ApiContext& ctx, const HttpRequest& req,
                                      const PathParams& p) {
  auto caller = Authorize(ctx, req, p.at("project_id"), Role::kDeveloper);
  if (auto* err = std::get_if<HttpResponse>(&caller)) return *err;
  const Scope& scope = std::get<Caller>(caller).scope;
  auto body = ParseJsonBody(req);
  if (auto* err = std::get_if<HttpResponse>(&body)) return *err;
  const json& j = std::get<json>(body);
  const char* shape = "the body must be a JSON object {\"ids\": [template IDs]}";
  if (!j.is_object()) return Error(errors::kBodyShape, shape, req);
  auto ids_it = j.find("ids");
  if (ids_it == j.end() || !ids_it->is_array()) return Error(errors::kBodyShape, shape, req);
  const json& list = *ids_it;
  const BatchIdsNaming naming{"'ids'", [](size_t i) { return "ids[" + std::to_string(i) + "]"; },
                              "template"};
  auto read = ReadBatchIds(list, kMaxBatch, naming, req);
  if (auto* err = std::get_if<HttpResponse>(&read)) return *err;
  std::vector<int64_t> ids;
  std::string system;
  for (int64_t id : std::get<std::vector<int64_t>>(read)) {
    if (FindRunnableSystem(id)) {
      system += (system.empty() ? "" : ", ") + std::to_string(id);
      continue;
    }
    ids.push_back(id);
  }
  if (!system.empty()) {
    return Error(errors::kSystemTemplate,
                 "system templates cannot be deleted: " + system + "; nothing was deleted", req);
  }
  auto outcome = ctx.store.DeleteRuleTemplates(scope, ids);
  if (!outcome.ok()) return FromStatus(outcome.status(), req);
  if (!outcome->missing.empty()) {
    std::string names;
    for (int64_t id : outcome->missing) names += (names.empty() ? "" : ", ") + std::to_string(id);
    return Error(errors::kUnknownIds,
                 "no rule template with ID " + names + " in this workspace; nothing was deleted",
                 req);
  }
  if (!outcome->in_use.empty()) {
    std::string uses;
    for (auto [tmpl, job] : outcome->in_use) {
      uses += (uses.empty() ? "" : "; ") + std::string("template ") + std::to_string(tmpl) +
              " is used by comparison job " + std::to_string(job);
    }
    return Error(errors::kInUse, uses + "; nothing was deleted", req);
  }
  return BatchSuccess();
}

}  // namespace dqc::api
