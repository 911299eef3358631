#!/usr/bin/env bash
# Shows that the site's checks fail when the site is broken: copies a built site, breaks it in
# ten ways a learner (or a validator) would notice, runs the browser test
# (tests/site/browser_test.mjs) and the validator (tests/site/validate_site.py) on the copy, and
# checks that each exits 1 and names each breakage. Not part of ctest (it takes as long as the
# browser test itself).
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
# 7. lost_update shows no sequence diagram (its images are no longer marked as diagrams)
sed -i 's|class="diagram"|class="picture"|g' "$copy/lost_update.html"
# 8. a diagram of withdraw is cut off half-way (not well-formed XML, so no image either)
withdraw_svg="$(ls "$copy"/diagrams/withdraw-*.svg | head -1)"
head -c 300 "$withdraw_svg" > "$withdraw_svg.part" && mv "$withdraw_svg.part" "$withdraw_svg"
# 9. aba_stack's catalogue page: its diffs no longer say what they compare
sed -i 's|</code> against <code>|</code> versus <code>|g' "$copy/catalogue/aba_stack.html"
# 10. the start page has a stray closing tag (invalid HTML, which the browser silently forgives)
sed -i 's|</main>|</div></main>|' "$copy/start-here.html"

set +e
out="$(node "$root/tests/site/browser_test.mjs" "$copy" "$racestress" "$root/docs")"
code=$?
valid="$(python3 "$root/tests/site/validate_site.py" "$copy")"
valid_code=$?
set -e
echo "$out"
echo "$valid"
status=0
[ "$code" -eq 1 ] || { echo "show_it_fails: the browser test exited $code, not 1"; status=1; }
[ "$valid_code" -eq 1 ] || { echo "show_it_fails: the validator exited $valid_code, not 1"; status=1; }
for expected in 'glossary.html: console error: planted error' \
                'broken link: source/examples/lost_update/buggy.cpp.html' \
                'models-lab.html: image did not load: models-lab/p99.svg' \
                'withdraw.html: <details> 1 is open before any click' \
                'course: "next" walked' \
                'link to glossary.html#term-data-race: no such id there' \
                'lost_update.html: no sequence diagram' \
                "withdraw.html: image did not load: diagrams/$(basename "$withdraw_svg")" \
                'catalogue/aba_stack.html: no diff of a variant against the buggy one'; do
  grep -qF -- "$expected" <<<"$out" || { echo "show_it_fails: no browser failure reads: $expected"; status=1; }
done
for expected in "$(basename "$withdraw_svg"):[0-9]+:[0-9]+: not well-formed XML" \
                'start-here.html:[0-9]+:[0-9]+: Warning: discarding unexpected </div>'; do
  grep -qE -- "$expected" <<<"$valid" || { echo "show_it_fails: no validator failure matches: $expected"; status=1; }
done
[ "$status" -eq 0 ] && echo "show_it_fails: the checks caught all ten breakages"
exit "$status"
