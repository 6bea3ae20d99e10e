#!/usr/bin/env bash
# Compiles every *.bpf.c under $1 into $2/<name>.bpf.o (CO-RE, BTF kept, DWARF stripped),
# and copies the headers Java tests compare layouts against (those $1 has). $3, optional: another
# directory of headers (vista-testbed's test programs use this module's vmlinux.h).
set -euo pipefail
src=$1 out=$2 include=${3:-$1}
for tool in clang-19 llvm-strip-19; do
  command -v "$tool" >/dev/null || {
    echo "build-bpf: $tool not found; run: apt-get install -y clang-19 llvm-19 libbpf-dev" >&2; exit 1; }
done
[ -f /usr/include/bpf/bpf_helpers.h ] || {
  echo "build-bpf: <bpf/bpf_helpers.h> not found; run: apt-get install -y libbpf-dev" >&2; exit 1; }
mkdir -p "$out"
for c in "$src"/*.bpf.c; do
  obj="$out/$(basename "${c%.c}").o"
  if [ "$obj" -nt "$c" ] && [ -z "$(find "$src" "$include" -name '*.h' -newer "$obj")" ]; then continue; fi
  clang-19 -g -O2 -Wall -Werror -target bpf -D__TARGET_ARCH_x86 -I"$src" -I"$include" -c "$c" -o "$obj"
  llvm-strip-19 -g "$obj"
done
for header in vista_event.h vista_tracepoints.h; do
  if [ -f "$src/$header" ]; then cp "$src/$header" "$out"/; fi
done
