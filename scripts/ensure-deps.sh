#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages vista needs to build and run, those that are missing only:
# running it again changes nothing.
#   scripts/ensure-deps.sh             # the packages below
#   scripts/ensure-deps.sh PACKAGE...  # these instead
#   source scripts/ensure-deps.sh      # defines ensure_packages and VISTA_PACKAGES, installs nothing

# clang/llvm compile the BPF objects; libbpf is loaded at run time (libbpf-dev for its headers; gcc
# compiles them in the layout tests);
# bpftool checks what is loaded; libpcap compiles filters; iproute2, iptables, nftables and ping drive the
# test beds and the demo; bpftrace is the peer the load benchmark compares against.
VISTA_PACKAGES=(clang-19 llvm-19 libbpf1 libbpf-dev bpftool libpcap0.8-dev gcc libc6-dev iproute2 iptables iputils-ping nftables bpftrace)

# Installs the given packages that dpkg does not list as installed (one dpkg-query for all: cheap).
ensure_packages() {
  local installed missing=() package
  installed=$(dpkg-query -W -f='${Package} ${Status}\n' "$@" 2>/dev/null | awk '/ install ok installed$/ {print $1}')
  for package in "$@"; do
    if ! grep -qxF -e "$package" <<<"$installed"; then
      missing+=("$package")
    fi
  done
  if [ ${#missing[@]} -eq 0 ]; then
    return 0
  fi
  local as_root=()
  if [ "$(id -u)" != 0 ]; then
    if ! command -v sudo >/dev/null; then
      echo "ensure-deps: missing packages ${missing[*]}: install them as root" >&2
      return 1
    fi
    as_root=(sudo)
  fi
  echo "ensure-deps: installing ${missing[*]}" >&2
  "${as_root[@]}" apt-get update -qq &&
    "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -euo pipefail
  if [ $# -eq 0 ]; then
    set -- "${VISTA_PACKAGES[@]}"
  fi
  ensure_packages "$@"
fi
