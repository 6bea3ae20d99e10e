package dev.vista.junit;

import dev.vista.Backend;
import dev.vista.event.Tracepoint;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Traces packets around each test (or, with {@link Scope#CLASS}, around the whole class) with these
 * filters; the test receives the recorded events as a {@link PacketTrace} parameter. The tracer is closed
 * after the test, also when it failed. Where the host cannot trace (not root, no BTF, no libbpf, a kernel
 * without the requested backend), the test is reported aborted with the reason instead of failed.
 *
 * <pre>{@code
 * @TracePackets(protocol = "udp", port = 53)
 * @Test
 * void queriesToTheResolverAreDropped(PacketTrace trace) throws Exception {
 *     sendQuery();
 *     assertThat(trace).packet(udp().to("10.0.0.2", 53)).wasDropped().withReason(DropReason.NETFILTER_DROP);
 * }
 * }</pre>
 *
 * On a method it replaces the class's annotation for that test. The filters run in the kernel: only matching
 * packets are recorded.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(PacketTracingExtension.class)
public @interface TracePackets {
    /**
     * The skb tracepoints to trace. Empty (the default) means every one the kernel has, unless
     * {@link #functions()} is given: then it means none, and only the functions are traced.
     */
    Tracepoint[] tracepoints() default {};

    /**
     * Kernel functions taking an skb, as a regular expression matching the whole name ({@code "ip_rcv|udp_rcv"});
     * empty for none. Needs kprobes, kprobe-multi or fentry (see {@link #backend()}).
     */
    String functions() default "";

    /** How {@link #functions()} are traced. */
    Backend backend() default Backend.AUTO;

    /** Only this protocol: tcp, udp, icmp, icmp6; empty for all. */
    String protocol() default "";

    /** Only packets from or to this port; 0 for all. */
    int port() default 0;

    /** Only packets from or to this IPv4 or IPv6 literal; empty for all. */
    String address() default "";

    /** Only packets this pcap-filter expression matches ({@code man 7 pcap-filter}); empty for all. Needs libpcap. */
    String filter() default "";

    /** Follow a matched packet through NAT until it is freed (vista's {@code --filter-track-skb}). */
    boolean trackSkb() default false;

    /**
     * Also record what each netfilter table decided about the packets (for {@code wasDroppedBy} and
     * {@code passedNetfilter}): the tables of the test's own network namespace and of every namespace
     * {@code ip netns} names (/run/netns) when the tracer starts, so namespaces made in {@code @BeforeAll} are
     * covered with {@link Scope#TEST} (a class-wide tracer starts before them).
     */
    boolean netfilter() default false;

    /** Record the kernel stack of every drop. */
    boolean dropStack() default false;

    /** How long assertions wait for the events they need before failing. */
    long awaitMillis() default 5000;

    /** One tracer per test, or one for the whole class. */
    Scope scope() default Scope.TEST;

    /** How long one tracer lives. */
    enum Scope {
        /** A tracer per test: started before its {@code @BeforeEach} methods, closed after its {@code @AfterEach} ones. */
        TEST,
        /**
         * One tracer for all tests of the class (attached once); each test's {@link PacketTrace} holds the events
         * recorded from that test's start.
         */
        CLASS
    }
}
