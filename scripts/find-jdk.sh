#!/usr/bin/env bash
# The one JDK discovery of the project: every script that runs Java or Maven sources this file.
#   source scripts/find-jdk.sh; JAVA_HOME=$(find_jdk) || exit 1
# find_jdk prints the home of the first JDK 25 or newer among: $JAVA_HOME, the `java` on the PATH,
# then the JDKs under ${VISTA_JVM_DIR:-/usr/lib/jvm} (Temurin 25 first). A candidate that is too old
# is passed over with a note on stderr; with none, it fails saying what to install. It installs no
# JDK: Debian 12 has none that new, so JDK 25 is a prerequisite (README, Requirements).

# Prints the feature version (17, 25...) of the JDK at $1, or fails if it has no java and javac.
# The JDK's `release` file says it without starting a JVM.
jdk_feature_version() {
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 1
  if [ -r "$1/release" ]; then
    local line  # read in bash, not with sed: ./vista --version runs this every time
    while IFS= read -r line; do
      if [[ $line =~ ^JAVA_VERSION=\"(1\.)?([0-9]+) ]]; then
        echo "${BASH_REMATCH[2]}"
        return 0
      fi
    done <"$1/release"
  else
    "$1/bin/java" -XshowSettings:properties -version 2>&1 |
      sed -nE 's/^ *java\.specification\.version = ([0-9]+).*/\1/p'
  fi
}

find_jdk() {
  local jvm_dir=${VISTA_JVM_DIR:-/usr/lib/jvm} candidates=() home version path_java
  local -A seen=()
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  if path_java=$(command -v java 2>/dev/null); then
    path_java=$(readlink -f "$path_java")
    path_java=${path_java%/*}  # .../bin
    candidates+=("${path_java%/*}")
  fi
  candidates+=("$jvm_dir"/temurin-25-jdk* "$jvm_dir"/*)
  for home in "${candidates[@]}"; do
    [ -z "${seen[$home]:-}" ] || continue
    seen[$home]=1
    version=$(jdk_feature_version "$home") || version=
    if [ -n "$version" ] && [ "$version" -ge 25 ]; then
      echo "$home"
      return 0
    fi
    if [ "$home" = "${JAVA_HOME:-}" ]; then
      echo "find-jdk: JAVA_HOME=$JAVA_HOME is ${version:+JDK }${version:-not a JDK}; vista needs JDK 25 or newer: looking further" >&2
    fi
  done
  echo "find-jdk: no JDK 25 or newer: not in JAVA_HOME (${JAVA_HOME:-unset}), not the java on the PATH, not under $jvm_dir." >&2
  echo "find-jdk: install one, e.g. Eclipse Temurin 25 (package temurin-25-jdk from Adoptium's apt repository, or its tar.gz unpacked under $jvm_dir), or set JAVA_HOME to a JDK 25." >&2
  return 1
}
