#!/usr/bin/env bash
# scripts/attach-benchmark.sh [AttachHarness arguments...]
#
# Measures attaching and detaching every kernel function that takes a struct sk_buff *, with each
# kernel-function backend (kprobe-multi, fentry, kprobe), inside the VM of vm/ (our own kernel has
# none of them). Builds first if the benchmarks jar is missing or older than the sources, then boots
# the VM once and runs dev.vista.benchmarks.attach.AttachHarness there; its table is also written to
# benchmarks/target/attach-benchmark.txt. Exits with the harness's code (1: a backend failed or timed
# out), 124 if the VM's time ran out, 125 if the VM failed. A run in which the JVM itself crashed
# (seen under multi-threaded TCG) is retried, up to 3 attempts.
#
# Harness arguments, passed through (scripts/attach-benchmark.sh --help lists them):
#   e.g. scripts/attach-benchmark.sh --timeout 900 kprobe-multi fentry kprobe:400
# Environment: VM_TIMEOUT (seconds for the whole VM run; default: per-backend timeout x backends,
# plus the warm-up, plus 5 minutes), MVNW_OPTS (extra Maven options, e.g. -o), and vm/run.sh's own
# (VISTA_VM_MEM, VISTA_VM_SMP...).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/maven-env.sh  # JAVA_HOME (JDK 25) and the repository ./mvnw downloads Maven from
JAVA=$JAVA_HOME/bin/java
JAR=benchmarks/target/benchmarks.jar
OUT=benchmarks/target/attach-benchmark.txt

stale() {
  [ -f "$JAR" ] || return 0
  [ -n "$(find pom.xml vista-bpf vista-core vista-testbed benchmarks/pom.xml benchmarks/src \
      \( -path '*/target' -prune \) -o -type f -newer "$JAR" -print -quit)" ]
}
if stale; then
  echo "attach-benchmark: building (install -DskipTests)" >&2
  # shellcheck disable=SC2086 # MVNW_OPTS is a list of options
  ./mvnw -q -B -ntp ${MVNW_OPTS:-} install -DskipTests
fi
[ -f "$JAR" ] || { echo "attach-benchmark: $JAR was not built" >&2; exit 1; }
HARNESS=(-cp "$JAR" dev.vista.benchmarks.attach.AttachHarness)
# The harness reads its own arguments; bad ones end here, before the VM boots. The VM's time limit is what
# the harness says the run may take (each backend its whole timeout, plus the warm-up).
budget=$("$JAVA" "${HARNESS[@]}" --time-budget "$@") || exit $?
[ -n "$budget" ] || exit 0  # --help: the harness printed its usage
vm_timeout=${VM_TIMEOUT:-$budget}

bash vm/setup.sh
mkdir -p "$(dirname "$OUT")"
# Under multi-threaded TCG the JVM now and then died of SIGSEGV in JIT-compiled code (vm/run.sh now
# uses thread=single against it); should the JVM itself crash, the run is retried, up to 3 attempts.
for attempt in 1 2 3; do
  echo "attach-benchmark: VM time limit ${vm_timeout} s; output also in $OUT" >&2
  if vm/run.sh --rw "$PWD" --timeout "$vm_timeout" -- "$JAVA" --enable-native-access=ALL-UNNAMED \
      -XX:ErrorFile="$PWD/benchmarks/target/hs_err_pid%p.log" \
      "${HARNESS[@]}" "$@" | tee "$OUT"; then
    exit 0
  else
    rc=$?
  fi
  if ! grep -q 'A fatal error has been detected by the Java Runtime Environment' "$OUT"; then
    exit "$rc"
  fi
  echo "attach-benchmark: the JVM crashed in the VM (attempt $attempt; report in benchmarks/target/hs_err_pid*.log)" >&2
done
exit "$rc"
