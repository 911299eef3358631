// The names racelab::name_lock gave to locks (racelab/lock_name.h), for deadlock verdicts.
#pragma once

#include <string>

namespace racelab::detail {

// The lock's name, or "" if nobody named it.
std::string lock_name(const void* lock);

}  // namespace racelab::detail
