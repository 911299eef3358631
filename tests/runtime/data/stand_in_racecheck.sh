#!/bin/sh
# A stand-in for racecheck in racestress's tests: reports the rules listed in
# STAND_IN_RULES (comma-separated) on whatever file it is given, in racecheck's JSON format,
# with racecheck's exit codes (0 no findings, 1 findings).
file=""
for arg in "$@"; do file=$arg; done
printf '{"findings":['
sep=""
old_ifs=$IFS
IFS=,
for rule in $STAND_IN_RULES; do
  printf '%s{"rule":"%s","file":"%s","line":1,"message":"stand-in finding"}' "$sep" "$rule" "$file"
  sep=","
done
IFS=$old_ifs
printf ']}\n'
[ -z "$STAND_IN_RULES" ] && exit 0
exit 1
