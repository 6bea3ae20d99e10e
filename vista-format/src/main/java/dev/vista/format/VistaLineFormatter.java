package dev.vista.format;

import dev.vista.Output;
import dev.vista.TracePlan;
import dev.vista.event.DropReason;
import dev.vista.event.LossEvent;
import dev.vista.event.NetfilterEvent;
import dev.vista.event.SockEvent;
import dev.vista.event.StackFrame;
import dev.vista.event.TcpConnectionEvent;
import dev.vista.event.TcpDirection;
import dev.vista.event.TcpReset;
import dev.vista.event.TraceEvent;
import dev.vista.event.Tracepoint;
import dev.vista.event.Tuple;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Formats events the way Asphaltt/vista prints them: a header, then per event one line
 *
 * <pre>
 * [TIME] SKB CPU [PROCESS] FUNC [TIMESTAMP] [netns=.. mark=.. iface=.. proto=.. mtu=.. len=.. pkt_type=..]
 * [tuple] [entry | exit verdict=.. cost=..] [caller=..]
 * </pre>
 *
 * followed, for TCP connections and sockets with {@link Output#TCP} and {@link Output#SK}, by vista's
 * {@code TCP:}, {@code SOCK:} and {@code SOCKET:} lines, then one line per kernel stack frame when the
 * event carries a stack. {@link Output#META} and {@link Output#TUPLE} switch their parts on as vista's
 * {@code --output-meta} and {@code --output-tuple} do. Where the text differs from vista's, and why, is
 * the README's table "where our lines differ from vista's".
 *
 * <p>Appends to a caller's {@link StringBuilder} so a sink can reuse one buffer; apart from the first
 * sight of each tuple (its text is kept per instance) nothing is allocated per event. Not thread-safe:
 * use one per consuming thread.
 */
public final class VistaLineFormatter {
    private static final int TIME_WIDTH = 12;
    private static final int SKB_WIDTH = 18;
    private static final int CPU_WIDTH = 6;
    private static final int PROCESS_WIDTH = 16;
    private static final int FUNC_WIDTH = 24;
    private static final int TIMESTAMP_WIDTH = 16;
    private static final char[] SPACES = new char[FUNC_WIDTH];
    private static final char[] HEX_DIGITS = "0123456789abcdef".toCharArray();
    // Indexed by the kernel's PACKET_* value (include/uapi/linux/if_packet.h).
    private static final String[] PACKET_TYPES = {
        "HOST", "BROADCAST", "MULTICAST", "OTHERHOST", "OUTGOING", "LOOPBACK", "USER", "KERNEL"};
    // vista prints the kernel's enum constant; DropReason carries the name without this prefix.
    private static final String DROP_REASON_PREFIX = "SKB_DROP_REASON_";
    // vista's FUNC for the end of a TCP connection.
    private static final String TCP_FUNC = "TCP";
    // The decoder names socket states SS_CONNECTED, vista CONNECTED.
    private static final int SOCKET_STATE_PREFIX_LENGTH = "SS_".length();
    private static final String NETFILTER = "netfilter";

    static {
        Arrays.fill(SPACES, ' ');
    }

    private final boolean meta;
    private final boolean tuple;
    private final boolean tcp;
    private final boolean sk;
    private final boolean stacksForCallerOnly;
    private final TimestampMode timestamps;
    private final LastSeenTimes lastSeen = new LastSeenTimes();
    private final WallClockText wallClock;
    private final TupleText tuples = new TupleText();
    private final DeviceText devices = new DeviceText();
    private final ProcessText processes = new ProcessText(PROCESS_WIDTH);
    private final GoDurationText durations = new GoDurationText();
    private final char[] hex = new char[Long.SIZE / 4];

    /**
     * @param outputs    which optional parts to print (META, TUPLE; stacks are printed whenever an event
     *                   carries one, except when they were recorded only to find the CALLER)
     * @param timestamps how to print time
     * @param zone       the zone of ABSOLUTE wall-clock times
     */
    public VistaLineFormatter(Set<Output> outputs, TimestampMode timestamps, ZoneId zone) {
        this.meta = outputs.contains(Output.META);
        this.tuple = outputs.contains(Output.TUPLE);
        this.tcp = outputs.contains(Output.TCP);
        this.sk = outputs.contains(Output.SK);
        this.stacksForCallerOnly = outputs.contains(Output.CALLER) && !outputs.contains(Output.STACK);
        this.timestamps = timestamps;
        this.wallClock = new WallClockText(zone);
    }

    /** Prints what the plan asks for, with times as {@code timestamps} says, wall-clock ones in the system's zone. */
    public static VistaLineFormatter forPlan(TracePlan plan, TimestampMode timestamps) {
        // Only ABSOLUTE prints the wall clock; the system's zone costs the CLI's start reading the JDK's zone rules.
        ZoneId zone = timestamps == TimestampMode.ABSOLUTE ? ZoneId.systemDefault() : ZoneOffset.UTC;
        return new VistaLineFormatter(plan.outputs().selected(), timestamps, zone);
    }

    /** Appends the header line, newline included. */
    public StringBuilder appendHeader(StringBuilder out) {
        if (timestamps == TimestampMode.ABSOLUTE) {
            column(out, "TIME", TIME_WIDTH).append(' ');
        }
        column(out, "SKB/SK", SKB_WIDTH).append(' ');
        column(out, "CPU", CPU_WIDTH).append(' ');
        column(out, "PROCESS", PROCESS_WIDTH).append(' ');
        column(out, "FUNC", FUNC_WIDTH);
        if (timestamps != TimestampMode.NONE) {
            column(out.append(' '), "TIMESTAMP", TIMESTAMP_WIDTH);
        }
        return out.append('\n');
    }

    /** Appends the event's line and its stack lines, each ending with a newline. */
    public StringBuilder append(TraceEvent event, StringBuilder out) {
        appendColumns(event.epochNanos(), event.timestampNs(), event.skb(), event.cpu(), event.comm(), event.pid(),
                out);
        appendFunction(event, out);
        appendTimestamp(event.skb(), event.timestampNs(), out);
        if (event.tracepoint() == Tracepoint.KFREE_SKB || event.tracepoint() == Tracepoint.CONSUME_SKB) {
            lastSeen.forget(event.skb()); // the next skb at this address is another one
        }
        if (meta) {
            appendMeta(event, out);
        }
        if (tuple && event.tuple() != null) {
            appendTuple(event.tuple(), out);
        }
        if (event.program() != null) {
            ProgramText.append(event.program(), out);
        }
        appendCaller(event.location() != null ? event.location() : event.caller(), out);
        // Output.SKB, SHINFO: the structs in the kernel printer's text, after the event line as vista prints them.
        if (event.skbStruct() != null) {
            out.append(event.skbStruct()).append('\n');
        }
        if (event.sharedInfo() != null) {
            out.append(event.sharedInfo()).append('\n');
        }
        return appendStack(event.stack(), event.isDrop(), out);
    }

    /** Ends the first line, with the caller when known. */
    private static void appendCaller(String caller, StringBuilder out) {
        if (caller != null) {
            out.append(" caller=").append(caller);
        }
        out.append('\n');
    }

    /** The stack a frame per line, unless it was recorded only to find the caller. */
    private StringBuilder appendStack(List<StackFrame> stack, boolean drop, StringBuilder out) {
        if (stacksForCallerOnly && !drop) {
            return out;
        }
        for (int i = 0; i < stack.size(); i++) { // indexed: no iterator per event
            out.append(stack.get(i).symbol()).append('\n');
        }
        return out;
    }

    /**
     * Appends the end of a TCP connection as vista does: the socket, process and {@code TCP}, with META the
     * netns and socket mark, then always the local -> remote tuple; with {@link Output#TCP} a second line
     * {@code TCP: rx=5.326KiB tx=5.747KiB lifetime=939.570803ms srtt=240µs retrans=0 sk_mark=0x0 cong=cubic},
     * then {@code reset=sent|received} when it was reset, who opened it and the state it closed from.
     */
    public StringBuilder append(TcpConnectionEvent event, StringBuilder out) {
        appendColumns(event.epochNanos(), event.timestampNs(), event.sock(), event.cpu(), event.comm(), event.pid(),
                out);
        pad(out, FUNC_WIDTH, TCP_FUNC.length()).append(TCP_FUNC);
        appendTimestamp(event.sock(), event.timestampNs(), out);
        lastSeen.forget(event.sock()); // the connection is over
        if (meta) {
            out.append(" netns=").append(event.netns());
            appendHex(out.append(" mark=0x"), event.mark(), 1);
        }
        appendTuple(event.tuple(), out); // always: it is what names a connection
        if (tcp) {
            out.append("\nTCP: rx=");
            ByteSizeText.append(event.bytesReceived(), out);
            out.append(" tx=");
            ByteSizeText.append(event.bytesSent(), out);
            durations.append(event.lifetime().toNanos(), out.append(" lifetime="));
            durations.append(event.srttMicros() * 1000, out.append(" srtt="));
            out.append(" retrans=").append(event.retransmits());
            appendHex(out.append(" sk_mark=0x"), event.mark(), 1);
            out.append(" cong=").append(event.congestion());
            if (event.reset() != TcpReset.NONE) {
                out.append(" reset=").append(event.reset() == TcpReset.SENT ? "sent" : "received");
            }
            out.append(event.direction() == TcpDirection.CONNECTED ? " connected" : " accepted");
            if (event.lastState() != null) {
                out.append(" last_state=").append(event.lastState());
            }
        }
        return out.append('\n');
    }

    /**
     * Appends the line of a netfilter verdict: the skb, process, {@code netfilter}, with META the netns, mark,
     * device and length, with TUPLE the packet's tuple when the verdict was seen, then vista's
     * {@code pf=.. table=.. hook=.. verdict=.. cost=..} (see {@link NetfilterText}), and with TUPLE the tuple
     * before the table when the table changed it ({@code before=..}, NAT).
     */
    public StringBuilder append(NetfilterEvent event, StringBuilder out) {
        appendColumns(event.epochNanos(), event.timestampNs(), event.skb(), event.cpu(), event.comm(), event.pid(),
                out);
        pad(out, FUNC_WIDTH, NETFILTER.length()).append(NETFILTER);
        appendTimestamp(event.skb(), event.timestampNs(), out);
        if (meta) {
            out.append(" netns=").append(event.netns());
            appendHex(out.append(" mark=0x"), event.mark(), 1);
            out.append(" iface=").append(event.ifindex()).append('(').append(event.ifname()).append(") len=")
                    .append(event.len());
        }
        if (tuple && event.tuple() != null) {
            appendTuple(event.tuple(), out);
        }
        NetfilterText.append(event, out);
        Tuple before = event.tupleBefore();
        if (tuple && before != null && !before.equals(event.tuple())) {
            out.append(" before=").append(tuples.of(before));
        }
        return out.append('\n');
    }

    /** A loss marker, in place: {@code --- 1234 events lost on CPU 1 ---}. */
    public StringBuilder append(LossEvent loss, StringBuilder out) {
        return LossLine.append(loss, out);
    }

    /**
     * Appends a socket seen at a sock or tcp tracepoint or in a kernel function: the socket, process,
     * tracepoint or function, with META its netns, the tuple when it has one, a state change as
     * {@code OLD->NEW}, the caller; with {@link Output#SK} vista's lines of the struct sock's fields
     * ({@code SOCK: skc_state=.. skc_reuseport=.. skc_bound_ifindex=.. sk_backlog=.. sk_rcv_buff=.. sk_snd_buff=..
     * sk_priority=.. sk_mark=.. sk_type=SOCK_..}) and, when it has a struct socket, of that
     * ({@code SOCKET: socket_state=.. socket_file_inode=.. socket_flags=..}); then the stack as for packets.
     */
    public StringBuilder append(SockEvent event, StringBuilder out) {
        appendColumns(event.epochNanos(), event.timestampNs(), event.sock(), event.cpu(), event.comm(), event.pid(),
                out);
        String where = event.where();
        pad(out, FUNC_WIDTH, where.length()).append(where);
        appendTimestamp(event.sock(), event.timestampNs(), out);
        if (meta) {
            out.append(" netns=").append(event.netns());
        }
        if (event.tuple() != null) {
            appendTuple(event.tuple(), out);
        }
        if (event.newState() != null) {
            out.append(' ').append(event.oldState()).append("->").append(event.newState());
        }
        appendCaller(event.caller(), out);
        if (sk) {
            appendSock(event, out);
        }
        return appendStack(event.stack(), false, out);
    }

    private void appendSock(SockEvent event, StringBuilder out) {
        out.append("SOCK: skc_state=").append(event.state()).append(" skc_reuseport=").append(event.reusePort())
                .append(" skc_bound_ifindex=").append(event.boundIfindex())
                .append(" sk_backlog=").append(event.backlog())
                .append(" sk_rcv_buff=").append(event.rcvbuf()).append(" sk_snd_buff=").append(event.sndbuf())
                .append(" sk_priority=").append(event.priority());
        appendHex(out.append(" sk_mark=0x"), event.mark(), 1);
        String type = event.type();
        out.append(" sk_type=");
        if (!type.isEmpty() && !Character.isDigit(type.charAt(0))) {
            out.append("SOCK_"); // a type the decoder does not name stays a number
        }
        out.append(type).append('\n');
        String socketState = event.socketState();
        if (socketState != null) {
            out.append("SOCKET: socket_state=").append(socketState, SOCKET_STATE_PREFIX_LENGTH, socketState.length())
                    .append(" socket_file_inode=").append(event.inode()).append(" socket_flags=")
                    .append(event.socketFlags()).append('\n');
        }
    }

    /** The columns every line starts with: [TIME] SKB/SK CPU [PROCESS], each followed by a space. */
    private void appendColumns(long epochNanos, long timestampNs, long address, int cpu, String comm, int pid,
            StringBuilder out) {
        if (timestamps == TimestampMode.ABSOLUTE) {
            pad(out, TIME_WIDTH, WallClockText.LENGTH);
            wallClock.append(epochNanos, out);
            out.append(' ');
        }
        int digits = hexDigits(address, 1);
        appendHex(pad(out, SKB_WIDTH, 2 + digits).append("0x"), address, digits);
        pad(out.append(' '), CPU_WIDTH, decimalLength(cpu)).append(cpu).append(' ');
        out.append(processes.of(comm, pid));
    }

    /** RELATIVE: since {@code address} was last seen; ABSOLUTE and CURRENT: the kernel's time as recorded. */
    private void appendTimestamp(long address, long timestampNs, StringBuilder out) {
        if (timestamps != TimestampMode.NONE) {
            long nanos = timestamps == TimestampMode.RELATIVE ? lastSeen.sinceLastSeen(address, timestampNs)
                    : timestampNs;
            pad(out.append(' '), TIMESTAMP_WIDTH, decimalLength(nanos)).append(nanos);
        }
    }

    private static void appendFunction(TraceEvent event, StringBuilder out) {
        String where = event.where();
        DropReason reason = event.dropReason();
        int length = where.length() + (reason == null ? 0 : DROP_REASON_PREFIX.length() + reason.name().length() + 2);
        pad(out, FUNC_WIDTH, length).append(where);
        if (reason != null) {
            out.append('(').append(DROP_REASON_PREFIX).append(reason.name()).append(')');
        }
    }

    private void appendMeta(TraceEvent event, StringBuilder out) {
        out.append(devices.of(event)).append(" len=").append(event.len()).append(" pkt_type=");
        int type = event.pktType();
        if (type >= 0 && type < PACKET_TYPES.length) {
            out.append(PACKET_TYPES[type]);
        } else {
            out.append("UNK(").append(type).append(')');
        }
    }

    private void appendTuple(Tuple t, StringBuilder out) {
        out.append(' ').append(tuples.of(t));
    }

    /**
     * Lower-case hex without leading zeros, padded with zeros to at least {@code minDigits}. Made in a
     * scratch array and appended at once: a StringBuilder append per digit cost a third of the line.
     */
    private void appendHex(StringBuilder out, long value, int minDigits) {
        int digits = hexDigits(value, minDigits);
        for (int i = digits - 1; i >= 0; i--, value >>>= 4) {
            hex[i] = HEX_DIGITS[(int) value & 0xf];
        }
        out.append(hex, 0, digits);
    }

    private static int hexDigits(long value, int minDigits) {
        return Math.max(minDigits, (Long.SIZE - Long.numberOfLeadingZeros(value) + 3) / 4);
    }

    /** Characters of {@code value} in decimal, the minus sign included. */
    static int decimalLength(long value) {
        int sign = value < 0 ? 1 : 0;
        long negative = value < 0 ? value : -value; // the negative range holds Long.MIN_VALUE too
        long limit = -10;
        for (int digits = 1; digits < 19; digits++) {
            if (negative > limit) {
                return digits + sign;
            }
            limit *= 10;
        }
        return 19 + sign;
    }

    private static StringBuilder column(StringBuilder out, String title, int width) {
        return pad(out, width, title.length()).append(title);
    }

    /**
     * Appends the spaces that right-align {@code length} characters, appended next, in a column of
     * {@code width}, like Go's %Ns: the text's length is computed first, so nothing is shifted after.
     */
    private static StringBuilder pad(StringBuilder out, int width, int length) {
        return length < width ? out.append(SPACES, 0, width - length) : out;
    }
}
