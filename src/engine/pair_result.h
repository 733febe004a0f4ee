// Computes one rule pair of an instance: both sides' metrics, the alarm verdict, the result rows.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "connectors/connector.h"
#include "core/instance.h"
#include "core/job.h"
#include "core/rule_template.h"
#include "core/status.h"

namespace dqc {

struct PairOutcome {
  PairResult result;
  enum class Verdict { kOk, kAlarm, kError } verdict = Verdict::kOk;
  std::string error;  // why, when kError
};

// `session(side, rule)` gives the open session for that side's connection.
using SessionFor = std::function<Result<Connector*>(int side, const Rule& rule)>;

// `user_templates` holds the user templates the job's rules use (nullptr: none).
PairOutcome ComputePair(const Job& job, size_t pair_index, const SessionFor& session,
                        int64_t sub_instance_id, const UserTemplates* user_templates = nullptr);

}  // namespace dqc
