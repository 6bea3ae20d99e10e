#!/usr/bin/env bash
# vm/selftest.sh: boots the VM once and checks that the kernel-function backends really work there:
# kprobe, kretprobe, kprobe.multi, fentry and fexit programs on ip_rcv load, attach and count
# `ping 127.0.0.1`; tracefs lists ip_rcv; bpftool's probe sees kprobes; compressed modules load;
# java 25 runs. Prints one line per check and exits non-zero if any fails.
#
# The BPF object and its libbpf loader are built here on the host (clang-19, gcc, libbpf-dev), in
# the cache, and run in the VM (which sees the host's / read-only).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$HERE/../scripts/find-jdk.sh"
JAVA=$(find_jdk)/bin/java

# shellcheck source=../scripts/ensure-deps.sh
source "$HERE/../scripts/ensure-deps.sh"
ensure_packages clang-19 gcc libbpf-dev bpftool iproute2 iputils-ping >&2
"$HERE/setup.sh" --quiet
CACHE=$(cd "${VISTA_VM_CACHE:-$HOME/.cache/vista-vm}" && pwd -P)
B=$CACHE/selftest
mkdir -p "$B"

cat > "$B/probes.bpf.c" <<'EOF'
// One counter per attach kind, all on ip_rcv (every packet received on lo passes it).
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

__u64 hits[5];

SEC("kprobe/ip_rcv") int on_kprobe(void *ctx) { __sync_fetch_and_add(&hits[0], 1); return 0; }
SEC("kretprobe/ip_rcv") int on_kretprobe(void *ctx) { __sync_fetch_and_add(&hits[1], 1); return 0; }
SEC("kprobe.multi/ip_rcv") int on_kprobe_multi(void *ctx) { __sync_fetch_and_add(&hits[2], 1); return 0; }
SEC("fentry/ip_rcv") int on_fentry(__u64 *ctx) { __sync_fetch_and_add(&hits[3], 1); return 0; }
SEC("fexit/ip_rcv") int on_fexit(__u64 *ctx) { __sync_fetch_and_add(&hits[4], 1); return 0; }

char LICENSE[] SEC("license") = "GPL";
EOF

cat > "$B/attach.c" <<'EOF'
// attach OBJ: for each program of OBJ alone: load, attach, ping 127.0.0.1 three times, read its
// counter. Prints one line per program; exits 1 if any did not load, attach or count.
#include <bpf/libbpf.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int quiet(enum libbpf_print_level level, const char *fmt, va_list args) {
  return level == LIBBPF_WARN ? vfprintf(stderr, fmt, args) : 0;
}

int main(int argc, char **argv) {
  const char *names[] = {"on_kprobe", "on_kretprobe", "on_kprobe_multi", "on_fentry", "on_fexit"};
  int failed = 0;
  libbpf_set_print(quiet);
  for (int i = 0; i < 5; i++) {
    struct bpf_object *obj = bpf_object__open_file(argv[1], NULL);
    if (!obj) { printf("FAIL open %s: %s\n", argv[1], strerror(errno)); return 1; }
    struct bpf_program *prog, *mine = NULL;
    bpf_object__for_each_program(prog, obj) {
      int me = strcmp(bpf_program__name(prog), names[i]) == 0;
      bpf_program__set_autoload(prog, me);
      if (me) mine = prog;
    }
    const char *sec = bpf_program__section_name(mine);
    int err = bpf_object__load(obj);
    struct bpf_link *link = err ? NULL : bpf_program__attach(mine);
    if (err) {
      printf("FAIL %-20s load: %s\n", sec, strerror(-err));
    } else if (!link) {
      printf("FAIL %-20s attach: %s\n", sec, strerror(errno));
    } else {
      if (system("ping -c 3 -i 0.2 -W 1 -q 127.0.0.1 > /dev/null") != 0) printf("     (ping failed)\n");
      __u64 hits[5] = {0};
      __u32 key = 0;
      struct bpf_map *bss = bpf_object__find_map_by_name(obj, ".bss");
      if (!bss || bpf_map__lookup_elem(bss, &key, sizeof key, hits, sizeof hits, 0))
        printf("FAIL %-20s cannot read the counters\n", sec);
      else
        printf("%s %-20s attached, %llu hits\n", hits[i] ? "ok  " : "FAIL", sec, (unsigned long long)hits[i]);
      if (!hits[i]) failed = 1;
    }
    if (err || !link) failed = 1;
    bpf_link__destroy(link);
    bpf_object__close(obj);
  }
  return failed;
}
EOF

clang-19 -g -O2 -target bpf -I/usr/include/x86_64-linux-gnu -c "$B/probes.bpf.c" -o "$B/probes.bpf.o"
gcc -O2 -Wall -o "$B/attach" "$B/attach.c" -lbpf

cat > "$B/inside.sh" <<EOF
#!/bin/bash
# Runs inside the VM (vm/selftest.sh).
B=$B JAVA=$JAVA
EOF
cat >> "$B/inside.sh" <<'EOF'
failed=0
check() { # check DESCRIPTION COMMAND...: one line, ok or FAIL (with the command's output)
  local what=$1 out; shift
  if out=$("$@" 2>&1); then echo "ok   $what"; else echo "FAIL $what"; sed 's/^/     | /' <<<"$out"; failed=1; fi
}
echo "kernel $(uname -r), $(nproc) CPUs"
check "CONFIG_KPROBES, CONFIG_FPROBE, CONFIG_DEBUG_INFO_BTF are y" \
  bash -c 'for o in KPROBES FPROBE DEBUG_INFO_BTF; do grep -qx "CONFIG_$o=y" /boot/config-$(uname -r) || exit 1; done'
check "/sys/kernel/btf/vmlinux exists" test -s /sys/kernel/btf/vmlinux
check "available_filter_functions is readable and lists ip_rcv" \
  grep -qE '^ip_rcv( |$)' /sys/kernel/tracing/available_filter_functions
echo "bpftool feature probe kernel (kprobe/tracing lines):"
bpftool feature probe kernel 2>&1 | grep -E 'kprobe|tracing' | sed 's/^/     | /'
check "bpftool: the kprobe program type is available" \
  bash -c 'bpftool feature probe kernel 2>&1 | grep -q "eBPF program_type kprobe is available"'
echo "attach each program on ip_rcv, ping 127.0.0.1:"
"$B/attach" "$B/probes.bpf.o" | sed 's/^/  /'
[ "${PIPESTATUS[0]}" = 0 ] || failed=1
check "modprobe loads a compressed module (veth) and a veth pair comes up" \
  bash -c 'modprobe veth && ip link add vs0 type veth peer name vs1 && ip link set vs0 up && ip link del vs0'
check "tc clsact on lo" tc qdisc add dev lo clsact
start=$(date +%s.%N)
if out=$("$JAVA" -version 2>&1); then
  echo "ok   java -version ($(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f s", b - a }')): $(head -1 <<<"$out")"
else
  echo "FAIL java -version"; sed 's/^/     | /' <<<"$out"; failed=1
fi
[ "$failed" = 0 ] && echo "selftest: all checks passed" || echo "selftest: FAILED"
exit $failed
EOF
chmod +x "$B/inside.sh"

exec "$HERE/run.sh" --timeout 600 -- "$B/inside.sh"
