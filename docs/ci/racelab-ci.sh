#!/usr/bin/env bash
# racelab-ci.sh: the commands of racelab's CI recipes (github-actions.yml, gitlab-ci.yml), kept in
# one script so that racelab's own test (tests/ci/check_recipes.sh) runs exactly what the recipes
# run. Copy it into your repository as ci/racelab-ci.sh. Each command reads its settings from the
# environment, which is how both CI systems pass them.
#
#   racelab-ci.sh build    configure with compile_commands.json and build
#       BUILD_DIR (build), JOBS (nproc), CMAKE_ARGS (extra cmake arguments, split on spaces)
#   racelab-ci.sh check    racecheck over the compilation database in one job, SARIF out
#       BUILD_DIR, JOBS, RACECHECK (racecheck), SARIF (racecheck.sarif),
#       DIFF_BASE (a git revision: report only findings on lines changed since it; unset: all),
#       BASELINE (a racecheck baseline file; unset: none), FAIL_ON_FINDINGS (1; 0: exit 0 on findings),
#       RACECHECK_CACHE (a folder for racecheck --cache, kept between runs by the CI's cache; unset: none)
#   racelab-ci.sh check-shard   this job's shard of the units (racecheck --shard): facts, no report
#       BUILD_DIR, JOBS, RACECHECK, RACECHECK_CACHE, SHARD_INDEX/SHARD_TOTAL or CI_NODE_INDEX/
#       CI_NODE_TOTAL (as for stress), FACTS_DIR (racecheck-facts: where the facts file goes)
#   racelab-ci.sh check-merge   every shard's facts from FACTS_DIR merged (racecheck --merge) and
#       reported as check does: the same settings as check, and FACTS_DIR
#   racelab-ci.sh stress   this job's shard of the stress tests, within a time budget
#       SHARD_INDEX/SHARD_TOTAL (0/1; from 0), or GitLab's CI_NODE_INDEX/CI_NODE_TOTAL (from 1),
#       TIME_BUDGET (seconds for the whole step: 300), TEST_TIME_BUDGET (seconds per stress test: 10),
#       STRESS_TESTS (GoogleTest binaries, split on spaces), RACESTRESS_SELECTORS (e.g. "all":
#       racestress run of racelab's catalogue; unset: none), RACESTRESS (racestress),
#       REPORT_DIR (stress-reports: JUnit XML per binary and shard)
#
# Exit status: check, check-merge: racecheck's (0 clean, 1 findings, 2 usage, 3 a file not
# analysed, 4 shards that do not match the merge), or 0 on findings with FAIL_ON_FINDINGS=0. stress: 0 when every part passed, 124 when the budget ran out,
# else the first failing part's status.
set -euo pipefail

say() { printf 'racelab-ci: %s\n' "$*" >&2; }

: "${BUILD_DIR:=build}"
: "${JOBS:=$(nproc 2>/dev/null || echo 2)}"

cmd_build() {
  # shellcheck disable=SC2086  # CMAKE_ARGS is a list of words
  cmake -S . -B "$BUILD_DIR" -DCMAKE_EXPORT_COMPILE_COMMANDS=ON ${CMAKE_ARGS:-}
  cmake --build "$BUILD_DIR" -j "$JOBS"
}

# report ARGS...: racecheck with ARGS and the report settings, SARIF out; its status, read.
report() {
  local racecheck=${RACECHECK:-racecheck} sarif=${SARIF:-racecheck.sarif} status=0
  local args=("$@" --format sarif)
  if [ -n "${DIFF_BASE:-}" ]; then
    args+=(--diff-base "$DIFF_BASE")
    say "reporting only findings on lines changed since $DIFF_BASE"
  fi
  [ -z "${BASELINE:-}" ] || args+=(--baseline "$BASELINE")
  "$racecheck" "${args[@]}" >"$sarif" || status=$?
  case $status in
    0) say "racecheck: no findings ($sarif)" ;;
    1) say "racecheck: findings, in $sarif (uploaded to code scanning by the recipe)"
       [ "${FAIL_ON_FINDINGS:-1}" = 1 ] || status=0 ;;
    *) say "racecheck exited $status (2: usage or configuration, 3: a file could not be" \
         "analysed, 4: shards that do not match the merge)" ;;
  esac
  return "$status"
}

