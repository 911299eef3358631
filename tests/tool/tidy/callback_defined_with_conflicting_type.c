// Does not compile, on purpose: register_cb is called before any declaration (in C89 an implicit
// `int register_cb()`) and then defined with a conflicting type. Clang keeps the definition
// as a separate declaration, so extraction takes on_event as a callback handed to code it cannot
// see; the definition carries the same key, so dropCallbacksIntoKnownCode drops that start.
// racecheck refuses the unit (a compiler error); the clang-tidy plugin still runs its rules and
// must not report a race the command line's own step removes (tests/tool/CMakeLists.txt).
int counter;
void on_event(void) { counter++; }
void worker(void) { register_cb(on_event); }
void register_cb(void (*cb)(void)) { cb(); }
int main(void) {
  worker();
  counter = 1;
  return 0;
}
