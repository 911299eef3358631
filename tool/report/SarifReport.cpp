// SarifReport.cpp: SARIF 2.1.0 in the subset GitHub code scanning reads.
#include "report/Output.h"

#include "checks/Rule.h"

#include "llvm/Support/JSON.h"

namespace racecheck {
namespace {

llvm::json::Object location(const SourcePos &P, const PathStyle &Paths, bool Related,
                            const std::string &Message) {
  llvm::json::Object Physical{
      {"artifactLocation",
       llvm::json::Object{{"uri", Paths.show(P.File)}, {"uriBaseId", "%SRCROOT%"}}},
      {"region", llvm::json::Object{{"startLine", P.Line},
                                    {"startColumn", P.Column},
                                    {"endLine", P.Line},
                                    {"endColumn", P.Column + 1}}}};
  llvm::json::Object L{{"physicalLocation", std::move(Physical)}};
  if (Related)
    L["message"] = llvm::json::Object{{"text", Message}};
  return L;
}

llvm::json::Array rules() {
  llvm::json::Array Rules;
  for (const RuleInfo &C : allRules())
    Rules.push_back(llvm::json::Object{
        {"id", C.Id},
        {"name", C.Name},
        {"shortDescription", llvm::json::Object{{"text", C.Summary}}},
        {"fullDescription", llvm::json::Object{{"text", C.Summary}}},
        {"help", llvm::json::Object{{"text", C.Summary + " See " + C.DocPath + "."}}},
        {"helpUri", "https://github.com/racelab/racelab/blob/main/" + C.DocPath},
        {"defaultConfiguration", llvm::json::Object{{"level", C.Level}}},
        {"properties", llvm::json::Object{{"precision", C.Precision},
                                          {"tags", llvm::json::Array{"concurrency", "race"}}}}});
  return Rules;
}

std::string fingerprint(const Finding &F, const PathStyle &Paths) {
  return llvm::formatv("{0:x}", llvm::hash_value(findingKey(F, Paths))).str();
}

}  // namespace

void printSarif(const RunResult &R, const PathStyle &Paths, const std::string &RootUri,
                llvm::raw_ostream &OS) {
  llvm::json::Array Results;
  for (const Finding &F : R.Findings) {
    llvm::json::Array Related;
    int Id = 1;
    for (const Note &N : F.Notes) {
      llvm::json::Object L = location(N.Pos, Paths, true, N.Message);
      L["id"] = Id++;
      Related.push_back(std::move(L));
    }
    Results.push_back(llvm::json::Object{
        {"ruleId", F.Rule},
        {"level", "warning"},
        {"message", llvm::json::Object{{"text", F.Message}}},
        {"locations", llvm::json::Array{location(F.Pos, Paths, false, "")}},
        {"relatedLocations", std::move(Related)},
        {"partialFingerprints",
         llvm::json::Object{{"racecheckFingerprint/v1", fingerprint(F, Paths)}}}});
  }
  llvm::json::Array Notifications;
  for (const FileError &E : R.Errors)
    Notifications.push_back(llvm::json::Object{
        {"level", "error"},
        {"message", llvm::json::Object{{"text", Paths.show(E.File) + ": " + E.Message}}}});
  llvm::json::Object Run{
      {"tool", llvm::json::Object{{"driver", llvm::json::Object{
                                                 {"name", "racecheck"},
                                                 {"semanticVersion", "0.1.0"},
                                                 {"informationUri", "https://github.com/racelab/racelab"},
                                                 {"rules", rules()}}}}},
      {"originalUriBaseIds",
       llvm::json::Object{{"%SRCROOT%", llvm::json::Object{{"uri", RootUri}}}}},
      {"invocations",
       llvm::json::Array{llvm::json::Object{
           {"executionSuccessful", R.Errors.empty()},
           {"toolExecutionNotifications", std::move(Notifications)}}}},
      {"results", std::move(Results)}};
  OS << llvm::formatv(
            "{0:2}",
            llvm::json::Value(llvm::json::Object{
                {"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
                {"version", "2.1.0"},
                {"runs", llvm::json::Array{std::move(Run)}}}))
     << "\n";
}

}  // namespace racecheck
