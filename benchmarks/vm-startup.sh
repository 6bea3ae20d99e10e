#!/usr/bin/env bash
# benchmarks/vm-startup.sh [--rounds N] [--host] [--local] [--train JAR JVM-OPTS] [--variant NAME JAR JVM-OPTS]...
#   [--native NAME PROGRAM ARGS]... [--threads] [--keep-logs] [-- CLI ARGS...]
#
# Start-up of the CLI on the kernel-function path (issue 19): boots the VM of vm/ once and runs the
# CLI's jar N times (default 3), by default on every skb function with kprobe-multi:
#   --filter-skb-func '.*' --kprobe-backend kprobe-multi --output-limit-lines 1
# Each round: process start -> the CLI's "Listening for events.." line, then one ping on lo (the
# event that ends the run), then the whole run to exit, CPU (user + sys) and peak RSS from
# /usr/bin/time. Prints each round and the medians per variant. The JVM is started as ./vista
# starts it (its default options, or VISTA_JAVA_OPTS), without ./vista's package and build checks.
#
#   --rounds N       rounds per variant (default 3)
#   --variant NAME JAR JVM-OPTS
#                    what to run (repeatable; default: "this" vista-examples/target/vista.jar ""): JVM-OPTS
#                    are added after the launcher's. Variants take turns within each round, so that a
#                    change in the host's load (which moves the emulated CPU's speed a lot) hits them alike.
#   --native NAME PROGRAM ARGS
#                    a variant that runs PROGRAM with ARGS (split at spaces) instead of the CLI's jar, for a tool to
#                    compare with in the same boot, e.g. a pwru binary built beside the project (issue 19):
#                    --native pwru benchmarks/target/pwru "--backend kprobe-multi --output-limit-lines 1". It must
#                    print a line with "Listening for events", as pwru and our CLI do.
#   --train JAR JVM-OPTS
#                    one run before the rounds (repeatable: one per cache), reported as variant "train" round
#                    0, 1..., e.g. to make a JDK AOT cache on the machine that uses it
#                    (`-XX:AOTCacheOutput=benchmarks/target/vm.aot`, as ./vista's first runs do) that the variants
#                    then map (`-XX:AOTCache=benchmarks/target/vm.aot`)
#   --host           run on this machine instead of in the VM (give CLI ARGS our kernel can trace,
#                    e.g. `-- --output-limit-lines 1` for the 11 tracepoints)
#   --local          in the VM, run the JDK (bin, lib, conf), the jars and the caches named by JVM-OPTS from copies
#                    in the VM's tmpfs, as a machine with a disk has them in its page cache, instead of reading them
#                    from the host through 9p (about 2.5 s of the start: BENCHMARKS.md, "Twelfth round")
#   --threads        at "Listening", print the CPU that each of the program's threads has used (/proc)
#   --keep-logs      keep each run's output in benchmarks/target/vm-startup/NAME-N.log
# Builds nothing: build the jar first (./mvnw -q -o -pl vista-examples -am package -DskipTests). JAR, PROGRAM and
# JVM-OPTS paths must be under this checkout to be seen in the VM. Hold /run/lock/vista-tests.lock around it
# when other VM or kernel tests may run.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
LOGS=$ROOT/benchmarks/target/vm-startup
ROUNDS=3 WHERE=vm KEEP= LOCAL= THREADS= TRAIN=()
NAMES=() FILES=() OPTS=() NATIVE=()  # FILES: a variant's jar, or its program (--native)
usage() { sed -n '2,37p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 2; }
while [ $# -gt 0 ]; do
  case $1 in
    --rounds) [[ ${2:-} =~ ^[1-9][0-9]*$ ]] || usage; ROUNDS=$2; shift 2 ;;
    --variant) [ $# -ge 4 ] && [[ $2 =~ ^[A-Za-z0-9._-]+$ ]] || usage
      NAMES+=("$2") FILES+=("$(realpath "$3")") OPTS+=("$4") NATIVE+=(""); shift 4 ;;
    --native) [ $# -ge 4 ] && [[ $2 =~ ^[A-Za-z0-9._-]+$ ]] || usage
      NAMES+=("$2") FILES+=("$(realpath "$3")") OPTS+=("$4") NATIVE+=(1); shift 4 ;;
    --train) [ $# -ge 3 ] || usage; TRAIN+=("$(realpath "$2")" "$3"); shift 3 ;;
    --host) WHERE=host; shift ;;
    --keep-logs) KEEP=1; shift ;;
    --threads) THREADS=1; shift ;;
    --local) LOCAL=1; shift ;;
    --inside) WHERE=inside; shift ;;  # internal: the rounds themselves (in the VM, or on the host)
    --) shift; break ;;
    -h|--help) usage ;;
    *) echo "vm-startup: unknown argument '$1'" >&2; usage ;;
  esac
