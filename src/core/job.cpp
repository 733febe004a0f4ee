#include "core/job.h"

namespace dqc {

std::string EffectiveAlarmCondition(const Job& job, const RulePair& pair) {
  if (!pair.source.alarm_condition.empty()) return pair.source.alarm_condition;
  if (job.alarm_condition && !job.alarm_condition->empty()) return *job.alarm_condition;
  return kDefaultAlarmCondition;
}

}  // namespace dqc
