#!/usr/bin/env bash
# vm/setup.sh: prepares, once, what vm/run.sh needs to boot a Debian 6.12 kernel (kprobes, fprobe,
# fentry) under qemu: the host tools, the kernel package and a busybox initramfs. Everything lives
# in a cache outside the repository; a step whose output is already there is skipped.
#
#   vm/setup.sh              resolve the newest linux-image-6.12*-amd64 in bookworm-backports and
#                            prepare it (a second run only re-reads the package index: ~1 s)
#   vm/setup.sh --offline    use the kernel already prepared, if any: no network (vm/run.sh does this)
#   vm/setup.sh --quiet      print only what was done, not what was already there
#
# VISTA_VM_CACHE          cache directory (default ~/.cache/vista-vm)
#
# Cache layout: apt/ (a private apt configuration: /etc is untouched), kernels/<uname -r>/ (the
# unpacked package with a busybox modules.dep, initrd.cpio.gz, and a .ready stamp), current (the
# kernel vm/run.sh boots), runs/ (one directory per vm/run.sh boot), selftest/ (vm/selftest.sh).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SUITE=bookworm-backports
SERIES=6.12
OFFLINE=0
QUIET=0
for arg in "$@"; do
  case $arg in
    --offline) OFFLINE=1 ;;
    --quiet) QUIET=1 ;;
    -h|--help) sed -n '2,15p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "vm/setup: unknown argument '$arg' (try --help)" >&2; exit 2 ;;
  esac
done

did() { echo "vm/setup: $*"; }                       # something was done
had() { [ "$QUIET" = 1 ] || echo "vm/setup: $*"; }   # it was already there
die() { echo "vm/setup: ERROR: $*" >&2; exit 1; }
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f s", b - a }'; }
T0=$(now)

mkdir -p "${VISTA_VM_CACHE:-${HOME:?}/.cache/vista-vm}"
CACHE=$(cd "${VISTA_VM_CACHE:-$HOME/.cache/vista-vm}" && pwd -P)
# The cache path goes into qemu options and the kernel command line: keep it to plain characters.
[[ $CACHE =~ ^[A-Za-z0-9._/+@-]+$ ]] || die "cache path '$CACHE' has characters qemu or the kernel command line cannot take; set VISTA_VM_CACHE"
exec 9>"$CACHE/.lock"
flock 9 # one setup at a time (parallel test runs share the cache)

# --- 1. host tools -----------------------------------------------------------------------------
# qemu runs the VM, busybox-static is the initramfs and the guest's depmod/modprobe, xz unpacks.
# Cheap check first; the project's ensure_packages runs apt-get update -qq and installs what is missing.
static_busybox() { [ -x /bin/busybox ] && ! ldd /bin/busybox >/dev/null 2>&1; }
if ! command -v qemu-system-x86_64 >/dev/null || ! static_busybox || ! command -v xz >/dev/null; then
  # shellcheck source=../scripts/ensure-deps.sh
  source "$HERE/../scripts/ensure-deps.sh"
  t=$(now)
  ensure_packages qemu-system-x86 busybox-static xz-utils >&2 || die "could not install qemu-system-x86 busybox-static xz-utils"
  static_busybox || die "/bin/busybox is not the static busybox (package busybox-static)"
  did "installed qemu-system-x86 busybox-static xz-utils ($(since "$t"))"
else
  had "host tools: qemu-system-x86_64, static busybox and xz are installed"
fi

# --- 2. which kernel ---------------------------------------------------------------------------
# A private apt configuration under the cache: same mirror as the machine's own sources, backports suite.
APT=(-o "Dir::Etc::sourcelist=$CACHE/apt/sources.list" -o Dir::Etc::sourceparts=-
     -o "Dir::State::Lists=$CACHE/apt/lists" -o "Dir::Cache=$CACHE/apt/cache"
     -o APT::Sandbox::User=root -o Acquire::Languages=none)
mirror_uri() {
  if [ -r /etc/apt/sources.list.d/debian.sources ]; then
    awk '/^URIs:/ { print $2; exit }' /etc/apt/sources.list.d/debian.sources
  elif [ -r /etc/apt/sources.list ]; then
    awk '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i !~ /^\[/ && $i !~ /\]$/) { print $i; exit } }' /etc/apt/sources.list
  fi
}
ready() { [ -f "$CACHE/kernels/$1/.ready" ]; }

