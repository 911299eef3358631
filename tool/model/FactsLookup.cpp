// FactsLookup.cpp: see FactsLookup.h.
#include "model/FactsLookup.h"

namespace racecheck {

bool samePos(const SourcePos &A, const SourcePos &B) {
  return A.File == B.File && A.Line == B.Line && A.Column == B.Column;
}

const Access *accessAt(const FunctionFacts &F, const SourcePos &P, AccessKind K) {
  for (const Access &A : F.Accesses)
    if (A.Kind == K && samePos(A.Pos, P))
      return &A;
  return nullptr;
}

}  // namespace racecheck
