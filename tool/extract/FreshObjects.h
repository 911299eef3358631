// FreshObjects.h: which local pointers hold an object their function just allocated (RacerD's
// ownership, within one function). Such an object is each running instance's own until it is
// handed on: accesses through the pointer get the root `alloc:`, which the model keeps apart per
// thread instance, instead of the unknown object that meets everything.
#pragma once

#include <functional>

namespace clang {
class Expr;
class FunctionDecl;
class VarDecl;
}  // namespace clang

namespace racecheck::fresh {

// An expression whose value is fresh memory: `new T`, malloc/calloc/aligned_alloc, or a
// project's own allocator defined where racecheck sees it (a function returning a pointer, some
// `return` of which returns such a value, up to three wrappers deep: `ZSTD_createCCtx` returning
// `ZSTD_createCCtx_advanced(...)`, which returns a local it filled in from `ZSTD_customMalloc`).
bool allocates(const clang::Expr *E);

// A local pointer whose value comes from an allocation: initialised by one (`T *p = malloc(..)`),
// or declared without a value (or with a null one) and assigned exactly once, from an allocation
// (`T *p; ... p = create();`, C89 style), its address never taken. It stays fresh after it is
// stored (`list->head = p`): the usual order is fill in, then publish, and racecheck does not
// follow the order (a write after publishing is missed, tool/README's known limits).
bool holdsAllocation(const clang::VarDecl *V);

// True when V is assigned after its declaration, incremented, or its address is taken.
bool reassigned(const clang::VarDecl *V);

// F (defined here) is a project's allocator: it returns a pointer, and some `return` returns
// fresh memory as allocates() sees it. Its summary tells other units.
bool isAllocator(const clang::FunctionDecl *F);

// While one exists on this thread, callees without a body in the unit (an allocator in another
// unit: `ZSTD_customMalloc` in zstd_common.c) are allocators when Ask says so (racecheck's
// second round, from the other unit's summary). One unit's extraction at a time per thread.
class ExternalAllocators {
public:
  explicit ExternalAllocators(std::function<bool(const clang::FunctionDecl *)> Ask);
  ~ExternalAllocators();
  ExternalAllocators(const ExternalAllocators &) = delete;
  ExternalAllocators &operator=(const ExternalAllocators &) = delete;

private:
  std::function<bool(const clang::FunctionDecl *)> Ask;
  const ExternalAllocators *Outer;
  friend bool askExternal(const clang::FunctionDecl *F);
};

}  // namespace racecheck::fresh
