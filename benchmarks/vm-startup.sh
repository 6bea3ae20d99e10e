#!/usr/bin/env bash
# benchmarks/vm-startup.sh [--rounds N] [--host] [--java-opts "OPTS"] [--keep-logs] [-- CLI ARGS...]
#
# Start-up of the CLI on the kernel-function path (issue 19): boots the VM of vm/ once and runs the
# CLI's jar N times (default 3), by default on every skb function with kprobe-multi:
#   --filter-skb-func '.*' --kprobe-backend kprobe-multi --output-limit-lines 1
# Each round: process start -> the CLI's "Listening for events.." line, then one ping on lo (the
# event that ends the run), then the whole run to exit, CPU (user + sys) and peak RSS from
# /usr/bin/time. Prints one line per round and the medians. The JVM is started as ./vista starts it
# (its default options, or VISTA_JAVA_OPTS), without ./vista's package and build checks.
#
#   --rounds N        rounds (default 3)
#   --host            run on this machine instead of in the VM (give CLI ARGS our kernel can trace,
#                     e.g. `-- --output-limit-lines 1` for the 11 tracepoints)
#   --java-opts OPTS  JVM options added after the launcher's (e.g. -XX:TieredStopAtLevel=1)
#   --keep-logs       keep each round's output in benchmarks/target/vm-startup/round-N.log
# Builds nothing: build the jar first (./mvnw -q -o -pl vista-examples -am package -DskipTests).
# Hold /run/lock/vista-tests.lock around it when other VM or kernel tests may run.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
JAR=$ROOT/vista-examples/target/vista.jar
LOGS=$ROOT/benchmarks/target/vm-startup
ROUNDS=3 WHERE=vm EXTRA_OPTS= KEEP=
usage() { sed -n '2,19p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 2; }
while [ $# -gt 0 ]; do
  case $1 in
    --rounds) [[ ${2:-} =~ ^[1-9][0-9]*$ ]] || usage; ROUNDS=$2; shift 2 ;;
    --host) WHERE=host; shift ;;
    --java-opts) [ $# -ge 2 ] || usage; EXTRA_OPTS=$2; shift 2 ;;
    --keep-logs) KEEP=1; shift ;;
    --inside) WHERE=inside; shift ;;  # internal: the rounds themselves (in the VM, or on the host)
    --) shift; break ;;
    -h|--help) usage ;;
    *) echo "vm-startup: unknown argument '$1'" >&2; usage ;;
  esac
done
CLI_ARGS=("$@")
[ ${#CLI_ARGS[@]} -gt 0 ] || CLI_ARGS=(--filter-skb-func '.*' --kprobe-backend kprobe-multi --output-limit-lines 1)

# The rounds. Only builtins in the timed part (under TCG every exec costs about 0.1 s); EPOCHREALTIME is
# read when bash sees the line, which the CLI flushes as it logs it.
rounds() {
  local java=$1 i line t0 tl t1 rusage pid fd user sys rss
  local -a opts
  read -r -a opts <<<"${VISTA_JAVA_OPTS:--XX:+UseSerialGC -Xms32m} $EXTRA_OPTS"
  mkdir -p "$LOGS"
  for ((i = 1; i <= ROUNDS; i++)); do
    rusage=$LOGS/rusage-$i
    tl=
    t0=$EPOCHREALTIME
    coproc CLI { exec /usr/bin/time -f '%U %S %M' -o "$rusage" "$java" "${opts[@]}" \
        --enable-native-access=ALL-UNNAMED -jar "$JAR" "${CLI_ARGS[@]}" 2>&1; }
    pid=$CLI_PID fd=${CLI[0]}  # bash unsets both when the process ends
    while IFS= read -r line <&"$fd"; do
      [ -z "$KEEP" ] || printf '%s\n' "$line" >>"$LOGS/round-$i.log"
      if [ -z "$tl" ] && [[ $line == *"Listening for events"* ]]; then
        tl=$EPOCHREALTIME
        ping -c 1 -W 1 127.0.0.1 >/dev/null 2>&1 &
      fi
      [[ $line != *rror* ]] || printf 'round %d: %s\n' "$i" "$line" >&2
    done
    wait "$pid" || echo "round $i: the CLI exited with $?" >&2
    t1=$EPOCHREALTIME
    read -r user sys rss <"$rusage"
    tl=${tl:--}
    echo "result $i ${t0/./} ${tl/./} ${t1/./} $user $sys $rss"
  done
}

if [ "$WHERE" = inside ]; then
  rounds "$JAVA_HOME/bin/java"
  exit 0
fi
[ -f "$JAR" ] || { echo "vm-startup: $JAR is missing: build it first" >&2; exit 1; }
source scripts/find-jdk.sh
JAVA_HOME=$(find_jdk)
export JAVA_HOME
rm -rf "$LOGS"
mkdir -p "$LOGS"
inner=(bash "$ROOT/benchmarks/vm-startup.sh" --inside --rounds "$ROUNDS" --java-opts "$EXTRA_OPTS" ${KEEP:+--keep-logs}
  -- "${CLI_ARGS[@]}")
if [ "$WHERE" = vm ]; then
  bash vm/setup.sh --offline --quiet
  # 120 s a round is far beyond the slowest seen (33 s), plus the boot.
  vm/run.sh --rw "$ROOT" --timeout $((60 + ROUNDS * 120)) -- env JAVA_HOME="$JAVA_HOME" \
    ${VISTA_JAVA_OPTS:+VISTA_JAVA_OPTS="$VISTA_JAVA_OPTS"} "${inner[@]}" | tee "$LOGS/rounds.txt"
else
  "${inner[@]}" | tee "$LOGS/rounds.txt"
fi
echo "where: $WHERE; CLI: ${CLI_ARGS[*]}; JVM: ${VISTA_JAVA_OPTS:--XX:+UseSerialGC -Xms32m} $EXTRA_OPTS"
awk '
  function median(a, n,   i, j, t) {
    for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
  }
  $1 == "result" && NF == 8 {
    n++; listen[n] = $4 == "-" ? -1 : ($4 - $3) / 1e6; whole[n] = ($5 - $3) / 1e6; cpu[n] = $6 + $7; rss[n] = $8 / 1024
    printf "| %d | %s | %.1f s | %.1f s | %.0f MB |\n", n, listen[n] < 0 ? "never" : sprintf("%.1f s", listen[n]),
      whole[n], cpu[n], rss[n]
  }
  BEGIN { print "| round | start -> Listening | whole run | CPU (user + sys) | peak RSS |"; print "| --- | --- | --- | --- | --- |" }
  END {
    if (n == 0) { print "no round ran" > "/dev/stderr"; exit 1 }
    printf "| median | %.1f s | %.1f s | %.1f s | %.0f MB |\n", median(listen, n), median(whole, n), median(cpu, n), median(rss, n)
  }' "$LOGS/rounds.txt"
