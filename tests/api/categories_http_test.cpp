// /v2/{project_id}/quality/categories (spec §4.1, DESIGN §4): the directory tree, creation up to 7
// levels below "All", deletion of empty directories only, workspaces and roles.
#include <gtest/gtest.h>

#include <string>

#include "support/api_test.h"

namespace dqctest {
namespace {

namespace errors = dqc::api::errors;
using nlohmann::json;

// An ID as the path and `pid` carry it: digits.
std::string IdText(const json& id) {
  return id.is_string() ? id.get<std::string>() : id.dump();
}

class CategoriesHttp : public ApiTest {
 protected:
  json Tree(const std::string& token = "", const std::string& ws = "") const {
    HttpResponse r = server_.Call("GET", CategoriesPath(), token.empty() ? T().alice : token,
                                  ws.empty() ? T().ws1 : ws, "", {{"accept", "application/json"}});
    json b = r.Json();
    if (r.status != 200 || !b.is_array()) {
      ADD_FAILURE() << "GET categories: " << r.Describe();
      return json::array();
    }
    return b;
  }

  HttpResponse Post(const std::string& name, const json& parent_id,
                    const std::string& token = "") const {
    json body = {{"name", name}, {"parent_id", parent_id}};
    return server_.Call("POST", CategoriesPath(), token.empty() ? T().alice : token, T().ws1,
                        body.dump());
  }

  // Creates a directory; its ID (JSON as answered), or null (and a failure).
  json Make(const std::string& name, const json& parent_id) const {
    HttpResponse r = Post(name, parent_id);
    json b = r.Json();
    if (r.status != 200 || !b.is_object() || !b.contains("id")) {
      ADD_FAILURE() << "create category " << name << ": " << r.Describe();
      return nullptr;
    }
    return b["id"];
  }

