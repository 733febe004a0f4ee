// Who may call (DESIGN §3.3-§3.4, §5): the workspace header, X-Auth-Token, projects, memberships,
// roles; and POST /v3/auth/tokens (DESIGN §4). Refused calls change nothing.
#include <gtest/gtest.h>

#include <string>
#include <thread>

#include "support/api_test.h"

namespace dqctest {
namespace {

namespace errors = dqc::api::errors;
using nlohmann::json;

class AuthHttp : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    if (HasFatalFailure()) return;
    MakeSources();
    if (HasFatalFailure()) return;
    ids_ = SeedJobs(2);
    ASSERT_EQ(ids_.size(), 2u);
    body_ = "[" + std::to_string(ids_[0]) + "]";
  }

  // A batch delete of ids_[0] with the given credentials is refused with `code`; nothing changes.
  void ExpectDeleteRefused(const std::optional<std::string>& token,
                           const std::optional<std::string>& ws, const dqc::api::ErrorCode& code,
                           const std::vector<std::string>& any = {},
                           const std::string& project = kP1) {
    JobSnapshot before = Snapshot();
    HttpResponse r = server_.Call("POST", BatchDeletePath(project), token, ws, body_);
    EXPECT_TRUE(IsError(r, code, {}, any));
    ExpectUnchanged(before);
  }

  std::vector<std::int64_t> ids_;
  std::string body_;
};

TEST_F(AuthHttp, MissingWorkspaceHeaderIs400) {
  ExpectDeleteRefused(T().alice, std::nullopt, errors::kMissingWorkspace, {"workspace"});
  EXPECT_TRUE(IsError(server_.Call("GET", JobsPath(), T().alice, std::nullopt),
                      errors::kMissingWorkspace, {"workspace"}));
}

TEST_F(AuthHttp, EmptyWorkspaceHeaderIs400) {
  // An empty header value is as good as none (Call drops empty extras, so send it by hand).
  HttpResponse r = Request(
      server_.port(), "POST", BatchDeletePath(),
      {{"X-Auth-Token", T().alice}, {"workspace", " "}, {"Content-Type", "application/json"}},
      body_);
  EXPECT_TRUE(r.status == 400 || r.status == 403) << r.Describe();
}

TEST_F(AuthHttp, UnknownWorkspaceIs403) {
  ExpectDeleteRefused(T().alice, "0123456789abcdef0123456789abcdef", errors::kForbiddenWorkspace);
}

TEST_F(AuthHttp, MalformedWorkspaceIs403) {
  ExpectDeleteRefused(T().alice, "not-a-workspace", errors::kForbiddenWorkspace);
}

TEST_F(AuthHttp, WorkspaceOfAnotherProjectIs403) {
  // WS3 exists, but in P2: under P1 it is unknown.
  ExpectDeleteRefused(T().alice, T().ws3, errors::kForbiddenWorkspace);
}

TEST_F(AuthHttp, MissingTokenIs401) {
  ExpectDeleteRefused(std::nullopt, T().ws1, errors::kMissingToken, {"token"});
  EXPECT_TRUE(
      IsError(server_.Call("GET", JobsPath(), std::nullopt, T().ws1), errors::kMissingToken));
}

TEST_F(AuthHttp, MalformedTokenIs401) {
  ExpectDeleteRefused("not-a-token", T().ws1, errors::kInvalidToken);
}

TEST_F(AuthHttp, UnknownWellFormedTokenIs401) {
  std::string forged = T().alice;
  ASSERT_FALSE(forged.empty());
  forged.back() = forged.back() == 'A' ? 'B' : 'A';
  ExpectDeleteRefused(forged, T().ws1, errors::kInvalidToken);
  std::string longer = T().alice + "0";
  ExpectDeleteRefused(longer, T().ws1, errors::kInvalidToken);
}

TEST_F(AuthHttp, ExpiredTokenIs401) {
  ASSERT_FALSE(T().short_lived.empty());
  // --ttl 1s: wait comfortably past it, whatever rounding the server uses.
  std::this_thread::sleep_until(T().short_lived_issued + std::chrono::milliseconds(2200));
  ExpectDeleteRefused(T().short_lived, T().ws1, errors::kExpiredToken);
  EXPECT_TRUE(
      IsError(server_.Call("GET", JobsPath(), T().short_lived, T().ws1), errors::kExpiredToken));
}

TEST_F(AuthHttp, TokenWithTtlWorksBeforeItExpires) {
  std::string token = server_.IssueToken(kP1, "alice", "15m");
  ASSERT_FALSE(token.empty());
  EXPECT_TRUE(IsJson(server_.Call("GET", JobsPath(), token, T().ws1), 200));
}

TEST_F(AuthHttp, RevokedTokenIs401) {
  ASSERT_FALSE(T().revoked.empty());
  ExpectDeleteRefused(T().revoked, T().ws1, errors::kRevokedToken);
}

