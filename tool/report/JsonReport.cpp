// JsonReport.cpp: the JSON object the stress harness and scripts read.
#include "report/Output.h"

#include "llvm/Support/JSON.h"

namespace racecheck {

std::string PathStyle::show(const std::string &Absolute) const {
  if (!Root.empty() && Absolute.size() > Root.size() && Absolute.compare(0, Root.size(), Root) == 0 &&
      Absolute[Root.size()] == '/')
    return Absolute.substr(Root.size() + 1);
  return Absolute;
}

std::string findingKey(const Finding &F, const PathStyle &Paths) {
  return F.Rule + "|" + Paths.show(F.Pos.File) + "|" + F.Function + "|" + F.Symbol;
}

void printJson(const RunResult &R, const PathStyle &Paths, llvm::raw_ostream &OS) {
  llvm::json::Array Findings;
  for (const Finding &F : R.Findings) {
    llvm::json::Array Notes;
    for (const Note &N : F.Notes)
      Notes.push_back(llvm::json::Object{{"file", Paths.show(N.Pos.File)},
                                         {"line", N.Pos.Line},
                                         {"column", N.Pos.Column},
                                         {"message", N.Message}});
    Findings.push_back(llvm::json::Object{{"rule", F.Rule},
                                          {"file", Paths.show(F.Pos.File)},
                                          {"line", F.Pos.Line},
                                          {"column", F.Pos.Column},
                                          {"message", F.Message},
                                          {"notes", std::move(Notes)}});
  }
  llvm::json::Array Errors;
  for (const FileError &E : R.Errors)
    Errors.push_back(llvm::json::Object{{"file", Paths.show(E.File)}, {"message", E.Message}});
  OS << llvm::formatv("{0:2}", llvm::json::Value(llvm::json::Object{
                                   {"findings", std::move(Findings)},
                                   {"errors", std::move(Errors)}}))
     << "\n";
}

}  // namespace racecheck
