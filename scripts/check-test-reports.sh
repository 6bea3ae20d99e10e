#!/usr/bin/env bash
# Fails when Surefire ran no test, no kernel test, or skipped any: every test, kernel ones included, must run here.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
shopt -s nullglob
reports=(*/target/surefire-reports/TEST-*.xml)
if [ ${#reports[@]} -eq 0 ]; then
  echo "check-test-reports: no Surefire reports found: no test ran" >&2
  exit 1
fi
# Kernel tests run only with -Pkernel-tests: a run without the profile must not pass as a full one.
kernel_reports=(*/target/surefire-reports/TEST-*KernelTest.xml)
if [ ${#kernel_reports[@]} -eq 0 ]; then
  echo "check-test-reports: no *KernelTest ran: run the build with -Pkernel-tests, as root (./run-tests does)" >&2
  exit 1
fi
total=0 skipped=0
for report in "${reports[@]}"; do
  header=$(grep -m1 -o '<testsuite [^>]*>' "$report")
  tests=$(sed -E 's/.* tests="([0-9]+)".*/\1/' <<<"$header")
  skips=$(sed -E 's/.* skipped="([0-9]+)".*/\1/' <<<"$header")
  total=$((total + tests))
  if [ "$skips" -gt 0 ]; then
    skipped=$((skipped + skips))
    echo "check-test-reports: $skips skipped in $report:" >&2
    grep -B1 '<skipped' "$report" | grep -o 'name="[^"]*"' >&2 || true
  fi
done
if [ "$skipped" -gt 0 ]; then
  echo "check-test-reports: $skipped of $total tests were skipped; every test must run (as root, on a kernel with BTF)" >&2
  exit 1
fi
echo "check-test-reports: all $total tests ran, none skipped"
