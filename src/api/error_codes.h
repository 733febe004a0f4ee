// The catalogue of DQC error codes (documented in docs/errors.md). Codes are stable: a client may
// match on them. Each entry pairs the code with the HTTP status it always travels with.
#pragma once

namespace dqc::api {

struct ErrorCode {
  const char* code;
  int http_status;
};

namespace errors {
// Request shape (400 unless noted).
inline constexpr ErrorCode kBodyNotJson{"DQC.1000", 400};      // body is not valid JSON
inline constexpr ErrorCode kBodyShape{"DQC.1001", 400};        // JSON of the wrong shape
inline constexpr ErrorCode kContentType{"DQC.1002", 400};      // Content-Type is not JSON
inline constexpr ErrorCode kBodyTooLarge{"DQC.1003", 413};     // body over 1 MiB
inline constexpr ErrorCode kInvalidId{"DQC.1010", 400};        // an ID that is not 1..2^63-1
inline constexpr ErrorCode kEmptyBatch{"DQC.1011", 400};       // batch with no IDs
inline constexpr ErrorCode kBatchTooLarge{"DQC.1012", 400};    // batch over its limit
inline constexpr ErrorCode kUnknownIds{"DQC.1013", 400};       // batch names IDs not found here
inline constexpr ErrorCode kInvalidQuery{"DQC.1020", 400};     // bad query parameter
inline constexpr ErrorCode kInvalidField{"DQC.1030", 400};     // bad or missing body field
inline constexpr ErrorCode kDuplicateName{"DQC.1031", 400};    // name already used
inline constexpr ErrorCode kUnknownTemplate{"DQC.1032", 400};  // template does not exist / mismatch
inline constexpr ErrorCode kInvalidAlarm{"DQC.1033", 400};     // alarm expression
inline constexpr ErrorCode kInvalidRange{"DQC.1034", 400};     // calculation_range_sql
inline constexpr ErrorCode kInvalidConnection{"DQC.1035", 400};  // connection unusable for the job
inline constexpr ErrorCode kJobBusy{"DQC.1036", 400};  // job already has a running instance
inline constexpr ErrorCode kInvalidCustomSql{"DQC.1037", 400};   // Customize rule's sql refused
inline constexpr ErrorCode kConnectionConfig{"DQC.1040", 400};   // connection settings refused
inline constexpr ErrorCode kConnectionTest{"DQC.1041", 400};     // test call: cannot connect/read
inline constexpr ErrorCode kCategory{"DQC.1050", 400};           // directory rule broken
inline constexpr ErrorCode kInUse{"DQC.1051", 400};              // still referenced
inline constexpr ErrorCode kLoginFailed{"DQC.1060", 401};        // POST /v3/auth/tokens refused
inline constexpr ErrorCode kSystemTemplate{"DQC.1061", 400};     // system templates are read-only
inline constexpr ErrorCode kTemplateSql{"DQC.1062", 400};        // a user template's sql_info
inline constexpr ErrorCode kTemplateArguments{"DQC.1063", 400};  // a rule's template arguments
// Who is calling.
inline constexpr ErrorCode kMissingWorkspace{"DQC.2000", 400};    // no `workspace` header
inline constexpr ErrorCode kMissingToken{"DQC.2001", 401};        // no X-Auth-Token
inline constexpr ErrorCode kInvalidToken{"DQC.2002", 401};        // unknown or malformed token
inline constexpr ErrorCode kExpiredToken{"DQC.2003", 401};        // token past its expiry
inline constexpr ErrorCode kRevokedToken{"DQC.2004", 401};        // token revoked
inline constexpr ErrorCode kForbiddenProject{"DQC.2010", 403};    // token of another project
inline constexpr ErrorCode kForbiddenWorkspace{"DQC.2011", 403};  // unknown workspace / not member
inline constexpr ErrorCode kForbiddenRole{"DQC.2012", 403};       // role lacks the right
// Routing and resources.
inline constexpr ErrorCode kUnknownPath{"DQC.4040", 404};
inline constexpr ErrorCode kNotFound{"DQC.4041", 404};  // resource ID not found here
inline constexpr ErrorCode kMethodNotAllowed{"DQC.4050", 405};
// dqc itself.
inline constexpr ErrorCode kInternal{"DQC.5000", 500};
}  // namespace errors

}  // namespace dqc::api
