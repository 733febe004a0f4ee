// The endpoint handlers, one file per area. Each takes the request and the path parameters and
// returns the response; none touches HTTP machinery.
#pragma once

#include "api/router.h"

namespace dqc::api {

// consistency-tasks (jobs.cpp, batch_delete.cpp)
HttpResponse ListJobs(ApiContext&, const HttpRequest&, const PathParams&);
HttpResponse GetJob(ApiContext&, const HttpRequest&, const PathParams&);
HttpResponse CreateJob(ApiContext&, const HttpRequest&, const PathParams&);
HttpResponse UpdateJob(ApiContext&, const HttpRequest&, const PathParams&);
HttpResponse RunJob(ApiContext&, const HttpRequest&, const PathParams&);
HttpResponse BatchDeleteJobs(ApiContext&, const HttpRequest&, const PathParams&);
// instances (instances.cpp)
HttpResponse ListInstances(ApiContext&, const HttpRequest&, const PathParams&);
HttpResponse GetInstanceResult(ApiContext&, const HttpRequest&, const PathParams&);
// categories (categories.cpp)
HttpResponse ListCategories(ApiContext&, const HttpRequest&, const PathParams&);
HttpResponse CreateCategory(ApiContext&, const HttpRequest&, const PathParams&);
HttpResponse DeleteCategory(ApiContext&, const HttpRequest&, const PathParams&);
// rule templates (rule_templates.cpp)
HttpResponse ListRuleTemplates(ApiContext&, const HttpRequest&, const PathParams&);
HttpResponse GetRuleTemplate(ApiContext&, const HttpRequest&, const PathParams&);
HttpResponse CreateRuleTemplate(ApiContext&, const HttpRequest&, const PathParams&);
HttpResponse UpdateRuleTemplate(ApiContext&, const HttpRequest&, const PathParams&);
HttpResponse BatchDeleteRuleTemplates(ApiContext&, const HttpRequest&, const PathParams&);
// data connections (connections.cpp)
HttpResponse CreateConnection(ApiContext&, const HttpRequest&, const PathParams&);
HttpResponse ListConnections(ApiContext&, const HttpRequest&, const PathParams&);
HttpResponse GetConnection(ApiContext&, const HttpRequest&, const PathParams&);
HttpResponse UpdateConnection(ApiContext&, const HttpRequest&, const PathParams&);
HttpResponse DeleteConnection(ApiContext&, const HttpRequest&, const PathParams&);
HttpResponse TestConnection(ApiContext&, const HttpRequest&, const PathParams&);

}  // namespace dqc::api
