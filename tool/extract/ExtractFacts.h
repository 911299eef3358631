// ExtractFacts.h: facts for every function of an already parsed translation unit.
//
// TranslationUnitRunner parses files itself; the clang-tidy plugin gets the AST from
// clang-tidy and calls this directly.
#pragma once

#include "model/Config.h"
#include "model/Facts.h"

#include "clang/AST/ASTContext.h"

#include <vector>

namespace racecheck {

std::vector<FunctionFacts> extractFacts(clang::ASTContext &Context, const Config &Cfg);
// The same, and the unit's GUARDED_BY fields.
std::vector<FunctionFacts> extractFacts(clang::ASTContext &Context, const Config &Cfg,
                                        std::vector<GuardedField> &Guarded);
// Everything a unit yields: facts, GUARDED_BY fields, the summaries of its functions for other
// units, and the functions it calls without a body. External: other units' summaries, or null.
void extractUnitFacts(clang::ASTContext &Context, const Config &Cfg, TranslationUnitFacts &Unit,
                      const SummaryTable *External);

}  // namespace racecheck
