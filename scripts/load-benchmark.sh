#!/usr/bin/env bash
# scripts/load-benchmark.sh [LoadHarness options...]
#
# The load harness (BENCHMARKS.md, "Under load"): floods UDP and TCP between two network namespaces,
# untraced and under each tracer (the library in-process, the vista CLI printing to a file, bpftrace
# printing the same fields to a file), and prints one table of all runs. Needs root. Builds first if
# the jars are missing or older than the sources. The table also goes to
# benchmarks/target/load-benchmark.txt; the tracers' output files to benchmarks/target/load/ (deleted
# after counting: they reach hundreds of MB).
#
# Options: scripts/load-benchmark.sh --help (e.g. --traffic udp --tracers off,library --seconds 3).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/maven-env.sh  # JAVA_HOME (JDK 25) and the repository ./mvnw downloads Maven from
JAVA=$JAVA_HOME/bin/java
BENCH=benchmarks/target/benchmarks.jar
CLI=vista-examples/target/vista.jar
OUT=benchmarks/target/load-benchmark.txt

bash scripts/ensure-deps.sh test bench
if [ ! -f "$BENCH" ] || [ ! -f "$CLI" ] || [ -n "$(find pom.xml ./*/pom.xml vista-bpf/src vista-core/src/main \
    vista-testbed/src/main vista-format/src/main vista-pcap/src/main vista-picocli/src vista-examples/src/main benchmarks/src/main -newer "$BENCH" -type f -print -quit)" ]; then
  echo "load-benchmark: building (./mvnw -q -B package -DskipTests)..." >&2
  ./mvnw -q -B package -DskipTests
fi
mountpoint -q /sys/kernel/tracing || mount -t tracefs nodev /sys/kernel/tracing
echo "load-benchmark: $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)" >&2
"$JAVA" --enable-native-access=ALL-UNNAMED -cp "$BENCH" dev.vista.benchmarks.load.LoadHarness \
  --vista ./vista --work benchmarks/target/load "$@" | tee "$OUT"
