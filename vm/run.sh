#!/usr/bin/env bash
# vm/run.sh [--rw DIR] [--timeout SECONDS] -- COMMAND...
#
# Boots the Debian 6.12 kernel prepared by vm/setup.sh (run first if needed) in qemu (TCG, 2 vCPUs,
# 2 GiB), runs COMMAND inside as root, streams its output (stdout and stderr, merged) to this
# script's stdout, powers off, and exits with COMMAND's exit code.
#
#   --rw DIR         share DIR read-write at the same path; the command runs in it. Without it the
#                    command runs in the current directory, read-only like the rest of the host.
#   --timeout SECS   power the VM off after SECS seconds (default 900)
#
# Inside: the host's / read-only with a tmpfs overlay (writes vanish at power-off), fresh /tmp,
# proc, sys, devtmpfs, bpffs, tracefs, debugfs and cgroup2 mounted, lo up, ulimit -l unlimited,
# modprobe (busybox) for this kernel's modules, /boot/config-$(uname -r), VISTA_VM=1 set.
# Environment variables: use `-- env NAME=VALUE COMMAND...`; stdin is /dev/null.
# Exit codes besides COMMAND's own: 124 timed out, 125 the VM failed (it never reached the
# command or died in it). Messages from this script go to stderr; the run directory (kernel
# console, stage 2 script) is kept when anything fails.
#
# VISTA_VM_CACHE (default ~/.cache/vista-vm), VISTA_VM_MEM (2G), VISTA_VM_SMP (2),
# VISTA_VM_KEEP=1 keeps the run directory of a successful run too.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
RW=
TIMEOUT=900
usage() { sed -n '2,21p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 2; }
die() { echo "vm/run: $*" >&2; exit 125; }
while [ $# -gt 0 ]; do
  case $1 in
    --rw) [ $# -ge 2 ] || usage; RW=$2; shift 2 ;;
    --timeout) [[ ${2:-} =~ ^[0-9]+$ ]] || usage; TIMEOUT=$2; shift 2 ;;
    --) shift; break ;;
    -h|--help) usage ;;
    *) echo "vm/run: unknown argument '$1'" >&2; usage ;;
  esac
done
[ $# -gt 0 ] || usage
plain() { [[ $1 =~ ^/[A-Za-z0-9._/+@-]*$ ]]; } # paths go into qemu options and the kernel command line
if [ -n "$RW" ]; then
  [ -d "$RW" ] || die "--rw $RW: no such directory"
  RW=$(cd "$RW" && pwd -P)
  plain "$RW" || die "--rw $RW: the path has characters qemu or the kernel command line cannot take"
fi

"$HERE/setup.sh" --offline --quiet >&2 || die "vm/setup.sh failed"
CACHE=$(cd "${VISTA_VM_CACHE:-$HOME/.cache/vista-vm}" && pwd -P)
KV=$(cat "$CACHE/current")
KD=$CACHE/kernels/$KV

# One directory per boot: the stage 2 script, the kernel console, the status the guest reports.
mkdir -p "$CACHE/runs"
find "$CACHE/runs" -mindepth 1 -maxdepth 1 -mmin +1440 -exec rm -rf {} + 2>/dev/null || true
RUN=$(mktemp -d "$CACHE/runs/run.XXXXXX")

# Stage 2 runs as PID 1 once stage 1 (the initramfs, see vm/setup.sh) has built the root: the
# host's / read-only with a tmpfs overlay, kernel file systems mounted, lo up, module tools in
# /run/vista-vm/bin. The guest reads this script from the host's /. It reports to the host over
# the virtio port vista.ctl and gives the command's output to vista.out. Builtins only: under TCG
# every exec costs about 0.1 s.
{
  echo '#!/bin/bash'
  echo "# vista VM stage 2, written by vm/run.sh for one boot"
  printf 'WORKDIR=%q\nCMD=(' "${RW:-$PWD}"
  printf ' %q' "$@"
  echo ' )'
  cat <<'EOF'
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:/run/vista-vm/bin
export HOME=/root LANG=C.UTF-8 TERM=dumb VISTA_VM=1
halt() { sync; echo o > /proc/sysrq-trigger; sleep 60; }
port() { # the /dev node of the virtio port named $1, in REPLY
  local d n
  for d in /sys/class/virtio-ports/*; do
    read -r n < "$d/name" && [ "$n" = "$1" ] && [ -c "/dev/${d##*/}" ] && REPLY=/dev/${d##*/} && return 0
  done 2>/dev/null
  return 1
}
for i in {1..50}; do
  port vista.ctl && CTL=$REPLY && port vista.out && OUT=$REPLY && break
  CTL= OUT=
  sleep 0.1
done
[ -n "$CTL" ] || { echo "vista-vm stage 2: no virtio ports vista.ctl and vista.out"; halt; }
exec 3>"$CTL" 4>"$OUT"
ulimit -l unlimited || { echo "setup failed: ulimit -l unlimited" >&3; halt; }
cd "$WORKDIR" || { echo "setup failed: cd $WORKDIR" >&3; halt; }
read -r up _ < /proc/uptime
echo "started $up" >&3
"${CMD[@]}" </dev/null >&4 2>&1 3>&- 4>&-
rc=$?
read -r up _ < /proc/uptime
echo "rc $rc $up" >&3
halt
EOF
} > "$RUN/stage2.sh"

