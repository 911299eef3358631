// PointerSources.h: where a pointer variable or a call's result points, beyond a single
// initialiser.
//
// AstPatterns names the object behind `*p` and `p->x` (object paths, model/Facts.h). Two shapes
// need more than the pointer's declaration:
// - a local pointer given its value after the declaration (`s = get_s(); d = &s->datum;`):
//   every assignment is looked at, and when all of them point to one place, that is where the
//   pointer points;
// - a pointer returned by an accessor racecheck cannot see (`getS()->field`, declared in the
//   user's headers, defined in no analysed file, called with no arguments): what it returns is
//   reachable from global state, so the object is named after the function ("ret:" paths).
//   The model forgets the name when some unit defines the function after all
//   (ConcurrencyModel::place).
#pragma once

#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"

#include <string>
#include <vector>

namespace racecheck {

// Every value local pointer V is given: its initialiser and the right-hand side of each plain
// `=` to it. False when it also changes otherwise (`++p`, `p += n`, its address taken, a
// reference bound to it): then it may point anywhere.
bool assignedValues(const clang::VarDecl *V, std::vector<const clang::Expr *> &Values);

// The function when E (casts aside) calls, with no arguments, a function returning a pointer
// that has no body in this unit, is neither a builtin nor declared in a system header, and is
// not a method; else null.
const clang::FunctionDecl *externalAccessor(const clang::Expr *E);

// "ret:{<function key>}": the object an external accessor returns, as an object path root.
std::string returnedObjectRoot(const clang::FunctionDecl *F);

// Guards the mutual recursion of object paths through pointer variables (`p = q; q = p;`):
// true while fewer than a few pointer hops are being followed.
class PointerHop {
public:
  PointerHop();
  ~PointerHop();
  PointerHop(const PointerHop &) = delete;
  PointerHop &operator=(const PointerHop &) = delete;
  bool allowed() const;
};

}  // namespace racecheck
