#!/usr/bin/env bash
# Sourced: find_jdk prints the home of a JDK 25 or newer (Temurin 25 first, then any under
# /usr/lib/jvm), or fails saying what to install. The machine's default java may be older.
find_jdk() {
  local home
  for home in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*; do
    if [ -x "$home/bin/java" ] && "$home/bin/java" -version 2>&1 | head -1 | grep -Eq '"(2[5-9]|[3-9][0-9])[."]'; then
      echo "$home"
      return 0
    fi
  done
  echo "no JDK 25 or newer under /usr/lib/jvm: install one (e.g. temurin-25-jdk)" >&2
  return 1
}