# The racecheck arguments every check command shares.
analysis_args() {
  [ -f "$BUILD_DIR/compile_commands.json" ] ||
    { say "no $BUILD_DIR/compile_commands.json: run 'racelab-ci.sh build' first"; return 2; }
  args=(-p "$BUILD_DIR" -j "$JOBS")
  [ -z "${RACECHECK_CACHE:-}" ] || args+=(--cache "$RACECHECK_CACHE")
}

cmd_check() {
  local args
  analysis_args || return
  report "${args[@]}"
}

cmd_check_shard() {
  local args facts=${FACTS_DIR:-racecheck-facts}
  analysis_args || return
  shard_of_job
  say "racecheck shard $SHARD_INDEX/$SHARD_TOTAL, facts to $facts/"
  "${RACECHECK:-racecheck}" "${args[@]}" --shard "$SHARD_INDEX/$SHARD_TOTAL" --facts-out "$facts"
}

cmd_check_merge() {
  local args facts=${FACTS_DIR:-racecheck-facts}
  analysis_args || return
  report "${args[@]}" --merge "$facts"
}

# The shard of this job: SHARD_INDEX/SHARD_TOTAL, else GitLab's parallel: CI_NODE_INDEX (from 1).
shard_of_job() {
  if [ -z "${SHARD_INDEX:-}" ] && [ -n "${CI_NODE_INDEX:-}" ]; then
    SHARD_INDEX=$((CI_NODE_INDEX - 1))
    SHARD_TOTAL=${CI_NODE_TOTAL:-1}
  fi
  SHARD_INDEX=${SHARD_INDEX:-0}
  SHARD_TOTAL=${SHARD_TOTAL:-1}
}

cmd_stress() {
  shard_of_job
  local budget=${TIME_BUDGET:-300} reports=${REPORT_DIR:-stress-reports} status=0 part=0
  local deadline=$(($(date +%s) + budget))
  mkdir -p "$reports"
  say "stress shard $SHARD_INDEX/$SHARD_TOTAL, budget ${budget}s"
  if [ -n "${RACESTRESS_SELECTORS:-}" ]; then
    # shellcheck disable=SC2086  # RACESTRESS_SELECTORS is a list of words
    "${RACESTRESS:-racestress}" run $RACESTRESS_SELECTORS --shard "$SHARD_INDEX/$SHARD_TOTAL" \
      --time-budget "$budget" --junit "$reports/racestress-shard-$SHARD_INDEX.xml" || part=$?
    [ "$status" -ne 0 ] || status=$part
  fi
  for test in ${STRESS_TESTS:-}; do
    local left=$((deadline - $(date +%s)))
    if [ "$left" -le 0 ]; then
      say "the ${budget}s budget ran out before $test"
      return 124
    fi
    part=0
    GTEST_SHARD_INDEX=$SHARD_INDEX GTEST_TOTAL_SHARDS=$SHARD_TOTAL \
      RACELAB_TIME_BUDGET=${TEST_TIME_BUDGET:-10} \
      timeout "$left" "$test" --gtest_output="xml:$reports/$(basename "$test")-shard-$SHARD_INDEX.xml" || part=$?
    [ "$part" -ne 124 ] || say "$test outlived the ${budget}s budget"
    [ "$status" -ne 0 ] || status=$part
  done
  return "$status"
}

case ${1:-} in
  build) cmd_build ;;
  check) cmd_check ;;
  check-shard) cmd_check_shard ;;
  check-merge) cmd_check_merge ;;
  stress) cmd_stress ;;
  *) say "usage: racelab-ci.sh build|check|check-shard|check-merge|stress (settings in the environment; see the header)"; exit 2 ;;
esac
