package dev.vista.internal.decode;

import dev.vista.VistaException;
import dev.vista.event.CapturedPacket;
import dev.vista.event.DropReason;
import dev.vista.event.EventSource;
import dev.vista.event.NetfilterEvent;
import dev.vista.event.NetfilterTable;
import dev.vista.event.PacketStart;
import dev.vista.event.ProgramCall;
import dev.vista.event.ProgramPhase;
import dev.vista.event.SkTracepoint;
import dev.vista.event.SockEvent;
import dev.vista.event.SocketCall;
import dev.vista.event.SocketEvent;
import dev.vista.event.StackFrame;
import dev.vista.event.TcpConnectionEvent;
import dev.vista.event.TraceEvent;
import dev.vista.event.Tracepoint;
import dev.vista.event.Tuple;
import dev.vista.internal.attach.FunctionNames;
import dev.vista.internal.kallsyms.KernelSymbols;
import dev.vista.internal.kallsyms.Symbol;
import dev.vista.internal.programs.PacketProgram;
import dev.vista.internal.programs.ProgramsByAddress;
import dev.vista.internal.ringbuf.EventLayout;
import dev.vista.internal.ringbuf.KernelNames;
import dev.vista.internal.ringbuf.RecordFieldCache;
import dev.vista.internal.ringbuf.RingEventView;
import dev.vista.internal.ringbuf.RingNfEventView;
import dev.vista.internal.ringbuf.RingSkEventView;
import dev.vista.internal.ringbuf.RingSocketEventView;
import dev.vista.internal.ringbuf.RingTcpEventView;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a ring-buffer view into an immutable {@link TraceEvent}: names the drop reason with the
 * running kernel's enum, symbolises addresses with kallsyms, and puts the event on the wall clock.
 * The parts a flood repeats (comm, ifname, tuple, freeing location, traced function) are decoded once
 * and shared by the events that carry the same bytes, so a copy costs about one object, not a dozen
 * (BENCHMARKS.md, DecodeDispatchBenchmark). Single-threaded: use one per poller.
 */
public final class EventDecoder implements KernelNames {
    private static final Logger LOG = LoggerFactory.getLogger(EventDecoder.class);
    // The kernel's TCP states (include/net/tcp_states.h), indexed by value.
    private static final String[] TCP_STATES = {null, "ESTABLISHED", "SYN_SENT", "SYN_RECV", "FIN_WAIT1",
        "FIN_WAIT2", "TIME_WAIT", "CLOSE", "CLOSE_WAIT", "LAST_ACK", "LISTEN", "CLOSING", "NEW_SYN_RECV"};
    private static final SocketCall[] CALLS = SocketCall.values();
    // The states of a struct socket (include/uapi/linux/net.h), indexed by value.
    private static final String[] SOCKET_STATES = {"SS_FREE", "SS_UNCONNECTED", "SS_CONNECTING", "SS_CONNECTED",
        "SS_DISCONNECTING"};
    private static final int AF_UNIX = 1;
    private static final int AF_INET = 2;
    private static final int AF_INET6 = 10;

    // The core reasons are small and dense: an array indexed by value, looked up without boxing (a view's
    // dropReason() must not allocate). Subsystem reasons (value >> 16 names the subsystem) stay in the map.
    private static final int DENSE_DROP_REASONS = 1024;
    private final Map<Integer, DropReason> dropReasons;
    private final DropReason[] denseDropReasons = new DropReason[DENSE_DROP_REASONS];
    private final Supplier<KernelSymbols> kallsyms;
    // Asked for on the first address to name: the tracer starts while /proc/kallsyms is still being read.
    private KernelSymbols symbols;
    private boolean symbolsAsked;
    private final long epochOffsetNanos;
    // Output.SKB / Output.SHINFO: decodes the raw structs packet records carry; null when none are asked for.
    private final SkbStructs structs;
    // Slots: a machine runs a few hundred commands and interfaces; a flood has few flows, a scan many (then misses).
    private final RecordFieldCache<String> comms =
            new RecordFieldCache<>(EventLayout.COMM, EventLayout.COMM_LEN, 256, RingEventView::comm);
    private final RecordFieldCache<String> ifnames =
            new RecordFieldCache<>(EventLayout.IFNAME, EventLayout.IFNAME_LEN, 64, RingEventView::ifname);
    private final RecordFieldCache<Tuple> tuples =
            new RecordFieldCache<>(EventLayout.TUPLE, EventLayout.TUPLE_LEN, 1024, EventDecoder::newTuple);
    private final RecordFieldCache<String> locations;
    private final RecordFieldCache<String> functions;
    private final List<NetfilterTable> netfilterTables;
    private final ProgramsByAddress programs;
    private final FunctionNames attached;
    // One builder per kind, reused: decode sets every field each time, so nothing of the last event remains,
    // and the copy costs the event alone (a builder per event was not scalar-replaced: +120 B/event).
    private final TraceEvent.Builder traceEvent = TraceEvent.builder();
    private final TcpConnectionEvent.Builder tcpConnectionEvent = TcpConnectionEvent.builder();
    private final SocketEvent.Builder socketEvent = SocketEvent.builder();
    private final SockEvent.Builder sockEvent = SockEvent.builder();
    private final NetfilterEvent.Builder netfilterEvent = NetfilterEvent.builder();

