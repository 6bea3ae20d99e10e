package dev.vista.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class BpfRunTimeTest {
    @Test
    void keepsTracingProgramsWithTheirRunTimeAndCount() {
        String json = """
                [{"id":3789,"type":"sched_cls","name":"tc","run_time_ns":500,"run_cnt":5,"map_ids":[1,2]},
                 {"id":41,"type":"tracing","name":"vista_netif_rx","tag":"ab","run_time_ns":192528586,"run_cnt":246537},
                 {"id":42,"type":"tracepoint","name":"net_dev_queue","pids":[{"pid":7,"comm":"bpftrace"}]}]
                """;
        assertThat(BpfRunTime.parse(json)).containsOnly(
                Map.entry(41L, new BpfRunTime.Totals(192528586, 246537)),
                Map.entry(42L, new BpfRunTime.Totals(0, 0)));
    }

    @Test
    void keepsNetfilterProgramsNamedOrNumberedAsAnOlderBpftoolPrintsThem() {
        String json = """
                [{"id":7,"type":32,"name":"vista_nf_before_0","run_time_ns":900,"run_cnt":9},
                 {"id":8,"type":"netfilter","name":"vista_nf_after_0","run_time_ns":400,"run_cnt":4},
                 {"id":9,"type":31,"name":"other","run_time_ns":1,"run_cnt":1}]
                """;
        assertThat(BpfRunTime.parse(json)).containsOnly(
                Map.entry(7L, new BpfRunTime.Totals(900, 9)),
                Map.entry(8L, new BpfRunTime.Totals(400, 4)));
    }

    @Test
    void theDifferenceCountsProgramsLoadedInBetweenFromZeroAndIgnoresThoseGone() {
        Map<Long, BpfRunTime.Totals> before = Map.of(1L, new BpfRunTime.Totals(100, 1), 2L,
                new BpfRunTime.Totals(50, 5), 4L, new BpfRunTime.Totals(7000, 70));
        Map<Long, BpfRunTime.Totals> after = Map.of(1L, new BpfRunTime.Totals(1100, 11), 2L,
                new BpfRunTime.Totals(250, 15), 3L, new BpfRunTime.Totals(300, 10));
        BpfRunTime.Totals between = BpfRunTime.between(before, after);
        assertThat(between).isEqualTo(new BpfRunTime.Totals(1500, 30));
        assertThat(between.nanosPerRun()).isEqualTo(50.0);
        assertThat(BpfRunTime.Totals.NONE.nanosPerRun()).isZero();
    }
}
