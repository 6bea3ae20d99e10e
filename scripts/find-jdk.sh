#!/usr/bin/env bash
# The one JDK discovery of the project: every script that runs Java or Maven sources this file.
#   source scripts/find-jdk.sh; JAVA_HOME=$(find_jdk) || exit 1
#   source scripts/find-jdk.sh; locate_jdk || exit 1; JAVA_HOME=$JDK_HOME   # the same, without a subshell
# find_jdk prints the home of the first JDK 25 or newer among: $JAVA_HOME, the `java` on the PATH,
# then the JDKs under ${VISTA_JVM_DIR:-/usr/lib/jvm} (Temurin 25 first). A candidate that is too old
# is passed over with a note on stderr; with none, it fails saying what to install. It installs no
# JDK: Debian 12 has none that new, so JDK 25 is a prerequisite (README, Requirements).

# Sets JDK_VERSION to the feature version (17, 25...) of the JDK at $1, or fails if it has no java and javac.
# The JDK's `release` file says it without starting a JVM; read in bash, without a subshell or another
# process: ./vista --version runs this every time, and each process costs milliseconds (0.1 s under emulation).
jdk_feature_version() {
  JDK_VERSION=
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 1
  if [ -r "$1/release" ]; then
    local line
    while IFS= read -r line; do
      if [[ $line =~ ^JAVA_VERSION=\"(1\.)?([0-9]+) ]]; then
        JDK_VERSION=${BASH_REMATCH[2]}
        return 0
      fi
    done <"$1/release"
  else
    JDK_VERSION=$("$1/bin/java" -XshowSettings:properties -version 2>&1 |
      sed -nE 's/^ *java\.specification\.version = ([0-9]+).*/\1/p')
  fi
}

# Sets JAVA_ON_PATH_HOME to the home of the `java` on the PATH, or fails if there is none. A JDK under the
# JVM directory that holds that very file is found with bash's own test (-ef); only a java from elsewhere
# takes readlink.
java_on_path_home() {
  local java= dir dirs
  JAVA_ON_PATH_HOME=
  IFS=: read -r -a dirs <<<"$PATH"
  for dir in "${dirs[@]}"; do
    if [ -f "${dir:-.}/java" ] && [ -x "${dir:-.}/java" ]; then
      java=${dir:-.}/java
      break
    fi
  done
  [ -n "$java" ] || return 1
  for dir in "$1"/*; do
    if [ ! -L "$dir" ] && [ "$dir/bin/java" -ef "$java" ]; then
      JAVA_ON_PATH_HOME=$dir
      return 0
    fi
  done
  java=$(readlink -f "$java")
  java=${java%/*}  # .../bin
  JAVA_ON_PATH_HOME=${java%/*}
}

# Sets JDK_HOME to the home of the first JDK 25 or newer (the order above), or fails saying what to install.
locate_jdk() {
  local jvm_dir=${VISTA_JVM_DIR:-/usr/lib/jvm} candidates=() home
  local -A seen=()
  JDK_HOME=
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  if java_on_path_home "$jvm_dir"; then
    candidates+=("$JAVA_ON_PATH_HOME")
  fi
  candidates+=("$jvm_dir"/temurin-25-jdk* "$jvm_dir"/*)
  for home in "${candidates[@]}"; do
    [ -z "${seen[$home]:-}" ] || continue
    seen[$home]=1
    jdk_feature_version "$home" || JDK_VERSION=
    if [ -n "$JDK_VERSION" ] && [ "$JDK_VERSION" -ge 25 ]; then
      JDK_HOME=$home
      return 0
    fi
    if [ "$home" = "${JAVA_HOME:-}" ]; then
      echo "find-jdk: JAVA_HOME=$JAVA_HOME is ${JDK_VERSION:+JDK }${JDK_VERSION:-not a JDK}; vista needs JDK 25 or newer: looking further" >&2
    fi
  done
  echo "find-jdk: no JDK 25 or newer: not in JAVA_HOME (${JAVA_HOME:-unset}), not the java on the PATH, not under $jvm_dir." >&2
  echo "find-jdk: install one, e.g. Eclipse Temurin 25 (package temurin-25-jdk from Adoptium's apt repository, or its tar.gz unpacked under $jvm_dir), or set JAVA_HOME to a JDK 25." >&2
  return 1
}

# Prints JDK_HOME as locate_jdk finds it.
find_jdk() {
  locate_jdk && echo "$JDK_HOME"
}
