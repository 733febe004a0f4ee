// Building responses: JSON bodies and the error body of DESIGN §3.3.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "api/error_codes.h"
#include "api/http.h"
#include "core/status.h"

namespace dqc::api {

HttpResponse Json(int status, const nlohmann::json& body);
HttpResponse JsonText(int status, std::string body);
// {"error_code": code, "error_msg": message, "request_id": id}
HttpResponse Error(const ErrorCode& code, const std::string& message, const HttpRequest& req);
// A Status from a lower layer, with the code to use for NotFound/Conflict/Invalid given by the
// caller (it knows what the resource is); Internal is always DQC.5000 (and logged).
HttpResponse FromStatus(const Status& status, const HttpRequest& req,
                        const ErrorCode& invalid = errors::kInvalidField,
                        const ErrorCode& not_found = errors::kNotFound,
                        const ErrorCode& conflict = errors::kInvalidField);

// The documented success body of the batch endpoints.
HttpResponse BatchSuccess();

}  // namespace dqc::api
