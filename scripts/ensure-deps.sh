#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages vista needs for a purpose, those that are missing only: running
# it again changes nothing. Every failure says what failed (package, command, exit status).
#   scripts/ensure-deps.sh run|build|test|bench...   # the packages of these purposes
#   scripts/ensure-deps.sh --packages PACKAGE...     # these packages instead
#   scripts/ensure-deps.sh --stamp FILE run...       # skipped while dpkg changed nothing since FILE was
#                                                    # touched, which a complete check does (./vista)
#   source scripts/ensure-deps.sh                    # defines ensure_packages and packages_for, installs nothing

# run: the CLI and its demo (libbpf loads the programs, libpcap compiles filters, ip/iptables/ping
#      build the demo's namespaces, drop rule and traffic, nft lists the tables whose verdicts are
#      observed: Debian's iptables keeps its rules in nftables tables);
# build: the BPF objects (clang/llvm-strip, libbpf's headers);
# test: the tests on top of run and build (bpftool lists loaded programs, gcc checks struct layouts
#       against <bpf/libbpf.h> and <pcap/pcap.h>, arptables-legacy's
#       ARP table in the VM, tshark and capinfos read the pcapng captures); the VM's own
#       packages are vm/setup.sh's;
# bench: bpftrace, the peer the load harness compares against.
VISTA_PACKAGES_RUN=(libbpf1 libpcap0.8 iproute2 iptables iputils-ping nftables)
VISTA_PACKAGES_BUILD=(clang-19 llvm-19 libbpf-dev)
VISTA_PACKAGES_TEST=(arptables bpftool gcc libc6-dev libpcap0.8-dev tshark)
VISTA_PACKAGES_BENCH=(bpftrace)

# Sets PACKAGES to the packages of the given purposes.
packages_for() {
  local purpose
  PACKAGES=()
  for purpose in "$@"; do
    case $purpose in
      run) PACKAGES+=("${VISTA_PACKAGES_RUN[@]}") ;;
      build) PACKAGES+=("${VISTA_PACKAGES_BUILD[@]}") ;;
      test) PACKAGES+=("${VISTA_PACKAGES_RUN[@]}" "${VISTA_PACKAGES_BUILD[@]}" "${VISTA_PACKAGES_TEST[@]}") ;;
      bench) PACKAGES+=("${VISTA_PACKAGES_BENCH[@]}") ;;
      *) echo "ensure-deps: unknown purpose '$purpose' (run, build, test or bench)" >&2; return 2 ;;
    esac
  done
}

# Installs the given packages that dpkg does not list as installed.
ensure_packages() {
  local installed missing=() package status
  # dpkg-query exits 1 when it has never heard of a package: that only means "not installed".
  installed=$(dpkg-query -W -f='${Package} ${Status}\n' "$@" 2>/dev/null || true)
  for package in "$@"; do
    if ! grep -qxF -e "$package install ok installed" <<<"$installed"; then
      missing+=("$package")
    fi
  done
  [ ${#missing[@]} -eq 0 ] && return 0

  if [ "$(id -u)" != 0 ]; then
    echo "ensure-deps: missing packages: ${missing[*]}; installing them needs root (run this command as root, or install them first)" >&2
    return 1
  fi
  if ! command -v apt-get >/dev/null; then
    echo "ensure-deps: missing packages: ${missing[*]}; this machine has no apt-get: install their equivalents with its package manager" >&2
    return 1
  fi
  echo "ensure-deps: installing ${missing[*]}" >&2
  apt-get update -qq || {
    status=$?
    echo "ensure-deps: 'apt-get update' failed with exit status $status; missing packages: ${missing[*]}" >&2
    return 1
  }
  for package in "${missing[@]}"; do
    if ! apt-cache show --no-all-versions "$package" >/dev/null 2>&1; then
      echo "ensure-deps: apt knows no package named '$package' (after apt-get update): check the name and the machine's apt sources" >&2
      return 1
    fi
  done
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o Dpkg::Use-Pty=0 --no-install-recommends "${missing[@]}" || {
    status=$?
    echo "ensure-deps: 'apt-get install ${missing[*]}' failed with exit status $status" >&2
    return 1
  }
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -euo pipefail
  stamp=
  if [ "${1:-}" = --stamp ]; then
    stamp=${2:?"--stamp needs a file"}
    shift 2
    # dpkg rewrites its status file whenever a package is installed or removed.
    if [ /var/lib/dpkg/status -ot "$stamp" ]; then
      exit 0
    fi
  fi
  if [ "${1:-}" = --packages ]; then
    shift
    PACKAGES=("$@")
  else
    [ $# -gt 0 ] || { echo "usage: scripts/ensure-deps.sh run|build|test|bench... | --packages PACKAGE..." >&2; exit 2; }
    packages_for "$@" || exit 2
  fi
  if [ ${#PACKAGES[@]} -gt 0 ]; then
    ensure_packages "${PACKAGES[@]}"
  fi
  if [ -n "$stamp" ] && [ -d "$(dirname "$stamp")" ]; then
    touch "$stamp"
  fi
fi
