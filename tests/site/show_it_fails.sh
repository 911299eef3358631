#!/usr/bin/env bash
# Shows that tests/site/browser_test.mjs fails when the site is broken: copies a built site,
# breaks it in six ways a learner would notice, runs the browser test on the copy and checks that
# it exits 1 and names each breakage. Not part of ctest (it takes as long as the test itself).
#   tests/site/show_it_fails.sh [SITE] [RACESTRESS]     (defaults: build/site, build's racestress)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
site="${1:-$root/build/site}"
racestress="${2:-$root/build/runtime/racestress/racestress}"
copy="$(mktemp -d)"
trap 'rm -rf "$copy"' EXIT
cp -r "$site/." "$copy"

# 1. a script error on the glossary page
sed -i 's|</body>|<script>console.error("planted error")</script></body>|' "$copy/glossary.html"
# 2. a page a link points at is gone
rm "$copy/source/examples/lost_update/buggy.cpp.html"
# 3. a chart of the models lab is gone
rm "$copy/models-lab/p99.svg"
# 4. withdraw's answer is shown before the learner has predicted
sed -i 's|<details>|<details open>|' "$copy/withdraw.html"
# 5. lost_update's "next" skips withdraw
sed -i 's|rel="next" href="withdraw.html"|rel="next" href="async_withdraw.html"|g' "$copy/lost_update.html"
# 6. a glossary anchor other pages link to is gone
sed -i 's|id="term-data-race"|id="term-data-races"|' "$copy/glossary.html"

set +e
out="$(node "$root/tests/site/browser_test.mjs" "$copy" "$racestress" "$root/docs")"
code=$?
set -e
echo "$out"
status=0
[ "$code" -eq 1 ] || { echo "show_it_fails: the test exited $code, not 1"; status=1; }
for expected in 'glossary.html: console error: planted error' \
                'broken link: source/examples/lost_update/buggy.cpp.html' \
                'models-lab.html: image did not load: models-lab/p99.svg' \
                'withdraw.html: <details> 1 is open before any click' \
                'course: "next" walked' \
                'link to glossary.html#term-data-race: no such id there'; do
  grep -qF -- "$expected" <<<"$out" || { echo "show_it_fails: no failure reads: $expected"; status=1; }
done
[ "$status" -eq 0 ] && echo "show_it_fails: the test caught all six breakages"
exit "$status"
