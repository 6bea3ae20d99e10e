#!/usr/bin/env bash
# Runs the tests that need kernel functions (JUnit tags kernel-functions and vm) inside the VM of
# vm/, whose Debian kernel has kprobes, kprobe-multi and fentry. The host build's classes and jars
# are used as they are (the VM sees the host's files); only the JUnit run happens in the VM.
# Runs those of vista-core, vista-junit, vista-pcap and vista-examples. Reports: vista-core/target/vm-reports. Fails if any test
# failed or was skipped, or none ran.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/maven-env.sh  # JAVA_HOME (JDK 25) and the repository ./mvnw downloads Maven from
JAVA=$JAVA_HOME/bin/java
LAUNCHER_VERSION=1.13.4
out=vista-core/target/vm
reports=vista-core/target/vm-reports
mkdir -p "$out"
rm -rf "$reports"

bash vm/setup.sh
# The test class paths of vista-junit (vista-core's and its own) and vista-examples (the CLI's); vista's
# own modules among them are mapped to their classes below.
for module in vista-junit vista-examples; do
  ./mvnw -q -B -ntp -pl $module dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$PWD/$out/classpath-$module.txt"
done
./mvnw -q -B -ntp -pl vista-core dependency:copy -DoutputDirectory="$PWD/$out" \
  -Dartifact=org.junit.platform:junit-platform-console-standalone:$LAUNCHER_VERSION
launcher=$out/junit-platform-console-standalone-$LAUNCHER_VERSION.jar
tests=vista-core/target/test-classes:vista-junit/target/test-classes:vista-pcap/target/test-classes
tests=$tests:vista-examples/target/test-classes
# This build's own modules, not whatever another checkout last installed in the local repository.
classpath=$tests:vista-junit/target/classes:vista-examples/target/classes:$(cat "$out"/classpath-*.txt | tr ':' '\n' |
  sed -E 's#^.*/dev/vista/(vista-[a-z-]+)/[^/]+/[^/]+\.jar$#\1/target/classes#' | awk '!seen[$0]++' | paste -sd:)

vm/run.sh --rw "$PWD" --timeout 1500 -- "$JAVA" --enable-native-access=ALL-UNNAMED -jar "$launcher" execute \
  --class-path "$classpath" --scan-class-path "$tests" \
  --include-tag kernel-functions --include-tag vm --reports-dir "$reports" --details=tree --disable-banner

report=$(ls "$reports"/TEST-*.xml 2>/dev/null | head -1)
if [ -z "$report" ]; then
  echo "vm-tests: no JUnit report in $reports: the tests did not run in the VM" >&2
  exit 1
fi
header=$(grep -m1 -o '<testsuite [^>]*>' "$report")
tests=$(sed -E 's/.* tests="([0-9]+)".*/\1/' <<<"$header")
skipped=$(sed -E 's/.* skipped="([0-9]+)".*/\1/' <<<"$header")
if [ "$tests" -eq 0 ] || [ "$skipped" -gt 0 ]; then
  echo "vm-tests: $tests tests ran in the VM, $skipped skipped: every one must run" >&2
  exit 1
fi
echo "vm-tests: $tests tests ran in the VM, none skipped"
