#!/usr/bin/env bash
# ctest ci.recipes: runs the commands of racelab's CI recipes (docs/ci/github-actions.yml,
# docs/ci/gitlab-ci.yml) and the pre-commit hook (docs/ci/pre-commit) on the sample project in
# sample/, made a git repository, with racelab installed from BUILD_DIR into a temporary prefix
# (what the recipes' install step gives them). The commands are taken from the recipes' run:
# and script: lines that call ci/racelab-ci.sh, and run as written with the values the CI
# system would give the recipe's variables; the install step itself is not run.
#   check_recipes.sh SOURCE_DIR BUILD_DIR GENERATOR
set -euo pipefail
src=$1
build=$2
generator=$3
ci=$src/docs/ci
work=$(mktemp -d -t racelab-ci.XXXXXX)
trap 'rm -rf "$work"' EXIT
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
checked=0
passed() { [ "$failures" -eq "$checked" ] && echo "$1: ok"; checked=$failures; }

# recipe_command RECIPE SUBCOMMAND: the recipe's line that runs ci/racelab-ci.sh SUBCOMMAND
# (jobs may repeat it; they must repeat it the same way).
recipe_command() {
  sed -n 's/^ *\(run: \|- \)\(.*ci\/racelab-ci\.sh '"$2"'\)$/\2/p' "$ci/$1" | sort -u
}
recipe_subcommands() {
  sed -n 's/^ *\(run: \|- \).*ci\/racelab-ci\.sh \([a-z-]*\).*$/\2/p' "$ci/$1" | sort -u | tr '\n' ' '
}

# 1. The recipes call the script, and only with the commands tested below; the variables they
# set for it are settings it documents (a misspelt one would be silently ignored).
for recipe in github-actions.yml gitlab-ci.yml; do
  [ "$(recipe_subcommands "$recipe")" = "build check-merge check-shard stress " ] ||
    fail "$recipe calls ci/racelab-ci.sh with '$(recipe_subcommands "$recipe")', not build, check-shard, check-merge and stress"
  for sub in build check-shard check-merge stress; do
    [ "$(recipe_command "$recipe" "$sub" | wc -l)" -eq 1 ] ||
      fail "$recipe: 'racelab-ci.sh $sub' is run in different ways (or not at all)"
  done
  while read -r variable; do
    case $variable in RACELAB_DEB|GIT_DEPTH) continue ;; esac  # the recipe's own
    grep -q "^#.*\b$variable\b" "$ci/racelab-ci.sh" || fail "$recipe sets $variable, which racelab-ci.sh does not read"
  done < <(sed -n 's/^ \{2,\}\([A-Z][A-Z0-9_]*\): .*/\1/p' "$ci/$recipe" | sort -u)
done
if python3 -c 'import yaml' 2>/dev/null; then
  for recipe in github-actions.yml gitlab-ci.yml; do
    python3 -c 'import sys, yaml; yaml.safe_load(open(sys.argv[1]))' "$ci/$recipe" || fail "$recipe is not YAML"
  done
else
  echo "note: python3-yaml missing, the recipes' YAML syntax is not checked"
fi
passed "the recipes call racelab-ci.sh build, check-shard, check-merge and stress"

# 2. racelab in a prefix; the sample project as a repository with ci/racelab-ci.sh.
cmake --install "$build" --prefix "$work/prefix" >"$work/install.log" || { cat "$work/install.log"; exit 1; }
export PATH=$work/prefix/bin:$PATH
repo=$work/repo
cp -r "$src/tests/ci/sample" "$repo"
mkdir "$repo/ci"
cp "$ci/racelab-ci.sh" "$repo/ci/"
cd "$repo"
export GIT_CEILING_DIRECTORIES=$work GIT_CONFIG_NOSYSTEM=1 HOME=$work  # no user configuration
git init -q -b main
git config user.name racelab-ci-test
git config user.email ci-test@example.invalid
git add -A
git commit -q -m base
base=$(git rev-parse HEAD)
unset DIFF_BASE SHARD_INDEX SHARD_TOTAL CI_NODE_INDEX CI_NODE_TOTAL CI_MERGE_REQUEST_DIFF_BASE_SHA \
      GTEST_SHARD_INDEX GTEST_TOTAL_SHARDS STRESS_TESTS RACESTRESS_SELECTORS TIME_BUDGET || true
