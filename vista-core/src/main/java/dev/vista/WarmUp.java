package dev.vista;

import dev.vista.internal.consume.EventDispatcher;
import dev.vista.internal.consume.FailureReports;
import dev.vista.internal.decode.EventDecoder;
import dev.vista.internal.ringbuf.RingBuffer;
import dev.vista.internal.warmup.MemfdRingMap;
import dev.vista.internal.warmup.RecordedRing;
import dev.vista.internal.warmup.WarmUpTraffic;
import java.lang.foreign.Arena;
import java.util.ArrayList;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@link TracerBuilder#warmUp}: made-up packet records go the way a started tracer's records go, through the
 * ring buffer's reader (over a memfd standing in for the kernel's map), the dispatcher, the decoder and the
 * sinks wired as {@code start()} wires them. The JIT then compiles and profiles that path as one piece, as
 * it runs under a flood: a printer warmed up on its own saved nothing (BENCHMARKS.md, "Under load").
 */
final class WarmUp {
    /** Records in the stand-in ring, read again and again until enough events went through; an event queue
     * of this capacity holds one reading and is emptied after it. */
    static final int RECORDS = 4096;

    private WarmUp() {
    }

    /** Delivers {@code events} events to {@code sinks}; throws what a sink threw, after the last event. */
    static void run(EventSinks sinks, boolean dropStacks, long events) {
        AtomicReference<TracerFailureException> sinkFailure = new AtomicReference<>();
        FailureReports failures = FailureReports.unlogged(sinkFailure::set); // thrown below; no queue overflows here
        EventDecoder decoder = WarmUpTraffic.decoder(WarmUpTraffic::symbols); // named, as a trace names them
        EventDispatcher dispatcher = new EventDispatcher(RecordSinkWiring.wire(sinks, decoder, failures), events,
                failures, decoder);
        try (Arena arena = Arena.ofConfined()) {
            RecordedRing recording = WarmUpTraffic.record(arena, (int) Math.min(events, RECORDS), dropStacks);
            try (MemfdRingMap map = new MemfdRingMap(recording);
                    RingBuffer ring = new RingBuffer(map.fd(), map.size())) {
                while (!dispatcher.limitReached()) {
                    map.rewind();
                    ring.drain(dispatcher);
                    if (sinks.queue() != null) {
                        sinks.queue().drainTo(new ArrayList<>(RECORDS)); // room for the next reading
                    }
                }
            }
        }
        if (sinkFailure.get() != null) {
            throw new VistaException("a sink threw on a warm-up event (" + dispatcher.sinkFailures() + " of " + events
                    + " events); it would throw on traced ones too", sinkFailure.get().getCause());
        }
    }
}