TEST_F(AuthHttp, RevokingATokenAfterUseEndsIt) {
  std::string token = server_.IssueToken(kP1, "alice");
  ASSERT_FALSE(token.empty());
  ASSERT_TRUE(IsJson(server_.Call("GET", JobsPath(), token, T().ws1)));
  CommandResult c = server_.RunDqc(
      {"token", "revoke", "--data-dir", server_.data_dir(), "--token-stdin"}, token + "\n");
  ASSERT_EQ(c.exit_code, 0) << c.err;
  EXPECT_TRUE(IsError(server_.Call("GET", JobsPath(), token, T().ws1), errors::kRevokedToken));
}

TEST_F(AuthHttp, TokenOfAnotherProjectIs403) {
  ExpectDeleteRefused(T().carol, T().ws1, errors::kForbiddenProject);
  // Carol's own workspace named, but under P1's path: still the wrong project.
  ExpectDeleteRefused(T().carol, T().ws3, errors::kForbiddenProject);
  // Alice's token under P2's path.
  EXPECT_TRUE(
      IsError(server_.Call("GET", JobsPath(kP2), T().alice, T().ws3), errors::kForbiddenProject));
}

TEST_F(AuthHttp, UserNotAMemberOfTheWorkspaceIs403) {
  ExpectDeleteRefused(T().bob, T().ws1, errors::kForbiddenWorkspace);
  EXPECT_TRUE(
      IsError(server_.Call("GET", JobsPath(), T().bob, T().ws1), errors::kForbiddenWorkspace));
  EXPECT_TRUE(
      IsError(server_.Call("GET", JobsPath() + "/" + std::to_string(ids_[0]), T().bob, T().ws1),
              errors::kForbiddenWorkspace));
}

TEST_F(AuthHttp, ViewerMayReadButNotDelete) {
  ExpectDeleteRefused(T().vera, T().ws1, errors::kForbiddenRole);
  EXPECT_TRUE(IsJson(server_.Call("GET", JobsPath(), T().vera, T().ws1)));
  EXPECT_TRUE(
      IsJson(server_.Call("GET", JobsPath() + "/" + std::to_string(ids_[0]), T().vera, T().ws1)));
}

TEST_F(AuthHttp, ViewerMayNotCreateJobs) {
  JobSnapshot before = Snapshot();
  HttpResponse r =
      server_.PostJob(T().vera, T().ws1, "by-viewer", json::array({DqcServer::RowsPair(conn1_)}));
  EXPECT_TRUE(IsError(r, errors::kForbiddenRole));
  ExpectUnchanged(before);
}

TEST_F(AuthHttp, DeveloperMayDelete) {
  HttpResponse r = server_.Call("POST", BatchDeletePath(), T().dave, T().ws1, body_);
  ASSERT_EQ(r.status, 200) << r.Describe();
  EXPECT_EQ(r.Json(), (json{{"error_code", "DLG.2700"}, {"error_msg", "Successful."}}));
  EXPECT_EQ(server_.JobCount(T().alice, T().ws1), 1);
}

TEST_F(AuthHttp, RevokedMembershipIs403) {
  CommandResult c = server_.RunDqc({"workspace", "revoke", "--data-dir", server_.data_dir(),
                                    "--workspace", T().ws1, "--user", "dave"});
  ASSERT_EQ(c.exit_code, 0) << c.err;
  HttpResponse r = server_.Call("POST", BatchDeletePath(), T().dave, T().ws1, body_);
  EXPECT_TRUE(IsError(r, errors::kForbiddenWorkspace));
  EXPECT_EQ(server_.JobCount(T().alice, T().ws1), 2);
}

// The server keeps recent grants in memory (api/read_cache.h): an operator's change in another
// process must still apply to the very next request.
TEST_F(AuthHttp, GrantChangesAfterUseApplyToTheNextRequest) {
  ASSERT_TRUE(IsJson(server_.Call("GET", JobsPath(), T().dave, T().ws1)));
  CommandResult c = server_.RunDqc({"workspace", "grant", "--data-dir", server_.data_dir(),
                                    "--workspace", T().ws1, "--user", "dave", "--role", "viewer"});
  ASSERT_EQ(c.exit_code, 0) << c.err;
  EXPECT_TRUE(IsJson(server_.Call("GET", JobsPath(), T().dave, T().ws1)));
  EXPECT_TRUE(IsError(server_.Call("POST", BatchDeletePath(), T().dave, T().ws1, body_),
                      errors::kForbiddenRole));
  c = server_.RunDqc({"workspace", "revoke", "--data-dir", server_.data_dir(), "--workspace",
                      T().ws1, "--user", "dave"});
  ASSERT_EQ(c.exit_code, 0) << c.err;
  EXPECT_TRUE(
      IsError(server_.Call("GET", JobsPath(), T().dave, T().ws1), errors::kForbiddenWorkspace));
  EXPECT_EQ(server_.JobCount(T().alice, T().ws1), 2);
}