export BUILD_DIR=build JOBS=2 CMAKE_ARGS="-G $generator -DCMAKE_PREFIX_PATH=$work/prefix"

# run RECIPE SUBCOMMAND [VAR=VALUE...]: the recipe's line, in the repository, with those
# variables; prints nothing, returns its status, output in $work/last.log.
run() {
  local recipe=$1 sub=$2 line
  shift 2
  line=$(recipe_command "$recipe" "$sub")
  env "$@" bash -c "$line" >"$work/last.log" 2>&1
}

# check_run RECIPE [VAR=VALUE...]: the recipe's racecheck jobs: its check-shard line once per
# shard (2, with the shard variables its CI system sets), then its check-merge line with those
# variables, both with the facts folder and cache the recipe sets; returns the merge's status.
check_run() {
  local recipe=$1 i
  shift
  rm -rf racecheck-facts
  for i in 0 1; do
    if [ "$recipe" = github-actions.yml ]; then
      shard=("SHARD_INDEX=$i" SHARD_TOTAL=2)
    else
      shard=("CI_NODE_INDEX=$((i + 1))" CI_NODE_TOTAL=2)
    fi
    run "$recipe" check-shard "${shard[@]}" RACECHECK_CACHE=.racecheck-cache FACTS_DIR=racecheck-facts ||
      { cat "$work/last.log"; fail "$recipe check-shard $i"; }
  done
  [ -f racecheck-facts/racecheck-facts-1-of-2.facts ] || fail "$recipe: no facts from shard 1/2"
  run "$recipe" check-merge RACECHECK_CACHE=.racecheck-cache FACTS_DIR=racecheck-facts "$@"
}

# 3. build: configure with compile_commands.json, build the stress tests.
run github-actions.yml build || { cat "$work/last.log"; fail "github build"; }
run gitlab-ci.yml build || { cat "$work/last.log"; fail "gitlab build"; }
[ -f build/compile_commands.json ] || fail "build wrote no compile_commands.json"
[ -x build/tally_stress_test ] || fail "build made no build/tally_stress_test"
passed "build"

# sarif_results FILE: "file:line" of each result of a SARIF file.
sarif_results() {
  python3 -c '
import json, sys
for run in json.load(open(sys.argv[1]))["runs"]:
    for r in run["results"]:
        loc = r["locations"][0]["physicalLocation"]
        print(loc["artifactLocation"]["uri"] + ":" + str(loc["region"]["startLine"]))' "$1" | sort
}

# 4. check on a push: every finding, the old race among them; SARIF out, exit 1.
status=0
check_run github-actions.yml DIFF_BASE= || status=$?
[ "$status" -eq 1 ] || { cat "$work/last.log"; fail "check on a push exits $status, not 1 (findings)"; }
sarif_results racecheck.sarif | grep -q '^src/legacy.cpp:8$' || fail "no SARIF result for the old race: $(sarif_results racecheck.sarif)"
status=0
check_run gitlab-ci.yml || status=$?
[ "$status" -eq 1 ] || fail "gitlab check on the default branch exits $status, not 1"
sarif_results racecheck.sarif | grep -q '^src/legacy.cpp:8$' || fail "gitlab: no SARIF result for the old race"
status=0
check_run github-actions.yml DIFF_BASE= FAIL_ON_FINDINGS=0 || status=$?
[ "$status" -eq 0 ] || fail "FAIL_ON_FINDINGS=0 exits $status, not 0"
passed "check on a push reports every finding in SARIF"

# 5. check on a pull request that adds a race: only the new race.
cat >>src/tally.cpp <<'CPP'

