# The JVM options the CLI runs with (sourced by ./vista and benchmarks/vm-startup.sh, which must measure what
# users run):  source scripts/cli-java-options.sh; cli_java_options  -> the arrays CLI_JAVA_OPTS and
# CLI_PRIORITY_OPTS (run with both; the AOT cache is keyed on and made with CLI_JAVA_OPTS only); cli_launch JAR
# -> the array CLI_LAUNCH, the java arguments that run the jar's main class (after the options).
#
# Serial GC: the one poller thread makes short-lived events, so no GC threads need to compete with the
# traffic, and the heap grows only as far as the live set needs (peak RSS: BENCHMARKS.md).
# As root, the JIT's compiler threads run at nice -5: under a flood that starts with the trace, they then
# compile the event path before the ring fills instead of sharing the CPUs with the traffic (no event lost in
# 18 of 18 floods against 16 of 18: BENCHMARKS.md, issue 19); they are idle once it is compiled. Without root
# the JVM could not raise them and would warn. ThreadPriorityPolicy=1 also gives the poller thread, at Java's
# highest priority, nice -5: the flood's sender and receiver take the CPU from it less (30 of 30 floods lossless
# against 28 of 30, BENCHMARKS.md, "Seventh round"). VISTA_JAVA_OPTS replaces all of these.
# The JIT's C1 (tier 3) waits for 10 times the JDK's counts of calls and loop turns (2,000 calls, not 200): much of
# start-up is code that runs a few hundred times, which C1 compiled and then hardly ran. In the emulated VM the
# start on all skb functions took 6-7 % less time and CPU (two boots); on the host, 30 of 30 floods at the issue's
# rate lost nothing. (20 times: 12 % less, but 2 of 8 floods lost events at their start. BENCHMARKS.md, "Eleventh
# round".) The event path still reaches C1 within its first few thousand events.
# The JDK's class-file API (jdk.internal.classfile.impl) waits for 10 times more again. Start-up spins classes with
# it for the FFM bindings and method handles (about 230 of them), and that made it the largest part of C2's
# start-up work: 40 % of C2's compile time before "Listening" in the VM. In the VM the start on all skb functions
# took 4 % less time, 8 % less CPU and 15 MB less memory (5 of 5 pairs); on the host, floods cost the same CPU per
# event with it waiting (574 against 569 ns), none lost in 5 of 5. BENCHMARKS.md, "Thirteenth round".
# The interpreter asks the JIT's policy about a method every 2,048 calls and 16,384 loop turns, not every 128 and
# 1,024. With the AOT cache's training profiles the policy compiles a method that the training run compiled at its
# first such question, whatever the thresholds above say: C1 compiled hundreds of start-up methods after 128 calls
# each, and C2 many of them again. In the VM the start on all skb functions took 5.36 s instead of 6.97 s (C1 1.5 s
# of CPU instead of 3.5 s; faster in 7 of 8 pairs, pwru 5.68 s). Every 8,192 calls started faster still, but the
# floods then cost 40 % more CPU per event and lost events in 2 of 21. BENCHMARKS.md, "Nineteenth round".
# --enable-native-access=ALL-UNNAMED (libbpf and libc through FFM) is always one of CLI_JAVA_OPTS: the AOT cache
# must be made with it. Assembled without it, the cache was mapped without its module graph and its method profiles
# (./vista to "Listening" 0.47 -> 0.38 s on the host, BENCHMARKS.md, "Eleventh round").
cli_java_options() {
  CLI_PRIORITY_OPTS=()
  if [ -n "${VISTA_JAVA_OPTS:-}" ]; then
    read -r -a CLI_JAVA_OPTS <<<"$VISTA_JAVA_OPTS"
  else
    CLI_JAVA_OPTS=(-XX:+UseSerialGC -Xms32m -XX:Tier3InvocationThreshold=2000 -XX:Tier3MinInvocationThreshold=1000
      -XX:Tier3CompileThreshold=20000 -XX:Tier3BackEdgeThreshold=600000 -XX:Tier0InvokeNotifyFreqLog=11
      -XX:Tier0BackedgeNotifyFreqLog=14
      -XX:CompileCommand=quiet '-XX:CompileCommand=CompileThresholdScaling,jdk/internal/classfile/impl/*.*,10.0')
    [ "$EUID" != 0 ] || CLI_PRIORITY_OPTS=(-XX:ThreadPriorityPolicy=1 -XX:CompilerThreadPriority=-5)
  fi
  CLI_JAVA_OPTS+=(--enable-native-access=ALL-UNNAMED)
}

# The jar on the class path and its main class named, not -jar: with -jar the launcher opens the jar to read the
# manifest's Main-Class, indexing its 3,849 entries, before the class loader opens and indexes it again (on the
# host, --version 0.10 -> 0.09 s in the JVM; BENCHMARKS.md, "Nineteenth round").
cli_launch() {
  CLI_LAUNCH=(-cp "$1" dev.vista.examples.cli.VistaCommand)
}
