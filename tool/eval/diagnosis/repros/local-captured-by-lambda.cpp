// Stands for cpp-httplib 0.11.4 write_content / write_content_chunked (httplib.h ~3500-3650:
// locals `ok`, `offset`, `data_available` captured by reference in the DataSink lambdas, which
// the content provider calls synchronously on the same thread; 27 L findings) and the
// fd_set/timeval locals of select_read/select_write (3). Also libzstd COVER_buildDictionary's
// stack-local `activeDmers` map passed to COVER_map_* (13 L). Every call has its own stack frame,
// so a local (or a local captured by reference by a lambda that does not escape the call) is
// never shared, however many threads run the function.
#include <functional>
#include <thread>
#include <vector>

static bool write_content(const std::function<void(const std::function<void(int)> &)> &provider) {
  bool ok = true;
  int offset = 0;
  std::function<void(int)> sink = [&](int n) {
    offset += n; // NORACE: offset is a local of this call
    ok = n >= 0; // NORACE
  };
  provider(sink); // calls sink synchronously, on this thread
  return ok && offset > 0;
}

static void handle_connection() {
  write_content([](const std::function<void(int)> &sink) { sink(1); sink(2); });
}

int main() {
  std::vector<std::thread> pool;
  for (int i = 0; i < 4; ++i) pool.emplace_back(handle_connection);
  for (auto &t : pool) t.join();
}
