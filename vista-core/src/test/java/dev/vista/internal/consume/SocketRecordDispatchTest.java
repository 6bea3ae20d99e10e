package dev.vista.internal.consume;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vista.event.SkTracepoint;
import dev.vista.event.SkbEventView;
import dev.vista.internal.ringbuf.EventLayout;
import dev.vista.internal.ringbuf.RingEventView;
import dev.vista.internal.ringbuf.RingSkEventView;
import dev.vista.internal.ringbuf.SkEventLayout;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Socket records (sock tracepoints and sock functions) go to the socket sink, with their stack read
 * after the sock fields; packet records keep theirs right after the header.
 */
class SocketRecordDispatchTest {
    private static final long SOCK = 0xffff8880aabbcc00L;
    private static final long FUNC_IP = 0xffffffff81a00000L;

    private final List<String> packets = new ArrayList<>();
    private final List<String> sockets = new ArrayList<>();
    private final EventDispatcher dispatcher = new EventDispatcher(new RecordSinks(this::packet, tcp -> { },
            socket -> { }, this::socket, netfilter -> { }, loss -> { }), 0, new FailureReports(null));

    private void packet(SkbEventView view) {
        packets.add(view.skb() + " frames=" + frames(view));
    }

    private void socket(RingSkEventView sk) {
        RingEventView header = sk.header();
        sockets.add("tracepoint=" + sk.tracepoint() + " func=" + Long.toHexString(header.funcIp()) + " rcvbuf="
                + sk.rcvbuf() + " sndbuf=" + sk.sndbuf() + " priority=" + sk.priority() + " state=" + sk.state()
                + " inode=" + sk.inode() + " frames=" + frames(header));
    }

    private static String frames(SkbEventView view) {
        List<String> frames = new ArrayList<>();
        for (int i = 0; i < view.stackDepth(); i++) {
            frames.add(Long.toHexString(view.stackAddress(i)));
        }
        return String.join(",", frames);
    }

    /** A record as the BPF side writes it: header, then for sockets the sock fields, then the stack. */
    private static MemorySegment record(Arena arena, int source, int where, long funcIp, long... stack) {
        boolean socket = source == RingEventView.SOURCE_SK_FUNCTION || source == RingEventView.SOURCE_SK_TRACEPOINT;
        int stackOffset = socket ? SkEventLayout.STACK : EventLayout.STACK;
        MemorySegment rec = arena.allocate(stackOffset + (stack.length == 0 ? 0
                : EventLayout.MAX_STACK_DEPTH * Long.BYTES));
        rec.set(JAVA_LONG_UNALIGNED, EventLayout.SKB, SOCK);
        rec.set(JAVA_BYTE, EventLayout.SOURCE, (byte) source);
        rec.set(JAVA_SHORT_UNALIGNED, EventLayout.WHERE, (short) where);
        rec.set(JAVA_LONG_UNALIGNED, EventLayout.FUNC_IP, funcIp);
        rec.set(JAVA_BYTE, EventLayout.STACK_DEPTH, (byte) stack.length);
        if (socket) {
            rec.set(JAVA_LONG_UNALIGNED, SkEventLayout.INODE, 98765);
            rec.set(JAVA_INT_UNALIGNED, SkEventLayout.RCVBUF, 65536);
            rec.set(JAVA_INT_UNALIGNED, SkEventLayout.SNDBUF, 131072);
            rec.set(JAVA_INT_UNALIGNED, SkEventLayout.PRIORITY, 5);
            rec.set(JAVA_BYTE, SkEventLayout.STATE, (byte) 1);
        }
        for (int i = 0; i < stack.length; i++) {
            rec.set(JAVA_LONG_UNALIGNED, stackOffset + (long) i * Long.BYTES, stack[i]);
        }
        return rec;
    }

    private void dispatch(MemorySegment rec) {
        dispatcher.onRecord(rec, 0, (int) rec.byteSize());
    }

    @Test
    void aSockFunctionRecordGoesToTheSocketSinkWithItsStackAfterTheSockFields() {
        try (Arena arena = Arena.ofConfined()) {
            dispatch(record(arena, RingEventView.SOURCE_SK_FUNCTION, 2, FUNC_IP, 0xa1, 0xa2));
        }
        assertThat(packets).isEmpty();
        assertThat(sockets).containsExactly("tracepoint=null func=ffffffff81a00000 rcvbuf=65536 sndbuf=131072"
                + " priority=5 state=1 inode=98765 frames=a1,a2");
    }

    @Test
    void aSockTracepointRecordNamesItsTracepointAndHasNoFunction() {
        try (Arena arena = Arena.ofConfined()) {
            dispatch(record(arena, RingEventView.SOURCE_SK_TRACEPOINT, SkTracepoint.TCP_DESTROY_SOCK.ordinal(), 0,
                    0xb1));
            dispatch(record(arena, RingEventView.SOURCE_SK_TRACEPOINT, SkTracepoint.INET_SOCK_SET_STATE.ordinal(), 0));
        }
        assertThat(sockets).containsExactly(
                "tracepoint=TCP_DESTROY_SOCK func=0 rcvbuf=65536 sndbuf=131072 priority=5 state=1 inode=98765 frames=b1",
                "tracepoint=INET_SOCK_SET_STATE func=0 rcvbuf=65536 sndbuf=131072 priority=5 state=1 inode=98765 frames=");
    }

    @Test
    void aPacketRecordKeepsItsStackRightAfterTheHeader() {
        try (Arena arena = Arena.ofConfined()) {
            dispatch(record(arena, RingEventView.SOURCE_SKB_FUNCTION, 1, FUNC_IP, 0xc1, 0xc2, 0xc3));
        }
        assertThat(sockets).isEmpty();
        assertThat(packets).containsExactly(SOCK + " frames=c1,c2,c3");
    }

    @Test
    void aTruncatedSocketRecordIsNotDelivered() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment rec = record(arena, RingEventView.SOURCE_SK_FUNCTION, 1, FUNC_IP);
            dispatcher.onRecord(rec, 0, SkEventLayout.SIZE - 1);
        }
        assertThat(sockets).isEmpty();
        assertThat(packets).isEmpty();
    }
}
