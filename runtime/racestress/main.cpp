// racestress: runs the example catalogue (and any stress test linked in) under the harness.
#include <iostream>
#include <string>
#include <vector>

#include "racestress_app.h"

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  return racestress::racestress_main(args, std::cout, std::cerr);
}
