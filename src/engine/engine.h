// Runs instances of comparison jobs on worker threads, never on the HTTP threads.
// An instance ends SUCCESS (no pair alarms), ALARMING (some pair alarms) or FAILED (a side could
// not be computed, an alarm expression could not be decided, the timeout passed, or it was
// cancelled), with per-pair results in the shape of DESIGN §3.12.
#pragma once

#include <condition_variable>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "connectors/connector.h"
#include "core/id_generator.h"
#include "core/job.h"
#include "core/secret_box.h"
#include "store/store.h"

namespace dqc {

class Engine {
 public:
  // `ids` gives sub-instance IDs (unique across the server, like every other ID); `secrets`
  // opens the connections' stored passwords (none: connections without passwords only).
  Engine(Store& store, IdGenerator& ids, int workers, const SecretBox* secrets = nullptr);
  ~Engine();  // cancels what runs, waits for the workers

  // Queues the instance (already RUNNING in the store) of `job`.
  void Submit(const Scope& scope, Job job, int64_t instance_id);
  // Stops these instances if they run here (the store already marked them ended).
  void Cancel(const std::vector<int64_t>& instance_ids);
  // Waits until nothing is queued or running (tests, demo).
  void Drain();

  // Opens a session on `connection` as a run would (its password opened, read-only settings) and
  // answers the server's version, or why it cannot; bounded by the connection's connect timeout.
  Result<std::string> TestConnection(Connection connection) const;

 private:
  struct Task {
    Scope scope;
    Job job;
    int64_t instance_id;
    std::shared_ptr<QueryControl> control;
  };
  void WorkerLoop();
  void Run(Task& task);

  Store& store_;
  IdGenerator& ids_;
  const SecretBox* secrets_;
  std::mutex mu_;
  std::condition_variable wake_;
  std::condition_variable idle_;
  std::deque<Task> queue_;
  std::map<int64_t, std::shared_ptr<QueryControl>> controls_;  // queued or running
  int busy_ = 0;
  bool stopping_ = false;
  std::vector<std::thread> workers_;
};

}  // namespace dqc
