package dev.vista;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vista.TracerFailureException.Kind;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Failures after start reach the user: in the stats, once per kind in onError, and from awaitLimit and close. */
@Tag("kernel")
class TracerFailuresKernelTest {
    private static final int CLOSED_PORT = 47983;
    private static final int DATAGRAMS = 20;

    private final List<TracerFailureException> errors = new CopyOnWriteArrayList<>();

    @AfterEach
    void nothingOfOursIsLoaded() throws Exception {
        assertThat(OurBpfPrograms.awaitNone()).as("BPF programs left behind").isEmpty();
    }

    private TracerBuilder dropsToTheClosedPort() {
        return Traffic.udpDropsAt(CLOSED_PORT).onError(errors::add);
    }

    @Test
    void aThrowingSinkIsCountedPerEventAndReportedOnceWhileTracingGoesOn() throws Exception {
        try (Tracer tracer = dropsToTheClosedPort().onEventView(view -> {
            throw new IllegalStateException("sink bug");
        }).start()) {
            Traffic.sendUdpToLoopback(CLOSED_PORT, DATAGRAMS);
            Delivered.await(tracer, DATAGRAMS);

            TraceStats stats = tracer.stats();
            assertThat(stats.delivered()).isEqualTo(DATAGRAMS);
            assertThat(stats.sinkFailures()).isEqualTo(DATAGRAMS);
            assertThat(stats.pollerFailure()).isEmpty();
        }
        assertThat(errors).singleElement().satisfies(error -> {
            assertThat(error.kind()).isEqualTo(Kind.SINK_FAILED);
            assertThat(error.getCause()).isInstanceOf(IllegalStateException.class).hasMessage("sink bug");
        });
    }

    @Test
    void aPollerKilledByAnErrorShowsInStatsOnErrorAwaitLimitAndClose() throws Exception {
        // An Error is not a sink failure to skip: it ends the poller (the injected fault).
        Tracer tracer = dropsToTheClosedPort().outputLimit(1000).onEventView(view -> {
            throw new AssertionError("injected fault");
        }).start();
        Traffic.sendUdpToLoopback(CLOSED_PORT, DATAGRAMS);

        assertThatThrownBy(() -> tracer.awaitLimit(Duration.ofSeconds(10)))
                .isInstanceOfSatisfying(TracerFailureException.class, e -> assertThat(e.kind()).isEqualTo(Kind.POLLER_DIED))
                .hasRootCauseMessage("injected fault");
        assertThat(tracer.stats().pollerFailure()).hasValueSatisfying(
                failure -> assertThat(failure).isInstanceOf(AssertionError.class).hasMessage("injected fault"));
        assertThat(errors).singleElement().satisfies(error -> {
            assertThat(error.kind()).isEqualTo(Kind.POLLER_DIED);
            assertThat(error.getCause()).hasMessage("injected fault");
        });

        assertThatThrownBy(tracer::close).isInstanceOf(TracerFailureException.class)
                .hasRootCauseMessage("injected fault");
        tracer.close(); // reported once; the second close has nothing to do
    }
}