int unlocked_total = 0;

int tally_unlocked(int per_thread) {
  auto work = [per_thread] {
    for (int i = 0; i < per_thread; ++i) unlocked_total = unlocked_total + 1;
  };
  std::thread a(work), b(work);
  a.join();
  b.join();
  return unlocked_total;
}
CPP
new_line=$(grep -n 'unlocked_total = unlocked_total + 1' src/tally.cpp | cut -d: -f1)
git commit -q -a -m "a second tally, without its lock"
status=0
check_run github-actions.yml DIFF_BASE="$base" || status=$?
[ "$status" -eq 1 ] || { cat "$work/last.log"; fail "check on the pull request exits $status, not 1"; }
github_results=$(sarif_results racecheck.sarif)
[ "$github_results" = "src/tally.cpp:$new_line" ] ||
  fail "the pull request's SARIF holds '$github_results', not only the new race at src/tally.cpp:$new_line"
status=0
check_run gitlab-ci.yml CI_MERGE_REQUEST_DIFF_BASE_SHA="$base" || status=$?
[ "$status" -eq 1 ] || fail "gitlab check on the merge request exits $status, not 1"
[ "$(sarif_results racecheck.sarif)" = "$github_results" ] || fail "gitlab's merge request SARIF differs from github's"
passed "check on a pull request reports only the new race"

# 6. A pull request that adds no race passes though the old race is still there; a base that
# is not a commit is an error.
git checkout -q -b docs-only "$base"
sed -i 's/^\/\/ An old race/\/\/ An old, known race/' src/legacy.cpp
git commit -q -a -m "comment"
status=0
check_run github-actions.yml DIFF_BASE="$base" || status=$?
[ "$status" -eq 0 ] || { cat "$work/last.log"; fail "a pull request adding no race exits $status, not 0"; }
[ -z "$(sarif_results racecheck.sarif)" ] || fail "a pull request adding no race has SARIF results"
status=0
check_run github-actions.yml DIFF_BASE=0000000000000000000000000000000000000000 || status=$?
[ "$status" -eq 2 ] || fail "an unknown base exits $status, not 2"
grep -q "is not a commit" "$work/last.log" || fail "an unknown base does not say so: $(cat "$work/last.log")"
passed "check on a pull request without a new race passes; an unknown base is an error"

# junit_tests DIR: "suite.name" of every test case in the JUnit files of DIR.
junit_tests() {
  python3 -c '
import glob, sys, xml.etree.ElementTree as ET
for f in glob.glob(sys.argv[1] + "/*.xml"):
    for case in ET.parse(f).iter("testcase"):
        print(case.get("classname") + "." + case.get("name"))' "$1" | sort
}
all_tests=$(build/tally_stress_test --gtest_list_tests | sed -n '/^[^ ]/{s/\.$//;h;d};s/^  \([^ ]*\).*/\1/;G;s/\(.*\)\n\(.*\)/\2.\1/p' | sort)
[ "$(printf '%s\n' "$all_tests" | wc -l)" -ge 4 ] || fail "the sample suite lists too few tests: $all_tests"

# 7. stress, sharded: GitHub's matrix (job-index from 0) and GitLab's parallel: (CI_NODE_INDEX
# from 1) split the suite the same way; each test runs in exactly one shard.
for recipe in github-actions.yml gitlab-ci.yml; do
  rm -rf "$work/reports-$recipe"
  for i in 0 1 2; do
    if [ "$recipe" = github-actions.yml ]; then
      shard=("SHARD_INDEX=$i" SHARD_TOTAL=3)
    else
      shard=("CI_NODE_INDEX=$((i + 1))" CI_NODE_TOTAL=3)
    fi
    status=0
    run "$recipe" stress "${shard[@]}" TIME_BUDGET=120 TEST_TIME_BUDGET=5 STRESS_TESTS=build/tally_stress_test \
      REPORT_DIR="$work/reports-$recipe/$i" || status=$?
    [ "$status" -eq 0 ] || { cat "$work/last.log"; fail "$recipe stress shard $i exits $status"; }
    shard_tests=$(junit_tests "$work/reports-$recipe/$i")
    [ "$(printf '%s\n' "$shard_tests" | grep -c .)" -lt "$(printf '%s\n' "$all_tests" | wc -l)" ] ||
      fail "$recipe shard $i ran the whole suite"
    printf '%s\n' "$shard_tests" >>"$work/union-$recipe"
  done
  union=$(grep . "$work/union-$recipe" | sort)
  [ "$union" = "$all_tests" ] || fail "$recipe: the shards ran
