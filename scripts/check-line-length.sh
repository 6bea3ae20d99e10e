#!/usr/bin/env bash
# scripts/check-line-length.sh: fails when a Java line is longer than .editorconfig's max_line_length (120),
# which editorconfig-maven-plugin does not check. Run by ./mvnw verify (root pom, validate phase).
#
# A ratchet, not a reformat: the files that already had long lines are listed in
# scripts/line-length-baseline.txt ("COUNT PATH") and may keep that many, no more; every other file may
# have none. Shorten the lines of a listed file when you touch it and lower (or drop) its count.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
MAX=120
BASELINE=scripts/line-length-baseline.txt

declare -A allowed=()
while read -r count path; do
  [[ -z $count || $count == \#* ]] && continue
  allowed[$path]=$count
done <"$BASELINE"

failed=0
while IFS= read -r -d '' file; do
  path=${file#./}
  long=$(awk -v max="$MAX" 'length > max {n++} END {print n + 0}' "$file")
  limit=${allowed[$path]:-0}
  if [ "$long" -gt "$limit" ]; then
    echo "check-line-length: $path has $long lines over $MAX columns (allowed: $limit):" >&2
    awk -v max="$MAX" -v f="$path" 'length > max {print "  " f ":" FNR ": " length " columns"}' "$file" >&2
    failed=1
  elif [ "$long" -lt "$limit" ]; then
    echo "check-line-length: $path now has $long long lines: lower its count in $BASELINE to $long" >&2
    failed=1
  fi
done < <(find . -name '*.java' -not -path '*/target/*' -not -path './.git/*' -print0)

for path in "${!allowed[@]}"; do
  if [ ! -f "$path" ]; then
    echo "check-line-length: $path is in $BASELINE but does not exist: remove its line" >&2
    failed=1
  fi
done
exit "$failed"