RWOPT=()
[ -z "$RW" ] || RWOPT=(-virtfs "local,path=$RW,mount_tag=rw,security_model=none")
# The command's output: virtio port -> FIFO -> cat -> our stdout (works whatever stdout is).
mkfifo "$RUN/out.in" "$RUN/out.out"
cat "$RUN/out.out" &
CAT=$!
# About one JVM in four crashed in JIT-compiled code (SIGSEGV, SIGILL) under QEMU 7.2's multi-threaded
# TCG: the JVM patches machine code on one CPU while another runs it, which MTTCG does not always get
# right. One TCG thread for both vCPUs (thread=single) and a conservative CPU model (no AVX, BMI, ADX)
# keep the JIT on well-trodden paths.
VM_CPU=${VISTA_VM_CPU:-Nehalem}
T0=$(date +%s.%N)
timeout -k 10 "$TIMEOUT" qemu-system-x86_64 \
  -accel tcg,thread=single -cpu "$VM_CPU" -smp "${VISTA_VM_SMP:-2}" -m "${VISTA_VM_MEM:-2G}" \
  -nodefaults -no-reboot -display none -monitor none \
  -kernel "$KD/pkg/boot/vmlinuz-$KV" -initrd "$KD/initrd.cpio.gz" \
  -append "console=ttyS0 panic=-1 quiet mitigations=off vista.kdir=$KD vista.stage2=$RUN/stage2.sh${RW:+ vista.rw=$RW}" \
  -serial "file:$RUN/console.log" \
  -device virtio-serial-pci \
  -chardev "file,id=ctl,path=$RUN/status" -device virtserialport,chardev=ctl,name=vista.ctl \
  -chardev "pipe,id=out,path=$RUN/out" -device virtserialport,chardev=out,name=vista.out \
  -virtfs local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap \
  "${RWOPT[@]}" </dev/null &
QEMU=$!
INTERRUPTED=
trap 'INTERRUPTED=1; kill -TERM $QEMU 2>/dev/null' INT TERM HUP
QRC=0
wait $QEMU || QRC=$?
while kill -0 $QEMU 2>/dev/null; do QRC=0; wait $QEMU || QRC=$?; done # a trap ends wait early
exec 5<>"$RUN/out.out" 5>&- # frees cat if qemu never opened the FIFO (no-op otherwise)
wait $CAT || true
TOTAL=$(awk -v a="$T0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')

STARTED=$(awk '$1 == "started" { print $2 }' "$RUN/status" 2>/dev/null || true)
RC=$(awk '$1 == "rc" { print $2 }' "$RUN/status" 2>/dev/null || true)
console_tail() {
  echo "vm/run: last lines of the kernel console ($RUN/console.log):" >&2
  if [ -s "$RUN/console.log" ]; then tail -n 25 "$RUN/console.log" | sed 's/^/  | /' >&2; else echo "  (empty)" >&2; fi
}
if [ -n "$INTERRUPTED" ]; then
  echo "vm/run: interrupted; the VM was stopped (run directory kept: $RUN)" >&2
  exit 125
fi
if [ -n "$RC" ]; then
  echo "vm/run: $KV: command started ${STARTED} s after boot, exit $RC, ${TOTAL} s in all" >&2
  [ -n "${VISTA_VM_KEEP:-}" ] || rm -rf "$RUN"
  exit "$RC"
fi
if [ "$QRC" = 124 ] || [ "$QRC" = 137 ]; then
  echo "vm/run: TIMEOUT: the VM was stopped after $TIMEOUT s ($( [ -n "$STARTED" ] && echo "the command had started ${STARTED} s after boot" || echo "the command never started"))" >&2
  console_tail
  exit 124
fi
if [ -z "$STARTED" ]; then
  echo "vm/run: the VM never reached the command (qemu exit $QRC after ${TOTAL} s)" >&2
  grep -h '^setup failed' "$RUN/status" 2>/dev/null | sed 's/^/vm\/run: guest: /' >&2 || true
else
  echo "vm/run: the VM stopped before the command finished (qemu exit $QRC after ${TOTAL} s; kernel panic?)" >&2
fi
console_tail
exit 125