CURRENT=$(cat "$CACHE/current" 2>/dev/null || true)
KV= PKG= VER=
if [ "$OFFLINE" = 1 ] && [ -n "$CURRENT" ] && ready "$CURRENT"; then
  KV=$CURRENT
  had "kernel: $KV (prepared earlier; --offline: not looking for a newer one)"
else
  uri=$(mirror_uri)
  [ -n "$uri" ] || die "no Debian mirror URI found in /etc/apt/sources.list.d/debian.sources or /etc/apt/sources.list"
  mkdir -p "$CACHE/apt/lists/partial" "$CACHE/apt/cache/archives/partial"
  keyring=/usr/share/keyrings/debian-archive-keyring.gpg
  opts=; [ -r "$keyring" ] && opts="[signed-by=$keyring] "
  echo "deb $opts$uri $SUITE main" > "$CACHE/apt/sources.list"
  t=$(now)
  if apt-get "${APT[@]}" update -qq >"$CACHE/apt/update.log" 2>&1; then
    # Generic flavour only (not cloud/rt; not -dbg), signed if there is one, newest version wins.
    names=$(apt-cache "${APT[@]}" pkgnames "linux-image-$SERIES." | grep -E "^linux-image-${SERIES//./\\.}\.[0-9]+\+[A-Za-z0-9.~]+-amd64$" || true)
    [ -n "$names" ] || names=$(apt-cache "${APT[@]}" pkgnames "linux-image-$SERIES." | grep -E "^linux-image-${SERIES//./\\.}\.[0-9]+\+[A-Za-z0-9.~]+-amd64-unsigned$" || true)
    [ -n "$names" ] || die "no linux-image-$SERIES*-amd64 package in $SUITE at $uri"
    while read -r p v; do
      if [ -z "$VER" ] || dpkg --compare-versions "$v" gt "$VER"; then PKG=$p VER=$v; fi
    done < <(apt-cache "${APT[@]}" show --no-all-versions $names | awk '/^Package:/ { p = $2 } /^Version:/ { print p, $2 }')
    KV=${PKG#linux-image-}; KV=${KV%-unsigned}
    had "kernel: newest in $SUITE is $PKG $VER (index read in $(since "$t"))"
  elif [ -n "$CURRENT" ] && ready "$CURRENT"; then
    KV=$CURRENT
    echo "vm/setup: WARNING: could not read the $SUITE index (see $CACHE/apt/update.log); keeping kernel $KV" >&2
  else
    cat "$CACHE/apt/update.log" >&2
    die "could not read the $SUITE package index from $uri"
  fi
fi
KD=$CACHE/kernels/$KV
MODS=$KD/pkg/lib/modules/$KV

# --- 3. the kernel package ---------------------------------------------------------------------
if ready "$KV"; then
  had "kernel $KV: unpacked already ($KD)"
else
  rm -rf "$KD"
  mkdir -p "$KD/download"
  t=$(now)
  (cd "$KD/download" && apt-get "${APT[@]}" download -q "$PKG=$VER" >/dev/null) || die "apt-get download $PKG=$VER failed"
  did "downloaded $PKG $VER ($(du -sh "$KD/download" | cut -f1), $(since "$t"))"
  t=$(now)
  dpkg -x "$KD"/download/*.deb "$KD/pkg"
  rm -rf "$KD/download"
  [ -f "$KD/pkg/boot/vmlinuz-$KV" ] && [ -d "$MODS" ] || die "$PKG has no boot/vmlinuz-$KV or lib/modules/$KV"
  # What the tests need from this kernel, and what the VM needs to boot.
  config=$KD/pkg/boot/config-$KV
  for option in KPROBES FPROBE BPF_SYSCALL DEBUG_INFO_BTF FUNCTION_TRACER DYNAMIC_FTRACE_WITH_DIRECT_CALLS; do
    grep -qx "CONFIG_$option=y" "$config" || die "$PKG lacks CONFIG_$option=y"
  done
  for option in NET_9P NET_9P_VIRTIO 9P_FS OVERLAY_FS VIRTIO_PCI VIRTIO_CONSOLE; do
    grep -qE "^CONFIG_$option=(y|m)$" "$config" || die "$PKG lacks CONFIG_$option"
  done
  # Modules stay xz-compressed: busybox depmod/modprobe/insmod read .ko.xz (the host has no kmod).
  busybox depmod -b "$KD/pkg" "$KV"
  echo "$PKG $VER" > "$KD/.ready"
  did "unpacked $PKG and ran depmod ($(du -sh "$KD/pkg" | cut -f1), $(since "$t"))"
fi

# --- 4. the initramfs --------------------------------------------------------------------------
# Stage 1 of the boot, from RAM with busybox (fast: an exec over 9p costs ~0.1 s under TCG). It
# prepares the root file system and hands over to the stage 2 script vm/run.sh wrote for this boot.
# Kernel parameters: vista.stage2=FILE, vista.kdir=DIR (this kernel in the cache), vista.rw=DIR.
INIT=$(cat <<'EOF'
#!/bin/busybox sh
/bin/busybox --install -s /bin
export PATH=/bin
fail() { echo "vista-vm stage 1: $*"; echo o > /proc/sysrq-trigger; sleep 60; }
m() { mount "$@" || fail "mount $* failed"; }
mkdir -p /proc /sys /dev /host /overlay /newroot
m -t proc proc /proc
m -t devtmpfs devtmpfs /dev
for mod in $(cat /mod/order); do insmod /mod/$mod.ko || fail "insmod $mod failed"; done
for x in $(cat /proc/cmdline); do
  case $x in vista.stage2=*) STAGE2=${x#*=} ;; vista.kdir=*) KDIR=${x#*=} ;; vista.rw=*) RW=${x#*=} ;; esac
done
# Root: the host's / read-only over 9p, a tmpfs overlay on top (writes vanish at power-off).
O=trans=virtio,version=9p2000.L,msize=512000
m -t 9p -o $O,ro,cache=loose hostroot /host
m -t tmpfs -o mode=755 tmpfs /overlay
mkdir /overlay/upper /overlay/work
m -t overlay -o lowerdir=/host,upperdir=/overlay/upper,workdir=/overlay/work overlay /newroot
R=/newroot
# Kernel file systems (they move with the new root at switch_root).
m -t proc proc $R/proc
m -t sysfs sysfs $R/sys
m -t devtmpfs devtmpfs $R/dev
mkdir -p $R/dev/pts $R/dev/shm
m -t devpts devpts $R/dev/pts
m -t tmpfs -o mode=1777 tmpfs $R/dev/shm
ln -sfn /proc/self/fd $R/dev/fd
ln -sfn /proc/self/fd/0 $R/dev/stdin
ln -sfn /proc/self/fd/1 $R/dev/stdout
ln -sfn /proc/self/fd/2 $R/dev/stderr
m -t tmpfs -o mode=755 tmpfs $R/run
m -t tmpfs -o mode=1777 tmpfs $R/tmp
m -t bpf bpf $R/sys/fs/bpf
m -t tracefs tracefs $R/sys/kernel/tracing
m -t debugfs debugfs $R/sys/kernel/debug
m -t cgroup2 cgroup2 $R/sys/fs/cgroup
# The --rw directory read-write at the same path (after /tmp and /run: it may be below them).
if [ -n "$RW" ]; then mkdir -p $R$RW && m -t 9p -o $O rw $R$RW; fi
# This kernel's modules and config (bpftool feature probe reads /boot/config-$(uname -r)).
mkdir -p $R/lib/modules $R/boot
m -o bind $R$KDIR/pkg/lib/modules $R/lib/modules
cp $R$KDIR/pkg/boot/config-$(uname -r) $R/boot/ || fail "no kernel config in $KDIR"
# Module tools from busybox (it reads .ko.xz) for those the host lacks (it has no kmod).
mkdir -p $R/run/vista-vm/bin && cp /bin/busybox $R/run/vista-vm/bin/
MODPROBE=/run/vista-vm/bin/modprobe
for t in modprobe insmod rmmod lsmod modinfo; do
  host=
  for d in /usr/sbin /sbin /usr/bin /bin; do [ -e $R$d/$t ] || [ -L $R$d/$t ] && host=$d/$t && break; done
  if [ -z "$host" ]; then ln -s busybox $R/run/vista-vm/bin/$t; elif [ $t = modprobe ]; then MODPROBE=$host; fi
done
echo $MODPROBE > /proc/sys/kernel/modprobe
ip link set lo up || fail "ip link set lo up failed"
echo vista-vm > /proc/sys/kernel/hostname
echo "127.0.1.1 vista-vm" >> $R/etc/hosts
[ -f "$R$STAGE2" ] || fail "no stage 2 script '$STAGE2'"
umount /proc /dev
exec switch_root /newroot /bin/bash "$STAGE2"
EOF
)
# The modules stage 1 needs, dependencies first (from busybox depmod's modules.dep); built-ins are skipped.
WANT="virtio_pci virtio_console 9pnet_virtio 9p overlay"
# shellcheck disable=SC2016
ORDER=$(awk -v want="$WANT" '
  function name(p) { sub(/^.*\//, "", p); sub(/\.ko(\.(xz|gz|zst))?$/, "", p); gsub(/-/, "_", p); return p }
  function visit(n,   i, k, d) {
    if (n in seen) return
    seen[n] = 1
    k = split(deps[n], d, " ")
    for (i = 1; i <= k; i++) visit(name(d[i]))
    print path[n]
  }
  { p = $1; sub(/:$/, "", p); n = name(p); path[n] = p; $1 = ""; deps[n] = $0 }
  END { k = split(want, w, " "); for (i = 1; i <= k; i++) if (w[i] in path) visit(w[i]) }' "$MODS/modules.dep")
for m in $WANT; do
  grep -qE "/${m//_/[-_]}\.ko" <<<"$ORDER" || grep -qE "/${m//_/[-_]}\.ko$" "$MODS/modules.builtin" || die "kernel $KV has no module $m"
done
STAMP=$( { echo "$INIT"; echo "$ORDER"; sha256sum /bin/busybox; } | sha256sum | cut -d' ' -f1)
if [ -f "$KD/initrd.cpio.gz" ] && [ "$(cat "$KD/initrd.sha256" 2>/dev/null)" = "$STAMP" ]; then
  had "initramfs: up to date ($KD/initrd.cpio.gz)"
else
  t=$(now)
  tmp=$KD/initrd.tmp
  rm -rf "$tmp" && mkdir -p "$tmp/bin" "$tmp/mod"
  cp /bin/busybox "$tmp/bin/"
  printf '%s\n' "$INIT" > "$tmp/init" && chmod 755 "$tmp/init"
  names=()
  while read -r p; do
    [ -n "$p" ] || continue
    n=${p##*/}; n=${n%%.ko*}
    case $p in
      *.ko.xz) xz -dc "$MODS/$p" > "$tmp/mod/$n.ko" ;;
      *.ko.zst) zstd -qdc "$MODS/$p" > "$tmp/mod/$n.ko" ;;
      *.ko.gz) gzip -dc "$MODS/$p" > "$tmp/mod/$n.ko" ;;
      *) cp "$MODS/$p" "$tmp/mod/$n.ko" ;;
    esac
    names+=("$n")
  done <<<"$ORDER"
  printf '%s\n' "${names[@]}" > "$tmp/mod/order"
  (cd "$tmp" && find . | busybox cpio -o -H newc 2>/dev/null | gzip -1 > "$KD/initrd.cpio.gz.new")
  mv "$KD/initrd.cpio.gz.new" "$KD/initrd.cpio.gz"
  echo "$STAMP" > "$KD/initrd.sha256"
  rm -rf "$tmp"
  did "built the initramfs: busybox + ${names[*]} ($(du -h "$KD/initrd.cpio.gz" | cut -f1), $(since "$t"))"
fi

# --- 5. make it current, drop older kernels ------------------------------------------------------
if [ "$CURRENT" != "$KV" ]; then
  echo "$KV" > "$CACHE/current.new" && mv "$CACHE/current.new" "$CACHE/current"
  for old in "$CACHE"/kernels/*; do
    [ "$old" = "$KD" ] || [ ! -d "$old" ] || { rm -rf "$old"; did "removed the older kernel ${old##*/}"; }
  done
  did "vm/run.sh now boots $KV"
fi
had "ready: kernel $KV, cache $CACHE ($(du -sh "$CACHE" | cut -f1)), setup took $(since "$T0")"