    /**
     * @param kallsyms        the kernel's symbols, asked for when the first address is named; null: addresses
     *                         stay numbers
     * @param epochOffsetNanos wall-clock nanoseconds minus CLOCK_MONOTONIC nanoseconds
     *                         (bpf_ktime_get_ns and System.nanoTime share CLOCK_MONOTONIC on Linux)
     */
    public EventDecoder(Map<Integer, DropReason> dropReasons, Supplier<KernelSymbols> kallsyms, long epochOffsetNanos) {
        this(dropReasons, kallsyms, epochOffsetNanos, List.of(), null, ProgramsByAddress.NONE, FunctionNames.NONE);
    }

    /**
     * @param netfilterTables the netfilter tables the tracer attached around, by the index the BPF side records
     * @param structs         decodes the raw kernel structs packet records carry (Output.SKB, SHINFO), or null if none
     * @param programs        the TC and XDP programs the tracer follows, by where their code starts
     * @param attached        the traced kernel functions by where they start, as far as the attaching learned it;
     *                        kallsyms names the others
     */
    public EventDecoder(Map<Integer, DropReason> dropReasons, Supplier<KernelSymbols> kallsyms, long epochOffsetNanos,
            List<NetfilterTable> netfilterTables, SkbStructs structs, ProgramsByAddress programs,
            FunctionNames attached) {
        this.structs = structs;
        this.programs = programs;
        this.attached = attached;
        this.netfilterTables = List.copyOf(netfilterTables);
        this.dropReasons = Map.copyOf(dropReasons);
        dropReasons.forEach((value, reason) -> {
            if (value >= 0 && value < DENSE_DROP_REASONS) {
                denseDropReasons[value] = reason;
            }
        });
        this.kallsyms = kallsyms;
        this.epochOffsetNanos = epochOffsetNanos;
        this.locations = new RecordFieldCache<>(EventLayout.LOCATION, Long.BYTES, 256,
                view -> symbolise(view.location()));
        // Kernel-function events: a few thousand functions at most, each resolved once.
        this.functions = new RecordFieldCache<>(EventLayout.FUNC_IP, Long.BYTES, 4096,
                view -> functionName(view.funcIp()));
    }

    public TraceEvent decode(RingEventView view) {
        Tracepoint tp = view.tracepoint();
        ProgramPhase phase = view.programPhase();
        return traceEvent.timestampNs(view.timestampNs()).epochNanos(view.timestampNs() + epochOffsetNanos)
                .cpu(view.cpu()).pid(view.pid()).comm(comms.get(view)).source(source(view.sourceId())).skb(view.skb())
                .tracepoint(tp).function(phase == null ? functionName(view) : null)
                .program(phase == null ? null : programCall(view, phase))
                .location(view.location() == 0 ? null : locations.get(view))
                .netns(view.netns()).mark(view.mark()).ifindex(view.ifindex()).ifname(ifnames.get(view))
                .len(view.len()).mtu(view.mtu()).protocol(view.protocol()).pktType(view.pktType()).tuple(tuple(view))
                .dropReason(tp == Tracepoint.KFREE_SKB ? dropReason(view.dropReasonValue()) : null)
                .stack(stack(view)).packet(packet(view))
                .skbStruct(structs == null ? null : structs.skb(view.skbStructBytes()))
                .sharedInfo(structs == null ? null : structs.sharedInfo(view.sharedInfoBytes())).build();
    }

    public TcpConnectionEvent decode(RingTcpEventView tcp) {
        RingEventView view = tcp.header();
        int state = tcp.lastState();
        return tcpConnectionEvent.timestampNs(view.timestampNs())
                .epochNanos(view.timestampNs() + epochOffsetNanos).cpu(view.cpu()).pid(view.pid())
                .comm(comms.get(view)).netns(view.netns()).mark(view.mark()).sock(view.skb()).tuple(tuple(view))
                .direction(tcp.direction()).lifetime(Duration.ofNanos(tcp.lifetimeNs()))
                .bytesReceived(tcp.bytesReceived()).bytesSent(tcp.bytesSent()).srttMicros(tcp.srttMicros())
                .retransmits(tcp.retransmits()).congestion(tcp.congestion()).reset(tcp.reset())
                .lastState(state == 0 ? null : tcpState(state)).build();
    }

