// TextReport.cpp: Clang-style text diagnostics.
#include "report/Output.h"

namespace racecheck {
namespace {

void printSnippet(const SourcePos &P, SourceLines &Lines, llvm::raw_ostream &OS) {
  const std::string &Text = Lines.line(P.File, P.Line);
  if (Text.empty())
    return;
  OS << Text << "\n";
  std::string Caret;
  for (unsigned I = 1; I < P.Column && I <= Text.size(); ++I)
    Caret += Text[I - 1] == '\t' ? '\t' : ' ';
  OS << Caret << "^\n";
}

void printOne(const SourcePos &P, const char *Severity, const std::string &Message,
              const std::string &Suffix, const PathStyle &Paths, SourceLines &Lines,
              llvm::raw_ostream &OS) {
  OS << Paths.show(P.File) << ":" << P.Line << ":" << P.Column << ": " << Severity << ": "
     << Message << Suffix << "\n";
  printSnippet(P, Lines, OS);
}

}  // namespace

void printText(const RunResult &R, const PathStyle &Paths, SourceLines &Lines,
               llvm::raw_ostream &OS) {
  for (const FileError &E : R.Errors)
    OS << Paths.show(E.File) << ": error: " << E.Message << "\n";
  for (const Finding &F : R.Findings) {
    printOne(F.Pos, "warning", F.Message, " [" + F.Rule + "]", Paths, Lines, OS);
    for (const Note &N : F.Notes)
      printOne(N.Pos, "note", N.Message, "", Paths, Lines, OS);
  }
}

}  // namespace racecheck
