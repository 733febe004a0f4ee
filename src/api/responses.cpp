#include "api/responses.h"

#include <spdlog/spdlog.h>

namespace dqc::api {

HttpResponse Json(int status, const nlohmann::json& body) {
  return JsonText(status, body.dump());
}

HttpResponse JsonText(int status, std::string body) {
  HttpResponse r;
  r.status = status;
  r.headers.emplace_back("Content-Type", "application/json;charset=UTF-8");
  r.body = std::move(body);
  return r;
}

HttpResponse Error(const ErrorCode& code, const std::string& message, const HttpRequest& req) {
  nlohmann::ordered_json body;
  body["error_code"] = code.code;
  body["error_msg"] = message;
  body["request_id"] = req.request_id;
  // Messages may quote client input; dump with replacement keeps invalid UTF-8 from throwing.
  return JsonText(code.http_status,
                  body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

HttpResponse FromStatus(const Status& status, const HttpRequest& req, const ErrorCode& invalid,
                        const ErrorCode& not_found, const ErrorCode& conflict) {
  switch (status.code()) {
    case Status::Code::kInvalidArgument:
    case Status::Code::kUnavailable:
      return Error(invalid, status.message(), req);
    case Status::Code::kNotFound:
      return Error(not_found, status.message() + " not found", req);
    case Status::Code::kConflict:
      return Error(conflict, status.message(), req);
    default:
      spdlog::error("request {}: {}", req.request_id, status.message());
      return Error(errors::kInternal, "internal error (request " + req.request_id + ")", req);
  }
}

HttpResponse BatchSuccess() {
  return JsonText(200, R"({"error_code":"DLG.2700","error_msg":"Successful."})");
}

}  // namespace dqc::api
