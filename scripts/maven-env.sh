#!/usr/bin/env bash
# Sourced before ./mvnw (by ./vista, ./run-tests and the other scripts; by hand in your shell):
#   source scripts/maven-env.sh && ./mvnw -B install
# Exports what the standard Maven Wrapper reads:
# - JAVA_HOME: the JDK 25 of scripts/find-jdk.sh (the machine's default java may be older);
# - MVNW_REPOURL: the Maven repository the wrapper downloads its pinned Maven from, unless already
#   set: the machine's own choice, as Maven would make it: a <mirror> in the user's or the installed
#   Maven's settings.xml, else the central repository built into the installed Maven. The repository
#   names no repository host of its own (.mvn/wrapper/maven-wrapper.properties holds only the path).
# Fails (returns 1) with a message saying what to set when either cannot be found.

# Prints the URL of the first <mirror> of central in the settings.xml files Maven would read.
maven_settings_mirror() {
  local settings
  for settings in "${HOME:-/root}/.m2/settings.xml" /etc/maven/settings.xml /usr/share/maven/conf/settings.xml; do
    [ -r "$settings" ] || continue
    # Comments out, one tag per line, then each <mirror>: its mirrorOf must cover central and it
    # must not be blocked (Maven's default settings block plain-HTTP repositories that way).
    perl -0pe 's/<!--.*?-->//gs; s/></>\n</g' "$settings" | awk '
      /<mirror>/ { of = ""; url = ""; blocked = "" }
      /<mirrorOf>/ { of = $0; gsub(/.*<mirrorOf>[[:space:]]*|[[:space:]]*<\/mirrorOf>.*/, "", of) }
      /<url>/ { url = $0; gsub(/.*<url>[[:space:]]*|[[:space:]]*<\/url>.*/, "", url) }
      /<blocked>/ { blocked = $0 ~ /true/ }
      /<\/mirror>/ && !blocked && url != "" && ("," of ",") ~ /,(\*|central|external:\*),/ { print url; exit }
    ' | grep . && return 0
  done
  return 1
}

# Prints the central repository's URL from the super POM of the installed Maven.
maven_builtin_central() {
  local mvn_bin jar
  mvn_bin=$(command -v mvn 2>/dev/null) || return 1
  for jar in "$(dirname "$(dirname "$(readlink -f "$mvn_bin")")")"/lib/maven-model-builder*.jar; do
    [ -r "$jar" ] || continue
    unzip -p "$jar" org/apache/maven/model/pom-4.0.0.xml 2>/dev/null |
      sed -n '/<id>central<\/id>/,/<\/url>/{s/.*<url>\([^<]*\)<\/url>.*/\1/p}' | head -n 1 | grep . && return 0
  done
  return 1
}

maven_env() {
  local here java_home repo
  here=$(dirname "${BASH_SOURCE[0]}")
  # shellcheck source=find-jdk.sh
  source "$here/find-jdk.sh"
  java_home=$(find_jdk) || return 1
  export JAVA_HOME=$java_home
  if [ -z "${MVNW_REPOURL:-}" ]; then
    if ! repo=$(maven_settings_mirror || maven_builtin_central); then
      echo "maven-env: cannot tell which Maven repository to download Maven from: no <mirror> in settings.xml and no installed Maven; set MVNW_REPOURL to your Maven repository's base URL (Maven Central's, or your mirror's)" >&2
      return 1
    fi
    export MVNW_REPOURL=${repo%/}
  fi
  # Maven's own libraries (Guice, Guava) use sun.misc.Unsafe, which JDK 24+ warns about on every run.
  case " ${MAVEN_OPTS:-} " in
    *" --sun-misc-unsafe-memory-access="*) ;;
    *) export MAVEN_OPTS="${MAVEN_OPTS:+$MAVEN_OPTS }--sun-misc-unsafe-memory-access=allow" ;;
  esac
}

maven_env
