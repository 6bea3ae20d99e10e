#!/usr/bin/env bash
# The JDK's AOT cache for the CLI, made on the machine that uses it (sourced by ./vista):
#   source scripts/aot-cache.sh; aot_cache_options JAVA_HOME JAR [CLI ARGS...]   -> the array AOT_OPTS
# (the run's other JVM options are read from the array JAVA_OPTS: the cache is made with the same ones).
# A cache holds this JDK's classes as loaded and linked by this jar, method profiles and code for this CPU (a
# cache made on another CPU crashed the JVM with SIGILL), so it cannot be shipped. The first run records what
# the CLI loads (-XX:AOTMode=record), the next run assembles the cache from that recording in the background at
# the lowest priority (and runs without it), and the runs after it map the cache: start-up in the VM 37 -> 25-29 s
# (BENCHMARKS.md, "Second round"). The files live beside the jar, in target/aot/, named by a checksum of the
# JDK, the CPU, the JVM options and the jar; a cache is published by rename, so no run maps a half-written one.
# A cache the JVM cannot use (another JDK build, other options) is skipped by the JVM itself. JAVA_OPTS must hold
# every option of the runs that sets a module property (--enable-native-access): a cache assembled without it
# still maps, but without its module graph and method profiles, and says so only in its log. The JVM's own
# messages go to stderr: stdout is the CLI's data. VISTA_AOT_CACHE=off runs without any of this.

# Whether the CLI's arguments ask for the version or the help (-V, --version, -h, --help anywhere), which the CLI
# prints and exits: a run of a tenth of a second (cli-command.sh starts its JVM lighter for it too).
cli_prints_only_version_or_help() {
  local arg
  for arg; do
    case $arg in -h|--help|-V|--version) return 0 ;; esac
  done
  return 1
}

aot_cache_options() {
  local java_home=$1 jar=$2 dir key conf pid line text=
  shift 2
  AOT_OPTS=()
  [ "${VISTA_AOT_CACHE:-on}" != off ] || return 0
  # --help and --version would train a cache on almost nothing (and need none).
  ! cli_prints_only_version_or_help "$@" || return 0
  dir=${jar%/*}/aot
  mkdir -p "$dir" 2>/dev/null && [ -w "$dir" ] || return 0
  # Files made before the jar are of an older one (the JVM would refuse them: it checks the jar's time).
  local old=()
  for line in "$dir"/vista-*; do
    [ ! -e "$line" ] || [ "$line" -nt "$jar" ] || old+=("$line")
  done
  [ ${#old[@]} -eq 0 ] || rm -f "${old[@]}"
  # Read with builtins: under emulation every process costs about 0.1 s.
  if [ -r "$java_home/release" ]; then
    while IFS= read -r line; do text+=$line$'\n'; done <"$java_home/release"
  fi
  while IFS= read -r line; do
    case $line in "model name"*|flags*) text+=$line$'\n' ;; "") break ;; esac
  done </proc/cpuinfo
  text+=${JAVA_OPTS[*]:-}
  key=$(cksum - "$jar" <<<"$text" | { read -r a _ && read -r b _ && echo "$a-$b"; }) || return 0
  local cache=$dir/vista-$key.aot quiet=(-XX:+DisplayVMOutputToStderr '-Xlog:aot*=off,cds*=off')
  if [ -f "$cache" ]; then
    AOT_OPTS=("${quiet[@]}" "-XX:AOTCache=$cache")
    return 0
  fi
  for conf in "$dir/vista-$key.conf".*; do
    [ -f "$conf" ] || continue
    pid=${conf##*.}
    ! kill -0 "$pid" 2>/dev/null || return 0  # that run is still recording
    # Its run has ended: assemble in the background, detached from this run, which goes on without a cache.
    (
      if nice -n 19 "$java_home/bin/java" "${JAVA_OPTS[@]}" "${quiet[@]}" -XX:AOTMode=create "-XX:AOTConfiguration=$conf" \
          "-XX:AOTCache=$cache.$$" -cp "$jar"; then
        mv -f "$cache.$$" "$cache"
      fi
      rm -f "$conf" "$cache.$$"
    ) </dev/null >/dev/null 2>&1 &
    return 0
  done
  AOT_OPTS=("${quiet[@]}" -XX:AOTMode=record "-XX:AOTConfiguration=$dir/vista-$key.conf.$$")
}
