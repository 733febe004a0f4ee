// The route table: every endpoint of DESIGN §3-4 in one place.
#include "api/auth.h"
#include "api/handlers.h"
#include "api/responses.h"

namespace dqc::api {

Router BuildApiRouter() {
  Router r;
  r.Add("GET", "/health", [](ApiContext&, const HttpRequest&, const PathParams&) {
    return JsonText(200, R"({"status":"ok"})");
  });
  r.Add("POST", "/v3/auth/tokens",
        [](ApiContext& ctx, const HttpRequest& req, const PathParams&) { return Login(ctx, req); });

  const std::string jobs = "/v2/{project_id}/quality/consistency-tasks";
  r.Add("GET", jobs, ListJobs);
  r.Add("POST", jobs, CreateJob);
  r.Add("POST", jobs + "/batch-delete", BatchDeleteJobs);
  r.Add("GET", jobs + "/{id}", GetJob);
  r.Add("PUT", jobs + "/{id}", UpdateJob);
  r.Add("POST", jobs + "/{id}/run", RunJob);

  r.Add("GET", "/v2/{project_id}/quality/instances", ListInstances);
  r.Add("GET", "/v2/{project_id}/quality/instances/{instance_id}/result", GetInstanceResult);

  r.Add("GET", "/v2/{project_id}/quality/categories", ListCategories);
  r.Add("POST", "/v2/{project_id}/quality/categories", CreateCategory);
  r.Add("DELETE", "/v2/{project_id}/quality/categories/{id}", DeleteCategory);

  const std::string templates = "/v2/{project_id}/quality/rule-templates";
  r.Add("GET", templates, ListRuleTemplates);
  r.Add("POST", templates, CreateRuleTemplate);
  r.Add("POST", templates + "/batch-delete", BatchDeleteRuleTemplates);
  r.Add("GET", templates + "/{id}", GetRuleTemplate);
  r.Add("PUT", templates + "/{id}", UpdateRuleTemplate);

  const std::string conns = "/v1/{project_id}/data-connections";
  r.Add("POST", conns, CreateConnection);
  r.Add("GET", conns, ListConnections);
  r.Add("GET", conns + "/{id}", GetConnection);
  r.Add("PUT", conns + "/{id}", UpdateConnection);
  r.Add("DELETE", conns + "/{id}", DeleteConnection);
  r.Add("POST", conns + "/{id}/test", TestConnection);
  return r;
}

}  // namespace dqc::api
