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

}  // namespace racecheck
