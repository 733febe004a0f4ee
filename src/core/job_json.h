// JSON forms of jobs and rules: the wire form of the spec (details response) which is also the form
// the store keeps. Reading here trusts its input (stored data); api/ validates what clients send.
#pragma once

#include <nlohmann/json.hpp>

#include "core/job.h"

namespace dqc {

nlohmann::json RuleToJson(const Rule& rule);
Rule RuleFromJson(const nlohmann::json& j);

// The job's own fields (no sub_rules, no server-kept columns) for storage.
nlohmann::json JobSettingsToJson(const Job& job);
void JobSettingsFromJson(const nlohmann::json& j, Job& job);

// The details object of spec §3.1, sub_rules as an array of [source, target] pairs.
nlohmann::json JobToJson(const Job& job);
// The list item of spec §2.1.
nlohmann::json JobOverviewToJson(const Job& job);

}  // namespace dqc
