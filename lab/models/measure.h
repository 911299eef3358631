// FILE: lab/models/measure.h
//
// Runs one model in a child process of its own and measures it from outside: wall time and
// latencies from the child, peak RSS from the kernel (wait4's ru_maxrss), peak thread count by
// sampling /proc/<pid>/status every millisecond. A model that crashes or is refused threads
// costs its run, not the sweep.
#pragma once

#include "models.h"
#include "result.h"

namespace lab {

struct Measured {
  RunResult result;
  int exit_code = 0;  // the child's; 66 when ThreadSanitizer reported
};

Measured measure(const Model& model, const Workload& w, unsigned short backend_port, int timeout_s);

}  // namespace lab
