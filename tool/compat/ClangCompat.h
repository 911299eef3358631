// ClangCompat.h: the only place that knows LLVM/Clang 14 and 19 differ.
//
// Everything else in tool/ is written as if there were a single LLVM. When the oldest supported
// release moves past a guard, the static_assert below says which shim can go.
#pragma once

#include "clang/AST/DeclCXX.h"
#include "clang/Basic/FileManager.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/ThreadPool.h"

#include <string>
#include <type_traits>

namespace racecheck::compat {

inline constexpr int kOldestLlvm = 14;
static_assert(LLVM_VERSION_MAJOR >= kOldestLlvm, "racecheck supports LLVM 14 to 19");

// StringRef::startswith (14) was renamed starts_with (19), with no spelling common to both.
inline bool startsWith(llvm::StringRef S, llvm::StringRef Prefix) {
  return S.substr(0, Prefix.size()) == Prefix;
}
inline bool endsWith(llvm::StringRef S, llvm::StringRef Suffix) {
  return S.size() >= Suffix.size() && S.substr(S.size() - Suffix.size()) == Suffix;
}

// Since 16 a lambda capture may be any ValueDecl (structured bindings), not just a VarDecl.
#if LLVM_VERSION_MAJOR >= 16
using CapturedDecl = clang::ValueDecl;
#else
using CapturedDecl = clang::VarDecl;
#endif
using CaptureFieldMap = llvm::DenseMap<const CapturedDecl *, clang::FieldDecl *>;

// llvm::ThreadPool became an interface with DefaultThreadPool as the implementation in 19.
#if LLVM_VERSION_MAJOR >= 18
using ThreadPool = llvm::DefaultThreadPool;
#else
using ThreadPool = llvm::ThreadPool;
#endif

// SourceManager's files read are keyed by `const FileEntry *` in 14 and by FileEntryRef in 19.
// The absolute path of one such key (its real path when the file was opened, else its name made
// absolute against the file manager's working directory).
template <class Key> std::string readFilePath(const Key &K, clang::FileManager &Files) {
  llvm::SmallString<256> P;
  if constexpr (std::is_pointer_v<Key>)
    P = K->tryGetRealPathName().empty() ? K->getName() : K->tryGetRealPathName();
  else
    P = K.getFileEntry().tryGetRealPathName().empty() ? K.getName()
                                                      : K.getFileEntry().tryGetRealPathName();
  Files.makeAbsolutePath(P);
  llvm::sys::path::remove_dots(P, true);
  return std::string(P.str());
}

// llvm::sys::ExecuteAndWait's optional arguments are llvm::Optional before 16, std::optional
// since. Runs Program with stdin, stdout and stderr redirected to these files ("" for stdin:
// empty input); returns the exit code, or -1 (ErrMsg set) when it could not run.
inline int executeAndWait(llvm::StringRef Program, llvm::ArrayRef<llvm::StringRef> Args,
                          llvm::StringRef In, llvm::StringRef Out, llvm::StringRef Err,
                          std::string *ErrMsg) {
#if LLVM_VERSION_MAJOR >= 16
  std::optional<llvm::StringRef> Redirects[] = {In, Out, Err};
  return llvm::sys::ExecuteAndWait(Program, Args, std::nullopt, Redirects, 0, 0, ErrMsg);
#else
  llvm::Optional<llvm::StringRef> Redirects[] = {In, Out, Err};
  return llvm::sys::ExecuteAndWait(Program, Args, llvm::None, Redirects, 0, 0, ErrMsg);
#endif
}

// Clang before 15 lacks __builtin_source_location, so libstdc++ 12's <source_location> is
// empty and code using std::source_location does not parse. racecheck only needs the code to
// parse, so it pre-includes a stand-in built on the older __builtin_LINE() family.
#if LLVM_VERSION_MAJOR < 15
inline constexpr const char *kPreludeHeader = R"(
#if defined(__cplusplus) && __cplusplus > 201703L && !defined(_GLIBCXX_SRCLOC) && \
    !__has_builtin(__builtin_source_location)
#define _GLIBCXX_SRCLOC 1
namespace std {
struct source_location {
  static constexpr source_location current(unsigned L = __builtin_LINE(),
                                           unsigned C = __builtin_COLUMN(),
                                           const char *F = __builtin_FILE(),
                                           const char *Fn = __builtin_FUNCTION()) noexcept {
    source_location S;
    S.L = L; S.C = C; S.F = F; S.Fn = Fn;
    return S;
  }
  constexpr source_location() noexcept = default;
  constexpr unsigned line() const noexcept { return L; }
  constexpr unsigned column() const noexcept { return C; }
  constexpr const char *file_name() const noexcept { return F; }
  constexpr const char *function_name() const noexcept { return Fn; }
private:
  unsigned L = 0, C = 0;
  const char *F = "", *Fn = "";
};
}
#endif
)";
#else
inline constexpr const char *kPreludeHeader = "";
#endif

}  // namespace racecheck::compat
