// Where a connection's password lives (DESIGN §4, §5): sealed with the server's SecretBox inside
// the stored config (key "password_sealed"), so the store never holds it in clear. It is opened
// only into Connection::password, right before a connector opens, and never answered or logged.
#pragma once

#include <string>

#include "core/connection.h"
#include "core/secret_box.h"
#include "core/status.h"

namespace dqc {

inline constexpr const char* kSealedPasswordKey = "password_sealed";

// Fills `c.password` from its sealed password; leaves it empty when the config holds none.
Status RevealPassword(Connection& c, const SecretBox* box);

}  // namespace dqc
