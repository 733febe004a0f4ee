// The fixture of the "exact values across engines" tests: one dqc server with connections to the
// real PostgreSQL and MariaDB servers (a private schema / database per test) and to a SQLite file,
// rule pairs whose two sides name any of them, and readers for the values the results show.
#pragma once

#include <string>

#include "support/server_db_test.h"

namespace dqctest {

class CrossEngineTest : public ServerDbTest {
 protected:
  // Where one side of a rule reads: a connection, a table (and column), an optional filter.
  struct Side {
    std::string connection;
    std::string table;  // "schema.table" on the servers, "table" on SQLite (database main)
    std::string column;
    bool sqlite = false;
    std::string filter;
    Side Where(const std::string& f) const {
      Side s = *this;
      s.filter = f;
      return s;
    }
  };

  void SetUp() override {
    ServerDbTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    pg_ = MakeConnection("pg", "POSTGRESQL", ConfigFor(dbs_.pg));
    my_ = MakeConnection("my", "MYSQL", ConfigFor(dbs_.my));
    ASSERT_FALSE(pg_.empty());
    ASSERT_FALSE(my_.empty());
  }

  // Fixture SQL with every %s replaced by this test's schema (PostgreSQL) / database (MariaDB).
  std::string Fill(const std::string& sql) const {
    std::string out = sql;
    for (size_t at; (at = out.find("%s")) != std::string::npos;) out.replace(at, 2, space_);
    return out;
  }
  void LoadPg(const std::string& sql) { ASSERT_EQ(RunPgAdmin(dbs_.pg, Fill(sql)), "") << sql; }
  void LoadMy(const std::string& sql) { ASSERT_EQ(RunMyAdmin(dbs_.my, Fill(sql)), "") << sql; }
  // A SQLite file with `sql` and the connection lite_ to it.
  void LoadLite(const std::string& sql) {
    ASSERT_TRUE(DqcServer::CreateSqliteFile(server_.FilePath("lite.db"), sql));
    lite_ = server_.CreateConnection(T().alice, T().ws1, "lite", server_.FilePath("lite.db"));
    ASSERT_FALSE(lite_.empty());
  }
  // A connection to the same server as `db` whose naive timestamps are in `zone`.
  std::string ZonedConnection(const std::string& type, const DbAccount& db,
                              const std::string& zone) {
    json config = ConfigFor(db);
    config["timezone"] = zone;
    return MakeConnection(type + "-" + zone, type, config);
  }

  Side Pg(const std::string& table, const std::string& column = "") const {
    return Side{pg_, space_ + "." + table, column, false, ""};
  }
  Side My(const std::string& table, const std::string& column = "") const {
    return Side{my_, space_ + "." + table, column, false, ""};
  }
  Side Lite(const std::string& table, const std::string& column = "") const {
    return Side{lite_, table, column, true, ""};
  }

  // A rule pair [source, target] of template `template_id`; `args` is template_arguments.
  json Pair(int template_id, const Side& source, const Side& target, const std::string& args = "",
            const std::string& alarm = "") {
    const std::string name = "r" + std::to_string(++rules_) + "_t" + std::to_string(template_id);
    json pair = json::array();
    for (const Side* side : {&source, &target}) {
      json r = DqcServer::Rule(name, template_id, side->connection, side->table, side->column,
                               side == &source ? alarm : "");
      if (!side->sqlite) r.erase("databases");
      if (!side->filter.empty()) r["calculation_range_sql"] = side->filter;
      if (!args.empty()) r["template_arguments"] = args;
      pair.push_back(r);
    }
    return pair;
  }

  // Runs the pairs as one job; the instance's results (and its overview in `instance`).
  // A server that stops answering (a crash) fails the test with the server's log.
  json Run(const json& pairs, json* instance) {
    try {
      *instance = RunToEnd(pairs);
      return Results(*instance);
    } catch (const std::exception& e) {
      ADD_FAILURE() << e.what() << "\nserver log:\n" << server_.Log();
      *instance = json::object();
      return json::object();
    }
  }

  // The value a result row shows under `label` (side 0 source, 1 target); "null" for JSON null.
  static std::string Shown(const json& results, size_t pair, int side, const std::string& label) {
    const json& rows = results["resources"][pair]["results"];
    if (!rows.is_array() || rows.size() < 2) return "<no rows>";
    const json& v = rows[static_cast<size_t>(side)].value(label, json("<missing>"));
    return v.is_null() ? "null" : (v.is_string() ? v.get<std::string>() : v.dump());
  }
  static std::string Alarm(const json& results, size_t pair) {
    return Shown(results, pair, 0, "Alarm");
  }

  std::string pg_, my_, lite_;
  int rules_ = 0;
};

}  // namespace dqctest