done
CLI_ARGS=("$@")
[ ${#CLI_ARGS[@]} -gt 0 ] || CLI_ARGS=(--filter-skb-func '.*' --kprobe-backend kprobe-multi --output-limit-lines 1)
[ ${#NAMES[@]} -gt 0 ] || NAMES=(this) FILES=("$ROOT/vista-examples/target/vista.jar") OPTS=("") NATIVE=("")

# One run of variant $2 in round $1. Only builtins in the timed part (under TCG every exec costs about
# 0.1 s); EPOCHREALTIME is read when bash sees the line, which the CLI flushes as it logs it.
run() {
  local round=$1 v=$2 line t0 tl= t1 rusage=$LOGS/rusage pid fd user= sys= rss=
  local -a extra command
  read -r -a extra <<<"${OPTS[v]}"
  if [ -n "${NATIVE[v]}" ]; then
    command=("${FILES[v]}" "${extra[@]}")
  else
    cli_launch "${FILES[v]}"
    command=("$JAVA_HOME/bin/java" "${CLI_JAVA_OPTS[@]}" "${CLI_PRIORITY_OPTS[@]}" "${extra[@]}" "${CLI_LAUNCH[@]}"
      "${CLI_ARGS[@]}")
  fi
  t0=$EPOCHREALTIME
  coproc CLI { exec /usr/bin/time -f '%U %S %M' -o "$rusage" "${command[@]}" 2>&1; }
  pid=$CLI_PID
  # A copy of the output's descriptor: bash closes the coproc's own when the process ends, while its last lines may
  # still be unread ("Bad file descriptor" under -XX:+PrintCompilation).
  exec {fd}<&"${CLI[0]}"
  while IFS= read -r line <&"$fd"; do
    [ -z "$KEEP" ] || printf '%s\n' "$line" >>"$LOGS/${NAMES[v]}-$round.log"
    if [ -z "$tl" ] && [[ $line == *"Listening for events"* ]]; then
      tl=$EPOCHREALTIME
      ping -c 1 -W 1 127.0.0.1 >/dev/null 2>&1 &
      [ -z "$THREADS" ] || thread_cpu "${NAMES[v]}" "$round" "$pid"
    fi
    [[ $line != *rror* ]] || printf '%s %d: %s\n' "${NAMES[v]}" "$round" "$line" >&2
  done
  wait "$pid" || echo "${NAMES[v]} $round: the CLI exited with $?" >&2
  exec {fd}<&-
  t1=$EPOCHREALTIME
  # The last line: above it, time says when the JVM died of a signal.
  while read -r line; do read -r user sys rss <<<"$line"; done <"$rusage"
  [ -n "$tl" ] && tl=${tl/./} || tl=-
  echo "result ${NAMES[v]} $round ${t0/./} $tl ${t1/./} $user $sys $rss"
}

# "threads NAME ROUND COMM=MS...": the CPU (user + sys) of each thread of the program that /usr/bin/time ($3) runs.
thread_cpu() {
  local child= task stat comm out=
  local -a field
  read -r child <"/proc/$3/task/$3/children" || [ -n "$child" ] || return 0  # no newline at its end
  for task in /proc/"${child%% *}"/task/*; do
    read -r stat <"$task/stat" || continue
    comm=${stat#*\(} comm=${comm%\)*}
    # After the name: the state, then fields 4-52 of proc(5); utime and stime (14, 15) are field[11] and field[12].
    read -r -a field <<<"${stat##*\) }"
    out+=" ${comm// /_}=$(((field[11] + field[12]) * 1000 / CLOCK_TICKS))"
  done
  echo "threads $1 $2$out"
}

source scripts/cli-java-options.sh
cli_java_options

# --local: the JDK and the jars copied into the VM's tmpfs, at their paths under $COPIES, and the runs made in the
# checkout's copy there, so that the caches the JVM-OPTS name by relative paths are written and read in tmpfs too.
copy_local() {
  local COPIES=/tmp/vm-startup-local file word
  mkdir -p "$COPIES$JAVA_HOME" "$COPIES$ROOT"
  (cd "$JAVA_HOME" && cp -a bin lib conf release "$COPIES$JAVA_HOME/")
  JAVA_HOME=$COPIES$JAVA_HOME
  for file in "${!FILES[@]}"; do
    mkdir -p "$COPIES${FILES[file]%/*}" && cp -a "${FILES[file]}" "$COPIES${FILES[file]}"
    FILES[file]=$COPIES${FILES[file]}
  done
  for ((t = 0; t < ${#TRAIN[@]}; t += 2)); do
    mkdir -p "$COPIES${TRAIN[t]%/*}" && cp -a "${TRAIN[t]}" "$COPIES${TRAIN[t]}"
    TRAIN[t]=$COPIES${TRAIN[t]}
    for word in ${TRAIN[t + 1]}; do
      [[ $word != -XX:AOTCacheOutput=* ]] || mkdir -p "$COPIES$ROOT/$(dirname "${word#*=}")"
    done
  done
  cd "$COPIES$ROOT"
}

if [ "$WHERE" = inside ]; then
  mkdir -p "$LOGS"
  [ -z "$THREADS" ] || CLOCK_TICKS=$(getconf CLK_TCK)
  [ -z "$LOCAL" ] || copy_local
  for ((t = 0; t < ${#TRAIN[@]}; t += 2)); do
    NAMES+=(train) FILES+=("${TRAIN[t]}") OPTS+=("${TRAIN[t + 1]}") NATIVE+=("")
    run $((t / 2)) $((${#NAMES[@]} - 1))
    unset 'NAMES[-1]' 'FILES[-1]' 'OPTS[-1]' 'NATIVE[-1]'
  done
  for ((round = 1; round <= ROUNDS; round++)); do
    for v in "${!NAMES[@]}"; do
      run "$round" "$v"
    done
  done
  exit 0
fi
for file in "${FILES[@]}"; do
  [ -f "$file" ] || { echo "vm-startup: $file is missing: build it first" >&2; exit 1; }
done
source scripts/find-jdk.sh
JAVA_HOME=$(find_jdk)
export JAVA_HOME
rm -rf "$LOGS"
mkdir -p "$LOGS"
[ -z "$LOCAL" ] || [ "$WHERE" = vm ] || { echo "vm-startup: --local is for runs in the VM" >&2; exit 2; }
inner=(bash "$ROOT/benchmarks/vm-startup.sh" --inside --rounds "$ROUNDS" ${KEEP:+--keep-logs} ${LOCAL:+--local}
  ${THREADS:+--threads})
for ((t = 0; t < ${#TRAIN[@]}; t += 2)); do
  inner+=(--train "${TRAIN[t]}" "${TRAIN[t + 1]}")
done
for v in "${!NAMES[@]}"; do
  kind=--variant
  [ -z "${NATIVE[v]}" ] || kind=--native
  inner+=("$kind" "${NAMES[v]}" "${FILES[v]}" "${OPTS[v]}")
done
inner+=(-- "${CLI_ARGS[@]}")
if [ "$WHERE" = vm ]; then
  bash vm/setup.sh --offline --quiet
  # 120 s a run is far beyond the slowest seen (38 s), plus the boot.
  vm/run.sh --rw "$ROOT" --timeout $((60 + ROUNDS * ${#NAMES[@]} * 120)) -- env JAVA_HOME="$JAVA_HOME" \
    ${VISTA_JAVA_OPTS:+VISTA_JAVA_OPTS="$VISTA_JAVA_OPTS"} "${inner[@]}" | tee "$LOGS/rounds.txt"
else
  "${inner[@]}" | tee "$LOGS/rounds.txt"
fi
echo "where: $WHERE${LOCAL:+ (JDK, jars and caches copied to tmpfs in the VM)}; CLI: ${CLI_ARGS[*]}; JVM: ${CLI_JAVA_OPTS[*]} ${CLI_PRIORITY_OPTS[*]} + the variant's"
for v in "${!NAMES[@]}"; do
  echo "${NAMES[v]}: $(basename "${FILES[v]}") ${OPTS[v]}"
done
awk '
  function median(a, n,   i, j, t) {
    for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
  }
  BEGIN { print "| variant | round | start -> Listening | whole run | CPU (user + sys) | peak RSS |"
          print "| --- | --- | --- | --- | --- | --- |" }
  $1 == "result" && NF == 9 {
    v = $2; if (!(v in n)) order[++variants] = v
    k = ++n[v]; listen[v, k] = $5 == "-" ? -1 : ($5 - $4) / 1e6; whole[v, k] = ($6 - $4) / 1e6
    cpu[v, k] = $7 + $8; rss[v, k] = $9 / 1024
    printf "| %s | %d | %s | %.2f s | %.1f s | %.0f MB |\n", v, $3,
      listen[v, k] < 0 ? "never" : sprintf("%.2f s", listen[v, k]), whole[v, k], cpu[v, k], rss[v, k]
  }
  END {
    if (variants == 0) { print "no run finished" > "/dev/stderr"; exit 1 }
    for (i = 1; i <= variants; i++) {
      v = order[i]; m = n[v]
      for (k = 1; k <= m; k++) { a1[k] = listen[v, k]; a2[k] = whole[v, k]; a3[k] = cpu[v, k]; a4[k] = rss[v, k] }
      l = median(a1, m)
      printf "| %s | median of %d | %s | %.2f s | %.1f s | %.0f MB |\n", v, m, l < 0 ? "never" : sprintf("%.2f s", l),
        median(a2, m), median(a3, m), median(a4, m)
    }
  }' "$LOGS/rounds.txt"