$union
not each of
$all_tests
exactly once"
done
passed "stress shards split the suite, each test once"

# 8. racestress's catalogue, sharded the same way, when RACESTRESS_SELECTORS is set.
: >"$work/racestress-union"
for i in 0 1; do
  status=0
  run github-actions.yml stress SHARD_INDEX=$i SHARD_TOTAL=2 TIME_BUDGET=120 RACESTRESS_SELECTORS=lost_update \
    REPORT_DIR="$work/racestress-$i" || status=$?
  [ "$status" -eq 0 ] || { cat "$work/last.log"; fail "racestress shard $i exits $status"; }
  grep -q "racestress: shard $i/2 runs" "$work/last.log" || fail "racestress did not run shard $i/2"
  junit_tests "$work/racestress-$i" >>"$work/racestress-union"
done
every_variant=$(racestress list | grep -o 'lost_update/[a-z_]*' | sort -u | wc -l)
if [ "$(sort -u "$work/racestress-union" | wc -l)" -ne "$every_variant" ] ||
  [ "$(wc -l <"$work/racestress-union")" -ne "$every_variant" ]; then
  fail "racestress's two shards ran $(wc -l <"$work/racestress-union") test cases for $every_variant variants"
fi
passed "racestress shards the catalogue"

# 9. The time budget ends the step: a test binary that outlives it is stopped, exit 124.
printf '#!/bin/sh\nsleep 60\n' >"$work/slow_test" && chmod +x "$work/slow_test"
start=$(date +%s)
status=0
run gitlab-ci.yml stress TIME_BUDGET=2 STRESS_TESTS="$work/slow_test" REPORT_DIR="$work/slow" || status=$?
[ "$status" -eq 124 ] || fail "a test outliving the budget exits $status, not 124"
[ $(($(date +%s) - start)) -lt 30 ] || fail "the budget did not stop the slow test"
passed "the time budget holds"

# 10. The pre-commit hook stops a commit that adds a race and lets a clean one through.
git checkout -q main
cp "$ci/pre-commit" .git/hooks/pre-commit
sed -i 's/int seen = total_;/int seen = total_;  \/\/ read under the lock/' src/tally.h
echo '// clean change' >>src/legacy.cpp
git add -A
git commit -q -m "clean" >"$work/hook.log" 2>&1 || { cat "$work/hook.log"; fail "the hook stopped a commit that adds no race"; }
cat >>src/legacy.cpp <<'CPP'
int more_hits = 0;
void more_bump() { more_hits = more_hits + 1; }
int more_run() {
  std::thread a(more_bump), b(more_bump);
  a.join();
  b.join();
  return more_hits;
}
CPP
git add -A
if git commit -q -m "racy" >"$work/hook.log" 2>&1; then
  fail "the hook let a commit that adds a race through"
else
  grep -q "legacy.cpp:.*warning: .*'more_hits'" "$work/hook.log" || fail "the hook's output names no race on more_hits: $(cat "$work/hook.log")"
  grep -q "'legacy_hits'" "$work/hook.log" && fail "the hook reported the old race, on lines the commit did not change"
fi
passed "the pre-commit hook"

[ "$failures" -eq 0 ] || { echo "$failures failure(s)" >&2; exit 1; }
echo "all CI recipe checks passed"