  // The node with `id` anywhere in `nodes`, or null.
  static json Find(const json& nodes, const std::string& id) {
    if (!nodes.is_array()) return nullptr;
    for (const auto& n : nodes) {
      if (n.contains("id") && IdText(n["id"]) == id) return n;
      json sub = Find(n.value("sub_categories", json::array()), id);
      if (!sub.is_null()) return sub;
    }
    return nullptr;
  }
};

TEST_F(CategoriesHttp, FreshWorkspaceHasOnlyTheRoot) {
  json tree = Tree();
  ASSERT_EQ(tree.size(), 1u) << tree.dump();
  EXPECT_EQ(tree[0], (json{{"id", 0},
                           {"name", "All"},
                           {"type", "built_in"},
                           {"pid", "-1"},
                           {"sub_categories", json::array()}}))
      << tree.dump();
}

TEST_F(CategoriesHttp, AnswersWithoutAnAcceptHeaderToo) {
  EXPECT_TRUE(IsJson(Alice("GET", CategoriesPath())));
}

TEST_F(CategoriesHttp, CreatesNestedDirectories) {
  HttpResponse r = Post("sales", 0);
  ASSERT_TRUE(IsJson(r));
  json sales = r.Json();
  EXPECT_EQ(sales["name"], "sales");
  EXPECT_EQ(sales["type"], "user-defined");
  EXPECT_EQ(sales["pid"], "0");
  ASSERT_TRUE(sales["id"].is_number_integer() || sales["id"].is_string()) << sales.dump();
  json emea = Make("emea", sales["id"]);
  ASSERT_FALSE(emea.is_null());

  json tree = Tree();
  ASSERT_EQ(tree.size(), 1u);
  ASSERT_EQ(tree[0]["sub_categories"].size(), 1u) << tree.dump();
  const json& s = tree[0]["sub_categories"][0];
  EXPECT_EQ(IdText(s["id"]), IdText(sales["id"]));
  EXPECT_EQ(s["name"], "sales");
  EXPECT_EQ(s["type"], "user-defined");
  EXPECT_EQ(s["pid"], "0");
  ASSERT_EQ(s["sub_categories"].size(), 1u) << s.dump();
  EXPECT_EQ(s["sub_categories"][0]["name"], "emea");
  EXPECT_EQ(s["sub_categories"][0]["pid"], IdText(sales["id"]));
}

TEST_F(CategoriesHttp, AllowsSevenLevelsBelowTheRootAndNoMore) {
  json parent = 0;
  for (int level = 1; level <= 7; ++level) {
    json id = Make("level-" + std::to_string(level), parent);
    ASSERT_FALSE(id.is_null()) << "level " << level;
    parent = id;
  }
  json before = Tree();
  HttpResponse r = Post("level-8", parent);
  EXPECT_TRUE(IsError(r, errors::kCategory, {}, {"7", "level", "depth"}));
  EXPECT_EQ(Tree(), before);
}

TEST_F(CategoriesHttp, RefusesAMissingName) {
  json before = Tree();
  HttpResponse r = Alice("POST", CategoriesPath(), json{{"parent_id", 0}}.dump());
  EXPECT_TRUE(IsError(r, errors::kInvalidField, {"name"}));
  EXPECT_EQ(Tree(), before);
}

TEST_F(CategoriesHttp, RefusesAnUnknownParent) {
  json before = Tree();
  HttpResponse r = Post("orphan", json(1283480044387540993LL));
  EXPECT_TRUE(IsError(r, errors::kCategory, {}, {"1283480044387540993", "parent"}));
  EXPECT_EQ(Tree(), before);
}

TEST_F(CategoriesHttp, RefusesADirectoryOfAnotherWorkspaceAsParent) {
  HttpResponse theirs = server_.Call("POST", CategoriesPath(), T().bob, T().ws2,
                                     json{{"name", "bobs"}, {"parent_id", 0}}.dump());
  ASSERT_TRUE(IsJson(theirs));
  json before = Tree();
  EXPECT_TRUE(IsError(Post("mine", theirs.Json()["id"]), errors::kCategory));
  EXPECT_EQ(Tree(), before);
}

TEST_F(CategoriesHttp, DeletesAnEmptyDirectory) {
  json id = Make("temp", 0);
  ASSERT_FALSE(id.is_null());
  HttpResponse r = Alice("DELETE", CategoriesPath() + "/" + IdText(id));
  EXPECT_TRUE(r.status == 200 || r.status == 204) << r.Describe();
  EXPECT_TRUE(Find(Tree(), IdText(id)).is_null());
}

TEST_F(CategoriesHttp, RefusesToDeleteADirectoryWithSubdirectories) {
  json parent = Make("parent", 0);
  ASSERT_FALSE(Make("child", parent).is_null());
  json before = Tree();
  EXPECT_TRUE(IsError(Alice("DELETE", CategoriesPath() + "/" + IdText(parent)), errors::kInUse));
  EXPECT_EQ(Tree(), before);
}

TEST_F(CategoriesHttp, RefusesToDeleteADirectoryWithJobs) {
  MakeSources();
  json dir = Make("with-job", 0);
  ASSERT_FALSE(dir.is_null());
  ASSERT_NE(server_.CreateJob(T().alice, T().ws1, "filed",
                              json::array({DqcServer::RowsPair(conn1_)}), {{"category_id", dir}}),
            0);
  json before = Tree();
  EXPECT_TRUE(IsError(Alice("DELETE", CategoriesPath() + "/" + IdText(dir)), errors::kInUse));
  EXPECT_EQ(Tree(), before);
}

TEST_F(CategoriesHttp, RefusesToDeleteTheRoot) {
  json before = Tree();
  EXPECT_TRUE(IsError(Alice("DELETE", CategoriesPath() + "/0"), errors::kCategory));
  EXPECT_EQ(Tree(), before);
}

TEST_F(CategoriesHttp, DeletingAnUnknownDirectoryIs404) {
  EXPECT_TRUE(IsError(Alice("DELETE", CategoriesPath() + "/1283480044387540993"), errors::kNotFound,
                      {"1283480044387540993"}));
}

TEST_F(CategoriesHttp, OnlyAdminsManageDirectories) {
  json before = Tree();
  EXPECT_TRUE(IsError(Post("by-dev", 0, T().dave), errors::kForbiddenRole));
  EXPECT_TRUE(IsError(Post("by-viewer", 0, T().vera), errors::kForbiddenRole));
  json id = Make("admins", 0);
  ASSERT_FALSE(id.is_null());
  EXPECT_TRUE(
      IsError(server_.Call("DELETE", CategoriesPath() + "/" + IdText(id), T().dave, T().ws1),
              errors::kForbiddenRole));
  EXPECT_FALSE(Find(Tree(), IdText(id)).is_null());
  // Everyone in the workspace may read the tree.
  EXPECT_EQ(Tree(T().vera, T().ws1), Tree());
}

TEST_F(CategoriesHttp, WorkspacesHaveTheirOwnTrees) {
  ASSERT_FALSE(Make("ws1-only", 0).is_null());
  json theirs = Tree(T().bob, T().ws2);
  ASSERT_EQ(theirs.size(), 1u);
  EXPECT_TRUE(theirs[0]["sub_categories"].empty()) << theirs.dump();
}

TEST_F(CategoriesHttp, JobListFilterIncludesSubdirectories) {
  MakeSources();
  json top = Make("top", 0);
  json sub = Make("sub", top);
  json other = Make("other", 0);
  ASSERT_FALSE(top.is_null() || sub.is_null() || other.is_null());
  json pairs = json::array({DqcServer::RowsPair(conn1_)});
  ASSERT_NE(server_.CreateJob(T().alice, T().ws1, "in-top", pairs, {{"category_id", top}}), 0);
  ASSERT_NE(server_.CreateJob(T().alice, T().ws1, "in-sub", pairs, {{"category_id", sub}}), 0);
  ASSERT_NE(server_.CreateJob(T().alice, T().ws1, "in-other", pairs, {{"category_id", other}}), 0);
  ASSERT_NE(server_.CreateJob(T().alice, T().ws1, "in-root", pairs), 0);
  auto count = [&](const std::string& cat) {
    HttpResponse r = Alice("GET", JobsPath() + "?category_id=" + cat);
    json b = r.Json();
    return r.status == 200 && b.is_object() ? b.value("count", std::int64_t{-1}) : std::int64_t{-1};
  };
  EXPECT_EQ(count(IdText(top)), 2);
  EXPECT_EQ(count(IdText(sub)), 1);
  EXPECT_EQ(count(IdText(other)), 1);
  EXPECT_EQ(count("0"), 4) << "the root holds everything";
}

}  // namespace
}  // namespace dqctest