    public SocketEvent decode(RingSocketEventView socket) {
        RingEventView view = socket.header();
        int family = socket.family();
        boolean inet = view.ipVersion() != 0;
        Tuple tuple = inet ? tuple(view) : null;
        int call = socket.call() - 1;
        return socketEvent.timestampNs(view.timestampNs()).epochNanos(view.timestampNs() + epochOffsetNanos)
                .pid(view.pid()).comm(comms.get(view)).netns(view.netns()).sock(view.skb())
                .call(call >= 0 && call < CALLS.length ? CALLS[call] : SocketCall.CONNECT)
                .family(familyName(family)).type(typeName(socket.type()))
                .protocol(inet ? switch (view.l4Protocol()) {
                    case Tuple.IPPROTO_TCP -> "TCP";
                    case Tuple.IPPROTO_UDP -> "UDP";
                    default -> null;
                } : null)
                .local(tuple == null ? null : new InetSocketAddress(tuple.source(), tuple.sourcePort()))
                .remote(tuple == null ? null : new InetSocketAddress(tuple.destination(), tuple.destinationPort()))
                .path(family == AF_UNIX ? socket.path() : null).build();
    }

    public SockEvent decode(RingSkEventView sk) {
        RingEventView view = sk.header();
        SkTracepoint tp = sk.tracepoint();
        boolean stateChange = tp == SkTracepoint.INET_SOCK_SET_STATE;
        return sockEvent.timestampNs(view.timestampNs()).epochNanos(view.timestampNs() + epochOffsetNanos)
                .cpu(view.cpu()).pid(view.pid()).comm(comms.get(view)).sock(view.skb()).tracepoint(tp)
                .function(functionName(view)).netns(view.netns()).mark(view.mark()).boundIfindex(view.ifindex())
                .tuple(view.ipVersion() != 0 ? tuple(view) : null).family(familyName(sk.family()))
                .type(typeName(sk.type())).state(tcpState(sk.state()))
                .oldState(stateChange ? tcpState(sk.oldState()) : null)
                .newState(stateChange ? tcpState(sk.newState()) : null).rcvbuf(sk.rcvbuf()).sndbuf(sk.sndbuf())
                .priority(sk.priority()).reusePort(sk.reusePort()).backlog(sk.backlog())
                .socketState(sk.inode() == 0 ? null : socketState(sk.socketState())).socketFlags(sk.socketFlags())
                .inode(sk.inode()).stack(stack(view)).build();
    }

    /** Null for a record of a table this tracer did not attach (corrupt or foreign): nothing to name it by. */
    public NetfilterEvent decode(RingNfEventView nf) {
        RingEventView view = nf.header();
        NetfilterTable table = nf.table();
        if (table == null || nf.verdict() == null) {
            return null;
        }
        return netfilterEvent.timestampNs(view.timestampNs()).epochNanos(view.timestampNs() + epochOffsetNanos)
                .cpu(view.cpu()).pid(view.pid()).comm(comms.get(view)).skb(view.skb()).netns(view.netns())
                .mark(view.mark()).ifindex(view.ifindex()).ifname(ifnames.get(view)).len(view.len())
                .protocol(view.protocol()).pktType(view.pktType()).table(table).verdict(nf.verdict()).way(nf.way())
                .costNanos(nf.costNanos())
                .tuple(tuple(view)).tupleBefore(tupleBefore(nf))
                .dropReason(nf.dropReasonValue() == 0 ? null : dropReason(nf.dropReasonValue())).build();
    }

    @Override
    public NetfilterTable netfilterTable(int index) {
        return index < netfilterTables.size() ? netfilterTables.get(index) : null;
    }

    private static Tuple tupleBefore(RingNfEventView nf) {
        RingEventView view = nf.header();
        if (nf.ipVersionBefore() == 0) {
            return null;
        }
        byte[] source = new byte[nf.ipVersionBefore() == 6 ? 16 : 4];
        byte[] destination = new byte[source.length];
        nf.copySourceAddressBefore(source, 0);
        nf.copyDestinationAddressBefore(destination, 0);
        try {
            return new Tuple(InetAddress.getByAddress(source), InetAddress.getByAddress(destination),
                    nf.sourcePortBefore(), nf.destinationPortBefore(), view.l4Protocol(), view.tcpFlags(),
                    view.icmpType(), view.icmpCode(), view.icmpId(), view.icmpSequence());
        } catch (UnknownHostException e) {
            throw new AssertionError("4 or 16 address bytes are always valid", e);
        }
    }

