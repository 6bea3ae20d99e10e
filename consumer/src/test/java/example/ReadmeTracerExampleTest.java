package example;

import dev.vista.Output;
import dev.vista.Protocol;
import dev.vista.Tracer;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The README's first example, as a user would paste it into their code ({@link ReadmeExamplesTest} keeps them equal). */
class ReadmeTracerExampleTest {
    private static final Logger log = LoggerFactory.getLogger(ReadmeTracerExampleTest.class);

    @Test
    void startsAndClosesATracer() {
        try (Tracer tracer = Tracer.builder()
                .traceSkb()                                   // every skb tracepoint the kernel has
                .filterProtocol(Protocol.UDP).filterPort(53)  // filters run in the kernel
                .output(Output.META, Output.TUPLE)
                .onEvent(event -> log.info("{} {} {}", event.tracepoint(), event.tuple(), event.dropReason()))
                .start()) {
            // ... send traffic; events arrive on the tracer's poller thread
            log.info("{}", tracer.stats());                  // delivered, lost, per tracepoint
        }
    }
}
