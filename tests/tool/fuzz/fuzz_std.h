// fuzz_std.h: the standard headers the C++ fixtures include, precompiled once for racecheck_fuzz
// (CMakeLists.txt), so that an input costs its own parse and not libstdc++'s.
#include <atomic>
#include <condition_variable>
#include <coroutine>
#include <deque>
#include <functional>
#include <future>
#include <map>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <thread>
#include <vector>
