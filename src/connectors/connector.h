// A session on one data source (a rule's side). The engine opens one per side of an instance, so
// all of that side's queries see one snapshot (DESIGN §6). Every session is read-only.
#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "core/connection.h"
#include "core/status.h"
#include "core/value.h"

namespace dqc {

// Shared between the engine and a running query: set `cancelled` (or let the deadline pass) and
// the query stops at its next check.
struct QueryControl {
  std::atomic<bool> cancelled{false};
  std::chrono::steady_clock::time_point deadline = std::chrono::steady_clock::time_point::max();
  bool Stop() const { return cancelled.load() || std::chrono::steady_clock::now() > deadline; }
};

class Connector {
 public:
  virtual ~Connector() = default;
  virtual std::string Dialect() const = 0;  // "sqlite"
  // Starts the read snapshot that all later queries of this session share.
  virtual Status BeginSnapshot() = 0;
  // Runs one query and returns its first row (empty when there is none).
  virtual Result<std::vector<Value>> QueryFirstRow(const std::string& sql) = 0;
  // Server version, for the connection test call.
  virtual std::string ServerVersion() = 0;
};

// Opens a session for the connection; `control` must outlive it.
Result<std::unique_ptr<Connector>> OpenConnector(const Connection& connection,
                                                 const QueryControl& control);

}  // namespace dqc
