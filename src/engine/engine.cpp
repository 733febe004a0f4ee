#include "engine/engine.h"

#include <spdlog/spdlog.h>

#include "core/connection_password.h"
#include "engine/pair_result.h"

namespace dqc {
namespace {

// The password is opened here, for this session only (DESIGN §5).
Result<std::unique_ptr<Connector>> OpenSession(Connection connection, const SecretBox* secrets,
                                               const QueryControl& control) {
  if (Status s = RevealPassword(connection, secrets); !s.ok()) return s;
  return OpenConnector(connection, control);
}

}  // namespace

Engine::Engine(Store& store, IdGenerator& ids, int workers, const SecretBox* secrets)
    : store_(store), ids_(ids), secrets_(secrets) {
  for (int i = 0; i < workers; ++i) workers_.emplace_back([this] { WorkerLoop(); });
}

Engine::~Engine() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
    for (auto& [id, control] : controls_) control->cancelled = true;
  }
  wake_.notify_all();
  for (auto& t : workers_) t.join();
}

void Engine::Submit(const Scope& scope, Job job, int64_t instance_id) {
  auto control = std::make_shared<QueryControl>();
  control->deadline = std::chrono::steady_clock::now() + std::chrono::minutes(job.timeout_minutes);
  {
    std::lock_guard<std::mutex> lock(mu_);
    controls_[instance_id] = control;
    queue_.push_back(Task{scope, std::move(job), instance_id, control});
  }
  wake_.notify_one();
}

void Engine::Cancel(const std::vector<int64_t>& instance_ids) {
  std::lock_guard<std::mutex> lock(mu_);
  for (int64_t id : instance_ids) {
    auto it = controls_.find(id);
    if (it != controls_.end()) it->second->cancelled = true;
  }
}

void Engine::Drain() {
  std::unique_lock<std::mutex> lock(mu_);
  idle_.wait(lock, [this] { return queue_.empty() && busy_ == 0; });
}

void Engine::WorkerLoop() {
  for (;;) {
    Task task;
    {
      std::unique_lock<std::mutex> lock(mu_);
      wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (stopping_) return;  // queued instances stay RUNNING; the next start fails them
      task = std::move(queue_.front());
      queue_.pop_front();
      ++busy_;
    }
    Run(task);
    {
      std::lock_guard<std::mutex> lock(mu_);
      controls_.erase(task.instance_id);
      --busy_;
    }
    idle_.notify_all();
  }
}

void Engine::Run(Task& task) {
  // One session per side and connection: each side's queries share one snapshot.
  std::map<std::pair<int, std::string>, std::unique_ptr<Connector>> sessions;
  SessionFor session = [&](int side, const Rule& rule) -> Result<Connector*> {
    auto key = std::make_pair(side, rule.connection);
    auto it = sessions.find(key);
    if (it != sessions.end()) return it->second.get();
    auto conn = store_.GetConnection(task.scope, rule.connection);
    if (!conn.ok()) return Status::NotFound("data connection " + rule.connection + " not found");
    auto opened = OpenSession(std::move(*conn), secrets_, *task.control);
    if (!opened.ok()) return opened.status();
    Status s = (*opened)->BeginSnapshot();
    if (!s.ok()) return s;
    Connector* raw = opened->get();
    sessions[key] = std::move(*opened);
    return raw;
  };

  // The user templates the rules use, read once when the instance starts (one that is gone by
  // now fails its pair with a message naming it).
  UserTemplates user_templates;
  for (const RulePair& pair : task.job.pairs) {
    for (const Rule* rule : {&pair.source, &pair.target}) {
      if (!rule->template_id || !IsUserTemplateId(*rule->template_id)) continue;
      if (user_templates.count(*rule->template_id)) continue;
      auto t = store_.GetRuleTemplate(task.scope, *rule->template_id);
      if (t.ok()) user_templates.emplace(*rule->template_id, std::move(*t));
    }
  }

  std::vector<PairResult> results;
  std::optional<std::string> failure;
  bool alarm = false;
  for (size_t i = 0; i < task.job.pairs.size(); ++i) {
    if (task.control->Stop()) {
      failure = task.control->cancelled ? "cancelled" : "timed out";
      break;
    }
    PairOutcome outcome = ComputePair(task.job, i, session, ids_.Next(), &user_templates);
    results.push_back(std::move(outcome.result));
    if (outcome.verdict == PairOutcome::Verdict::kAlarm) alarm = true;
    if (outcome.verdict == PairOutcome::Verdict::kError && !failure) {
      failure = "rule pair " + std::to_string(i + 1) + " ('" +
                task.job.pairs[i].source.sub_rule_name + "'): " + outcome.error;
    }
  }
  sessions.clear();
  const std::string status = failure ? "FAILED" : (alarm ? "ALARMING" : "SUCCESS");
  Status s = store_.FinishInstance(task.instance_id, status, failure, results);
  if (!s.ok()) {
    spdlog::error("instance {}: cannot record its end: {}", task.instance_id, s.message());
  } else {
    spdlog::info("instance {} of job {} ended {}", task.instance_id, task.job.id, status);
  }
}

Result<std::string> Engine::TestConnection(Connection connection) const {
  QueryControl control;
  auto session = OpenSession(std::move(connection), secrets_, control);
  if (!session.ok()) return session.status();
  return (*session)->ServerVersion();
}

}  // namespace dqc