    private static String familyName(int family) {
        return switch (family) {
            case AF_UNIX -> "AF_UNIX";
            case AF_INET -> "AF_INET";
            case AF_INET6 -> "AF_INET6";
            default -> "AF_" + family;
        };
    }

    private static String typeName(int type) {
        return switch (type) {
            case 1 -> "STREAM";
            case 2 -> "DGRAM";
            case 3 -> "RAW";
            case 5 -> "SEQPACKET";
            default -> Integer.toString(type);
        };
    }

    private static String tcpState(int state) {
        return state > 0 && state < TCP_STATES.length ? TCP_STATES[state] : "STATE_" + state;
    }

    private static String socketState(int state) {
        return state < SOCKET_STATES.length ? SOCKET_STATES[state] : "SS_" + state;
    }

    private static EventSource source(int source) {
        return switch (source) {
            case RingEventView.SOURCE_SKB_FUNCTION -> EventSource.SKB_FUNCTION;
            case RingEventView.SOURCE_TC_PROGRAM -> EventSource.TC_PROGRAM;
            case RingEventView.SOURCE_XDP_PROGRAM -> EventSource.XDP_PROGRAM;
            default -> EventSource.SKB_TRACEPOINT;
        };
    }

    /** Which program, entry or exit; a program this tracer does not know (none should come) is named by address. */
    private ProgramCall programCall(RingEventView view, ProgramPhase phase) {
        PacketProgram program = programs.at(view.funcIp());
        return new ProgramCall(program == null ? 0 : program.id(), view.programType(),
                program == null ? "0x" + Long.toHexString(view.funcIp()) : program.name(), phase,
                view.programVerdict(), view.programNanos());
    }

    @Override
    public DropReason dropReason(int value) {
        DropReason known = value >= 0 && value < DENSE_DROP_REASONS ? denseDropReasons[value] : dropReasons.get(value);
        return known != null ? known : new DropReason(value, "UNKNOWN_" + value);
    }

    private Tuple tuple(RingEventView view) {
        return view.ipVersion() == 0 ? null : tuples.get(view);
    }

    private static Tuple newTuple(RingEventView view) {
        try {
            return new Tuple(InetAddress.getByAddress(view.sourceAddress()),
                    InetAddress.getByAddress(view.destinationAddress()), view.sourcePort(), view.destinationPort(),
                    view.l4Protocol(), view.tcpFlags(), view.icmpType(), view.icmpCode(), view.icmpId(),
                    view.icmpSequence());
        } catch (UnknownHostException e) {
            throw new AssertionError("4 or 16 address bytes are always valid", e);
        }
    }

    private static CapturedPacket packet(RingEventView view) {
        PacketStart start = view.packetStart();
        if (start == null) {
            return null;
        }
        byte[] bytes = new byte[view.capturedLength()];
        view.copyPacket(bytes, 0);
        return new CapturedPacket(start, view.packetLength(), bytes);
    }

    private List<StackFrame> stack(RingEventView view) {
        int depth = view.stackDepth();
        if (depth == 0) {
            return List.of();
        }
        List<StackFrame> frames = new ArrayList<>(depth);
        for (int i = 0; i < depth; i++) {
            long address = view.stackAddress(i);
            frames.add(new StackFrame(address, symbolise(address)));
        }
        return frames;
    }

    /** The traced function of a kernel-function event, else null. */
    @Override
    public String functionName(RingEventView view) {
        return view.funcIp() == 0 ? null : functions.get(view);
    }

    /** The traced function of a kernel-function event (the symbol's name without an offset), or program's event. */
    private String functionName(long address) {
        if (address == 0) {
            return null;
        }
        PacketProgram program = programs.at(address);
        if (program != null) {
            return program.eventName();
        }
        String function = attached.at(address);
        if (function != null) {
            return function;
        }
        Symbol symbol = resolve(address);
        return symbol != null ? symbol.name() : "0x" + Long.toHexString(address);
    }

    private String symbolise(long address) {
        Symbol symbol = resolve(address);
        return symbol != null ? symbol.toString() : "0x" + Long.toHexString(address);
    }

    private Symbol resolve(long address) {
        if (!symbolsAsked && kallsyms != null) {
            symbolsAsked = true;
            try {
                symbols = kallsyms.get();
            } catch (VistaException e) {
                LOG.warn("kernel addresses are printed as numbers: {}", e.getMessage());
            }
        }
        return symbols == null ? null : symbols.resolve(address);
    }
}
