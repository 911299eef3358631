// FreshObjects.h: which local pointers hold an object their function just allocated (RacerD's
// ownership, within one function). Such an object is each running instance's own until it is
// handed on: accesses through the pointer get the root `alloc:`, which the model keeps apart per
// thread instance, instead of the unknown object that meets everything.
#pragma once

namespace clang {
class Expr;
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
// (`T *p; ... p = create();`, C89 style), its address never taken; and never stored into memory
// or another variable, or captured (`published = p`): then others may load it, and it is an
// object of unknown origin like theirs. Handing it to a call (a thread start, a queue) keeps it.
bool holdsAllocation(const clang::VarDecl *V);

// True when V is assigned after its declaration, incremented, or its address is taken.
bool reassigned(const clang::VarDecl *V);

}  // namespace racecheck::fresh
