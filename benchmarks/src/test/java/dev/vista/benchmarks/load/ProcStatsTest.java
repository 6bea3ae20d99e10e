package dev.vista.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class ProcStatsTest {
    @Test
    void cpuTimeIsUtimePlusStimeInHundredthsOfASecond() {
        // A comm with blanks and a parenthesis must not shift the fields.
        String stat = "4242 (evil) name) S 1 4242 4242 0 -1 4194560 1234 0 0 0 250 75 0 0 20 0 30 0 12345 "
                + "8886896640 28546 18446744073709551615 1 1 0 0 0 0 0 4096 17167 0 0 0 17 1 0 0 0 0 0";
        assertThat(ProcStats.cpuNanosOfStat(stat)).isEqualTo(3_250_000_000L);
    }

    @Test
    void peakRssIsVmHwmInBytes() {
        String status = "Name:\tjava\nVmPeak:\t 8886896 kB\nVmHWM:\t  153600 kB\nVmRSS:\t  120000 kB\n";
        assertThat(ProcStats.peakRssOfStatus(status)).isEqualTo(153600L * 1024);
        assertThatThrownBy(() -> ProcStats.peakRssOfStatus("Name:\tkthread\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("VmHWM");
    }

    @Test
    void readsThisProcessAndFindsItsOwnThreadByName() throws Exception {
        // The JVM gives the kernel the thread's name as the thread starts, before run(): look it up once
        // run() has begun, not right after start().
        CountDownLatch running = new CountDownLatch(1);
        Thread worker = Thread.ofPlatform().name("procstats-probe").start(() -> {
            running.countDown();
            long until = System.nanoTime() + 300_000_000L;
            while (System.nanoTime() < until) {
                Thread.onSpinWait();
            }
        });
        running.await();
        long tid = ProcStats.threadId("procstats-probe").orElseThrow();
        assertThat(Files.readString(Path.of("/proc/self/task", Long.toString(tid), "comm")).strip())
                .isEqualTo("procstats-probe");
        worker.join();
        assertThat(ProcStats.cpuNanos(ProcStats.processStat(ProcessHandle.current().pid()))).isPositive();
        assertThat(ProcStats.peakRssBytes(ProcessHandle.current().pid())).isGreaterThan(1 << 20);
        assertThat(ProcStats.threadId("no-such-thread")).isEmpty();
    }
}
