// FunctionFactsBuilder.h: turns one function body into FunctionFacts.
//
// It walks Clang's control-flow graph twice: first to a fixed point of the lock state (which
// mutexes are held, which threads this function started and has not joined, the last co_await),
// then once more to write down every shared access, call and thread start with that state.
#pragma once

#include "extract/AstPatterns.h"
#include "model/Facts.h"

#include "clang/AST/ASTContext.h"

#include <optional>

namespace racecheck {

class FunctionFactsBuilder {
public:
  FunctionFactsBuilder(const AstPatterns &Patterns, clang::ASTContext &Context)
      : Patterns(Patterns), Context(Context) {}

  // Facts for F's body, or nullopt when there is no body to analyse.
  std::optional<FunctionFacts> build(const clang::FunctionDecl *F);

private:
  const AstPatterns &Patterns;
  clang::ASTContext &Context;
};

}  // namespace racecheck
