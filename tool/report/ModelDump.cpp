// ModelDump.cpp: see ModelDump.h.
#include "report/ModelDump.h"

#include "checks/ContextText.h"

namespace racecheck {

void printModel(const ConcurrencyModel &Model, llvm::raw_ostream &OS) {
  for (const auto &[Var, All] : Model.accessesByVariable()) {
    OS << Var << "\n";
    for (const AccessInstance &A : All)
      OS << "  " << kindWord(A.Site->Kind) << " " << shortPos(A.Site->Pos) << " in '"
         << A.Function->Name << "' object " << (A.Path.empty() ? "<unknown>" : A.Path)
         << "; context " << A.Context << ": " << describeContext(Model, A.Context) << "; "
         << describeLocks(A.Locks) << "\n";
  }
}

}  // namespace racecheck
