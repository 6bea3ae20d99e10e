#!/usr/bin/env bash
# benchmarks/launcher-startup.sh [--rounds N] CHECKOUT... [-- CLI ARGS...]
#
# Start-up of the CLI as users meet it, through each checkout's own ./vista (its JVM options and the AOT cache it
# makes), on this machine: process start -> the CLI's "Listening for events.." line, then one ping on lo (the
# event that ends the run). Checkouts take turns within each round; prints each run and the median per checkout.
# CLI ARGS default to `--output-limit-lines 1` (the 11 tracepoints). Needs root. Run each ./vista twice first,
# so that its cache is recorded and assembled: what this measures is the runs after that. Unlike
# benchmarks/vm-startup.sh, which makes its caches itself, this shows what ./vista's own cache does.
set -euo pipefail
ROUNDS=10 CHECKOUTS=() CLI_ARGS=(--output-limit-lines 1)
while [ $# -gt 0 ]; do
  case $1 in
    --rounds) ROUNDS=$2; shift 2 ;;
    --) shift; CLI_ARGS=("$@"); break ;;
    *) CHECKOUTS+=("$(realpath "$1")"); shift ;;
  esac
done
[ ${#CHECKOUTS[@]} -gt 0 ] || { sed -n '2,10p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 2; }

for ((round = 1; round <= ROUNDS; round++)); do
  for checkout in "${CHECKOUTS[@]}"; do
    listening=
    t0=$EPOCHREALTIME
    coproc CLI { exec "$checkout/vista" "${CLI_ARGS[@]}" 2>&1; }
    exec {fd}<&"${CLI[0]}"  # bash closes the coproc's own descriptor when it ends, maybe before its last lines are read
    while IFS= read -r line <&"$fd"; do
      if [ -z "$listening" ] && [[ $line == *"Listening for events"* ]]; then
        listening=$EPOCHREALTIME
        ping -c 1 -W 1 127.0.0.1 >/dev/null 2>&1 &
      fi
    done
    wait "$CLI_PID" || echo "$checkout $round: the CLI exited with $?" >&2
    exec {fd}<&-
    if [ -n "$listening" ]; then
      echo "result $checkout $round $(( (${listening/./} - ${t0/./}) / 1000 ))"
    else
      echo "result $checkout $round never"
    fi
  done
done | tee /dev/stderr | awk '
  $1 == "result" && $4 != "never" { v = $2; n[v]++; ms[v, n[v]] = $4; if (!(v in seen)) { seen[v]; order[++k] = v } }
  END {
    for (i = 1; i <= k; i++) {
      v = order[i]; c = n[v]
      for (a = 1; a <= c; a++) s[a] = ms[v, a]
      for (a = 2; a <= c; a++) { t = s[a]; for (b = a - 1; b >= 1 && s[b] > t; b--) s[b + 1] = s[b]; s[b + 1] = t }
      printf "%s: median %s ms of %d runs (%d-%d)\n", v, c % 2 ? s[(c + 1) / 2] : (s[c / 2] + s[c / 2 + 1]) / 2, c, s[1], s[c]
    }
  }'