TEST_F(AuthHttp, DeletedUsersTokensEnd) {
  CommandResult c = server_.RunDqc(
      {"user", "delete", "--data-dir", server_.data_dir(), "--project", kP1, "--name", "dave"});
  ASSERT_EQ(c.exit_code, 0) << c.err;
  HttpResponse r = server_.Call("GET", JobsPath(), T().dave, T().ws1);
  EXPECT_EQ(r.status, 401) << r.Describe();
  std::string code = r.Json().is_object() ? r.Json().value("error_code", "") : "";
  EXPECT_TRUE(code == errors::kInvalidToken.code || code == errors::kRevokedToken.code)
      << r.Describe();
}

// ---- POST /v3/auth/tokens
// ------------------------------------------------------------------------

json LoginBody(const std::string& user, const std::string& password, const std::string& project) {
  return {
      {"auth",
       {{"identity",
         {{"methods", json::array({"password"})},
          {"password",
           {{"user", {{"name", user}, {"password", password}, {"domain", {{"name", project}}}}}}}}},
        {"scope", {{"project", {{"id", project}}}}}}}};
}

TEST_F(AuthHttp, PasswordLoginGivesAWorkingToken) {
  HttpResponse r = server_.Call("POST", "/v3/auth/tokens", std::nullopt, std::nullopt,
                                LoginBody("alice", "pw-alice-123456", kP1).dump());
  ASSERT_EQ(r.status, 201) << r.Describe();
  std::string token = r.Header("X-Subject-Token");
  ASSERT_FALSE(token.empty()) << "no X-Subject-Token header";
  json b = r.Json();
  ASSERT_TRUE(b.is_object()) << r.body;
  EXPECT_NE(r.body.find("expires_at"), std::string::npos)
      << "the body should carry the expiry: " << r.body;
  EXPECT_EQ(r.body.find("pw-alice-123456"), std::string::npos) << "password echoed";
  // The token works as X-Auth-Token, with alice's rights.
  EXPECT_TRUE(IsJson(server_.Call("GET", JobsPath(), token, T().ws1)));
  HttpResponse del = server_.Call("POST", BatchDeletePath(), token, T().ws1, body_);
  EXPECT_EQ(del.status, 200) << del.Describe();
  // And not in another project.
  EXPECT_TRUE(
      IsError(server_.Call("GET", JobsPath(kP2), token, T().ws3), errors::kForbiddenProject));
}

TEST_F(AuthHttp, PasswordLoginWithTheSdkContentType) {
  HttpResponse r = server_.Call("POST", "/v3/auth/tokens", std::nullopt, std::nullopt,
                                LoginBody("vera", "pw-vera-123456", kP1).dump(),
                                {{"Content-Type", "application/json;charset=UTF-8"}});
  ASSERT_EQ(r.status, 201) << r.Describe();
  EXPECT_TRUE(IsJson(server_.Call("GET", JobsPath(), r.Header("X-Subject-Token"), T().ws1)));
}

TEST_F(AuthHttp, PasswordLoginWithAWrongPasswordIs401) {
  HttpResponse r = server_.Call("POST", "/v3/auth/tokens", std::nullopt, std::nullopt,
                                LoginBody("alice", "pw-alice-1234567", kP1).dump());
  EXPECT_TRUE(IsError(r, errors::kLoginFailed));
  EXPECT_TRUE(r.Header("X-Subject-Token").empty());
}

TEST_F(AuthHttp, PasswordLoginOfAnUnknownUserIs401LikeAWrongPassword) {
  HttpResponse unknown = server_.Call("POST", "/v3/auth/tokens", std::nullopt, std::nullopt,
                                      LoginBody("mallory", "pw-alice-123456", kP1).dump());
  EXPECT_TRUE(IsError(unknown, errors::kLoginFailed));
  HttpResponse wrong = server_.Call("POST", "/v3/auth/tokens", std::nullopt, std::nullopt,
                                    LoginBody("alice", "nope", kP1).dump());
  EXPECT_EQ(ErrorMsg(unknown), ErrorMsg(wrong)) << "the answer should not reveal which users exist";
}

TEST_F(AuthHttp, PasswordLoginIntoAnotherProjectIs401) {
  // carol exists only in P2.
  HttpResponse r = server_.Call("POST", "/v3/auth/tokens", std::nullopt, std::nullopt,
                                LoginBody("carol", "pw-carol-123456", kP1).dump());
  EXPECT_TRUE(IsError(r, errors::kLoginFailed));
}

TEST_F(AuthHttp, PasswordLoginWithABodyThatIsNotJsonIs400) {
  HttpResponse r =
      server_.Call("POST", "/v3/auth/tokens", std::nullopt, std::nullopt, "{\"auth\":");
  EXPECT_TRUE(IsError(r, errors::kBodyNotJson));
}

}  // namespace
}  // namespace dqctest
