# The command that runs the CLI's jar (sourced by ./vista; AotCacheScriptTest runs it too):
#   source scripts/cli-command.sh; cli_command JAVA_HOME JAR [CLI ARGS...]   -> the array CLI_COMMAND
# The JVM's options (scripts/cli-java-options.sh) and the AOT cache's (scripts/aot-cache.sh), which assembles the
# cache with the same options: a cache made without one the runs have (--enable-native-access was one) is mapped
# without its module graph and without the method profiles of its training run.
source "${BASH_SOURCE[0]%/*}/cli-java-options.sh"
source "${BASH_SOURCE[0]%/*}/aot-cache.sh"

cli_command() {
  local java_home=$1 jar=$2
  shift 2
  cli_java_options
  JAVA_OPTS=("${CLI_JAVA_OPTS[@]}")
  aot_cache_options "$java_home" "$jar" "$@"
  # A run that only prints the version or the help is over in a tenth of a second: it goes without C2, whose
  # compiler thread costs more to start than it could save, and without the JVM's perf-data file (on the host
  # 124 -> 111 ms for --version; BENCHMARKS.md, "Nineteenth round"). aot-cache.sh makes no cache for these either.
  ! cli_prints_only_version_or_help "$@" || JAVA_OPTS+=(-XX:TieredStopAtLevel=1 -XX:-UsePerfData)
  cli_launch "$jar"
  CLI_COMMAND=("$java_home/bin/java" "${JAVA_OPTS[@]}" "${CLI_PRIORITY_OPTS[@]}" "${AOT_OPTS[@]}" "${CLI_LAUNCH[@]}" "$@")
}
