package dev.vista;

import dev.vista.event.LossEvent;
import dev.vista.event.NetfilterEvent;
import dev.vista.event.NetfilterEventView;
import dev.vista.event.NetfilterWay;
import dev.vista.event.PacketProgramType;
import dev.vista.event.SkbEventView;
import dev.vista.event.SockEvent;
import dev.vista.event.SockEventView;
import dev.vista.event.SocketEvent;
import dev.vista.event.TcpConnectionEvent;
import dev.vista.event.TcpConnectionView;
import dev.vista.event.TraceEvent;
import dev.vista.event.Tracepoint;
import dev.vista.internal.pcapfilter.PcapFilter;
import dev.vista.internal.ringbuf.EventLayout;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.IntStream;

/**
 * Describes a trace fluently. Every setter checks its input at once and throws
 * {@link InvalidPlanException} saying what is wrong; {@link #build()} makes the immutable plan
 * and {@link #start()} starts tracing it.
 */
public final class TracerBuilder {
    static final int DEFAULT_RING_BUFFER_BYTES = 16 * 1024 * 1024;
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");
    private static final int IFNAMSIZ = 16;
    private static final int COMM_LEN = 16;

    static final int DEFAULT_KPROBE_BATCH = 16;
    /** The largest {@link #capturePackets} snaplen: the BPF side's room for one packet. */
    public static final int MAX_SNAPLEN = EventLayout.MAX_SNAPLEN;

    private boolean traceSkb;
    private final Set<Tracepoint> tracepoints = EnumSet.noneOf(Tracepoint.class);
    private Pattern skbFunctionFilter;
    private Pattern skFunctionFilter;
    private Backend backend = Backend.AUTO;
    private final Set<String> kernelModules = new LinkedHashSet<>();
    private boolean allKernelModules;
    private int kprobeBatch = DEFAULT_KPROBE_BATCH;
    private Consumer<? super AttachProgress> attachListener;
    private final Filters.Builder filters = new Filters.Builder();
    private final Set<Output> outputs = EnumSet.of(Output.META, Output.TUPLE);
    private boolean dropStack;
    private int snaplen;
    private long limit;
    private int ringBufferBytes = DEFAULT_RING_BUFFER_BYTES;
    private Path kernelBtf;
    private Path kernelIndexCache;
    private Consumer<? super TraceEvent> eventSink;
    private Consumer<? super SkbEventView> viewSink;
    private int queueCapacity;
    private boolean traceTcpLifetime;
    private Consumer<? super TcpConnectionEvent> tcpSink;
    private Consumer<? super TcpConnectionView> tcpViewSink;
    private Consumer<? super TracerFailureException> errorCallback;
    private Consumer<? super LossEvent> lossSink;
    private Path cgroupSockets;
    private Consumer<? super SocketEvent> socketSink;
    private boolean traceSkTracepoints;
    private Consumer<? super SockEvent> sockSink;
    private Consumer<? super SockEventView> sockViewSink;
    private boolean traceNetfilter;
    private final List<Path> netfilterNamespaces = new ArrayList<>();
    private NetfilterWay netfilterWay;
    private Consumer<? super NetfilterEvent> netfilterSink;
    private Consumer<? super NetfilterEventView> netfilterViewSink;
    private final Map<PacketProgramType, Pattern> programs = new EnumMap<>(PacketProgramType.class);

    TracerBuilder() {
    }

    /** Trace packets (skbs) on every skb tracepoint the running kernel has. */
    public TracerBuilder traceSkb() {
        traceSkb = true;
        return this;
    }

    /** Trace packets on these tracepoints only (implies {@link #traceSkb()}). */
    public TracerBuilder traceTracepoints(Tracepoint... selected) {
        traceSkb = true;
        tracepoints.addAll(Arrays.asList(selected));
        return this;
    }

    /**
     * Trace every kernel function that takes a {@code struct sk_buff *} in its first five parameters
     * and whose whole name matches {@code regex} (as pwru's and vista's function filters: "ip_rcv" for
     * exactly one, "ip_rcv.*" for its family, ".*" for all). Needs kprobes, kprobe-multi or fentry: see
     * {@link #backend}.
     */
    public TracerBuilder traceSkbFunctions(String regex) {
        skbFunctionFilter = regexFilter("function", regex);
        return this;
    }

    /**
     * Trace every kernel function that takes a {@code struct sock *} in its first five parameters and
     * whose whole name matches {@code regex} (vista's --filter-trace-sk with --filter-sk-func): what
     * the kernel does with a socket. Events are {@link SockEvent}s, as those of {@link #traceSkTracepoints()}:
     * the socket's addresses and struct sock fields, and the function's name; they go to {@link #onSockEvent}.
     * The address, port, protocol, netns, mark and task filters apply to them; the interface and pcap
     * filters (packets only) do not. Needs kprobes, kprobe-multi or fentry: see {@link #backend}.
     */
    public TracerBuilder traceSkFunctions(String regex) {
        skFunctionFilter = regexFilter("function", regex);
        return this;
    }

    private static Pattern regexFilter(String what, String regex) {
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new InvalidPlanException(what + " filter '" + regex + "' is not a valid regular expression: "
                    + e.getDescription() + " near index " + e.getIndex(), e);
        }
    }

    /**
     * Report every TCP connection (IPv4 and IPv6) when it ends, as vista's --filter-trace-tcp: addresses,
     * who opened it, bytes received and sent, lifetime, smoothed RTT, retransmits, congestion control,
     * reset, mark. Works on the kernel's sock and tcp tracepoints. Connections already open when tracing
     * starts are not reported (their beginning was not seen). The address, port, protocol, netns and mark
     * filters apply; the interface filter applies to packets only. Events go to {@link #onTcpConnection}.
     */
    public TracerBuilder traceTcpLifetime() {
        traceTcpLifetime = true;
        return this;
    }

    /**
     * Trace every BPF program attached on TC (clsact/tcx classifiers and actions: SCHED_CLS, SCHED_ACT) at its entry
     * and exit, as vista's and pwru's --filter-trace-tc: packet events ({@link #onEvent}) from source
     * {@link dev.vista.event.EventSource#TC_PROGRAM} named {@code <program name>(tc)}, whose
     * {@link dev.vista.event.TraceEvent#program()} says entry or exit and, at the exit, the verdict
     * ({@code TC_ACT_OK}, {@code TC_ACT_SHOT}, ...) and how long the program ran; the tuple comes from the skb, and
     * with {@link #capturePackets} the bytes too: at the entry before the program, at the exit after it (a rewrite
     * shows). All packet filters apply, pcap expressions included. Programs loaded when tracing starts are traced, and
     * those loaded later are found within a second; a program detached while traced simply gives no more events (it
     * stays loaded, held by the tracer, until the tracer closes). Programs without BTF cannot be traced (a warning
     * names them); no program matching at start is a warning too, as one may be loaded later. Needs fentry/fexit on
     * BPF programs (BPF trampolines): on a kernel that refuses them {@code start()} fails with a
     * {@link KernelFeatureException} naming what works instead, and nothing is attached.
     */
    public TracerBuilder traceTcPrograms() {
        return traceTcPrograms("");
    }

    /** {@link #traceTcPrograms()}, only the programs whose kernel name contains a match of {@code nameRegex}. */
    public TracerBuilder traceTcPrograms(String nameRegex) {
        programs.put(PacketProgramType.TC, regexFilter("program name", nameRegex));
        return this;
    }

    /**
     * Trace every XDP program at its entry and exit, as vista's and pwru's --filter-trace-xdp: as
     * {@link #traceTcPrograms()}, from source {@link dev.vista.event.EventSource#XDP_PROGRAM}, named
     * {@code <program name>(xdp)}, with the verdicts {@code XDP_PASS}, {@code XDP_DROP}, {@code XDP_TX},
     * {@code XDP_REDIRECT}, {@code XDP_ABORTED}. There is no skb yet: the tuple and the pcap filter use the frame's
     * bytes, {@link dev.vista.event.TraceEvent#skb()} is the address of the {@code xdp_buff}, and such events carry
     * no captured packet, stack or raw structs.
     */
    public TracerBuilder traceXdpPrograms() {
        return traceXdpPrograms("");
    }

    /** {@link #traceXdpPrograms()}, only the programs whose kernel name contains a match of {@code nameRegex}. */
    public TracerBuilder traceXdpPrograms(String nameRegex) {
        programs.put(PacketProgramType.XDP, regexFilter("program name", nameRegex));
        return this;
    }

    /**
     * Report what each netfilter table (iptables table, nftables base chain) decided about each packet, and what
     * it cost, as vista's --filter-trace-iptables: family, hook, table (and nftables chain), verdict (ACCEPT, DROP,
     * STOLEN, ...), the time from just before the table to its verdict, and the packet's addresses before and
     * after (a NAT table changes them). Two ways, chosen by probing the kernel (or by {@link #netfilterWay}):
     * where kprobes work, the entry and return of the tables' kernel functions (ipt_do_table, ip6t_do_table,
     * arpt_do_table, nft_do_chain; {@link NetfilterWay#FUNCTION}), which see every namespace at once and ARP
     * and bridge tables too; elsewhere netfilter BPF links (Linux 6.4+) placed just before and just after each
     * table, in the network namespace {@link #filterNetns} names (else the tracer's own): netfilter hooks are per
     * namespace, and links are IPv4 and IPv6 only (ARP and bridge tables are listed in a warning). Either way
     * the tables are those registered when the tracer starts: tables added later are not reported. The packet
     * filters (address, port, protocol, interface, mark, pcap expression, skb tracking) apply. Events go to
     * {@link #onNetfilter}.
     */
    public TracerBuilder traceNetfilter() {
        traceNetfilter = true;
        return this;
    }

    /**
     * {@link #traceNetfilter()} through this way rather than the one probing chooses; a way the kernel cannot
     * provide fails {@code start()} with a {@link KernelFeatureException}.
     */
    public TracerBuilder netfilterWay(NetfilterWay way) {
        netfilterWay = Objects.requireNonNull(way, "way");
        traceNetfilter = true;
        return this;
    }

    /**
     * {@link #traceNetfilter()} in these network namespaces (files naming them: {@code /run/netns/NAME},
     * {@code /proc/PID/ns/net}), whatever the netns filter: e.g. a client, a router and a server namespace at
     * once. The other filters still apply; the same namespace named twice is observed once.
     */
    public TracerBuilder traceNetfilterIn(Path... namespaces) {
        for (Path namespace : namespaces) {
            if (!Files.exists(namespace)) {
                throw new InvalidPlanException("network namespace file " + namespace + " does not exist: give "
                        + "/run/netns/<name> or /proc/<pid>/ns/net");
            }
            netfilterNamespaces.add(namespace);
        }
        traceNetfilter = true;
        return this;
    }

    /**
     * Report every socket that the processes of this cgroup (a cgroup v2 directory, e.g.
     * {@code /sys/fs/cgroup/system.slice/nginx.service}) and of its descendants connect, accept, or send
     * to an address with: IPv4, IPv6 and Unix, stream and datagram. Processes outside it never appear.
     * Events go to {@link #onSocket}. {@link Tracer#traceCommand} uses this for the sockets of a command.
     */
    public TracerBuilder traceCgroupSockets(Path cgroupDirectory) {
        if (!Files.isRegularFile(cgroupDirectory.resolve("cgroup.procs"))) {
            throw new InvalidPlanException(cgroupDirectory + " is not a cgroup v2 directory (it has no cgroup.procs): "
                    + "give a directory under the cgroup2 mount, e.g. /sys/fs/cgroup/<group>");
        }
        cgroupSockets = cgroupDirectory;
        return this;
    }

    /** Receives each socket of {@link #traceCgroupSockets}, on the tracer's poller thread. */
    public TracerBuilder onSocket(Consumer<? super SocketEvent> sink) {
        socketSink = sink;
        return this;
    }

    /** Only TCP connections that lived at least this long (vista's --filter-tcp-lifetime). */
    public TracerBuilder filterTcpLifetime(Duration atLeast) {
        if (atLeast.isNegative()) {
            throw new InvalidPlanException("TCP lifetime filter " + atLeast + " is negative: give a duration of 0 or more");
        }
        filters.tcpMinLifetime = atLeast;
        return this;
    }

    /**
     * Trace sockets on the kernel's sock and tcp tracepoints (vista's --filter-trace-sk without
     * --filter-sk-func; works on every BTF kernel): state changes, resets sent and received, errors, full receive
     * queues, memory limits, receive-buffer tuning and destruction, each with the socket's addresses
     * and struct sock fields ({@link SockEvent}). The address, port, protocol, netns and mark filters
     * apply. Events go to {@link #onSockEvent}.
     */
    public TracerBuilder traceSkTracepoints() {
        traceSkTracepoints = true;
        return this;
    }

    /**
     * Receives each socket event of {@link #traceSkTracepoints()} and {@link #traceSkFunctions}, as an
     * immutable copy, on the tracer's poller thread.
     */
    public TracerBuilder onSockEvent(Consumer<? super SockEvent> sink) {
        sockSink = sink;
        return this;
    }

    /**
     * Receives each socket event of {@link #traceSkTracepoints()} and {@link #traceSkFunctions} as a
     * zero-copy view valid only during the call (no allocation per event), on the tracer's poller thread.
     */
    public TracerBuilder onSockEventView(Consumer<? super SockEventView> sink) {
        sockViewSink = sink;
        return this;
    }

    /** How kernel functions are attached; AUTO (the default) probes the kernel and picks the fastest. */
    public TracerBuilder backend(Backend value) {
        backend = value;
        return this;
    }

    /** Also trace the functions of these kernel modules (they need BTF: /sys/kernel/btf/NAME). */
    public TracerBuilder kernelModules(String... modules) {
        kernelModules.addAll(Arrays.asList(modules));
        return this;
    }

    /** Also trace the functions of every kernel module that has BTF. */
    public TracerBuilder allKernelModules() {
        allKernelModules = true;
        return this;
    }

    /** Threads attaching kprobes at once with the KPROBE backend (default 16). */
    public TracerBuilder kprobeBatch(int threads) {
        if (threads < 1 || threads > 1024) {
            throw new InvalidPlanException("kprobe batch " + threads + " is out of range: give 1 to 1024");
        }
        kprobeBatch = threads;
        return this;
    }

    /** Once a packet matched the filters, keep tracing it even when it no longer matches (NAT, decapsulation). */
    public TracerBuilder filterTrackSkb(boolean enabled) {
        filters.trackSkb = enabled;
        return this;
    }

    /**
     * Told how attaching and detaching kernel functions progresses: from the attach or detach threads,
     * one call at a time, with {@code done} rising and the finished report last.
     */
    public TracerBuilder onAttachProgress(Consumer<? super AttachProgress> listener) {
        attachListener = listener;
        return this;
    }

    /** Only packets whose source or destination is this IPv4 or IPv6 literal (no host names). */
    public TracerBuilder filterAddress(String literal) {
        return filterAddress(parseAddress(literal));
    }

    public TracerBuilder filterAddress(InetAddress value) {
        filters.address = value;
        return this;
    }

    /** Only packets whose source or destination port is this (TCP and UDP, IPv4 and IPv6). */
    public TracerBuilder filterPort(int value) {
        if (value < 1 || value > 65535) {
            throw new InvalidPlanException("port " + value + " is out of range: give a port from 1 to 65535");
        }
        filters.port = value;
        return this;
    }

    public TracerBuilder filterProtocol(Protocol value) {
        filters.protocol = value;
        return this;
    }

    /** tcp, udp, icmp or icmp6. */
    public TracerBuilder filterProtocol(String name) {
        return filterProtocol(Protocol.parse(name));
    }

    /** Only packets in the network namespace of this file: {@code /proc/PID/ns/net} or {@code /run/netns/NAME}. */
    public TracerBuilder filterNetns(Path nsFile) {
        if (!Files.exists(nsFile)) {
            throw new InvalidPlanException("network namespace file " + nsFile + " does not exist: give "
                    + "/proc/PID/ns/net of a process in it, or /run/netns/NAME for a namespace made with 'ip netns add'");
        }
        try {
            return filterNetns(((Number) Files.getAttribute(nsFile, "unix:ino")).longValue());
        } catch (IOException | UnsupportedOperationException e) {
            throw new InvalidPlanException("cannot read the inode of " + nsFile + ": " + e.getMessage(), e);
        }
    }

    /** Only packets in the network namespace with this inode (as {@code ls -Li /proc/PID/ns/net} shows). */
    public TracerBuilder filterNetns(long inode) {
        if (inode <= 0 || inode > 0xffff_ffffL) {
            throw new InvalidPlanException("netns inode " + inode + " is not valid: give the inode that "
                    + "'ls -Li /proc/PID/ns/net' prints");
        }
        filters.netnsInode = inode;
        return this;
    }

    /** Only packets on this interface (in the namespace of {@link #filterNetns}, else in any). */
    public TracerBuilder filterIfname(String name) {
        if (name.isEmpty() || name.getBytes(StandardCharsets.US_ASCII).length >= IFNAMSIZ || name.contains("/")
                || name.chars().anyMatch(Character::isWhitespace)) {
            throw new InvalidPlanException("interface name '" + name + "' is not valid: Linux names are 1 to "
                    + (IFNAMSIZ - 1) + " characters without '/' or spaces");
        }
        filters.ifname = name;
        return this;
    }

    /** Only packets with this skb mark (0 included). */
    public TracerBuilder filterSkbMark(long value) {
        if (value < 0 || value > 0xffff_ffffL) {
            throw new InvalidPlanException("skb mark " + value + " is out of range: marks are 32-bit, 0 to 0xffffffff");
        }
        filters.mark = value;
        return this;
    }

    /** Only packets whose socket has this mark ({@code sk->sk_mark}, 0 included); socket events: the socket's mark. */
    public TracerBuilder filterSkMark(long value) {
        if (value < 0 || value > 0xffff_ffffL) {
            throw new InvalidPlanException("sk mark " + value + " is out of range: marks are 32-bit, 0 to 0xffffffff");
        }
        filters.skMark = value;
        return this;
    }

    /**
     * Only events that happen while this process (its tgid) runs. Packets handled in softirq context
     * run in whatever task was interrupted, so received packets are mostly left out.
     */
    public TracerBuilder filterPid(int value) {
        if (value < 1) {
            throw new InvalidPlanException("pid " + value + " is not valid: give a process id of 1 or more");
        }
        filters.pid = value;
        return this;
    }

    /** Only events while a task with this command name ({@code /proc/PID/comm}, up to 15 characters) runs. */
    public TracerBuilder filterComm(String name) {
        if (name.isEmpty() || name.getBytes(StandardCharsets.UTF_8).length >= COMM_LEN) {
            throw new InvalidPlanException("command name '" + name + "' is not valid: the kernel keeps 1 to "
                    + (COMM_LEN - 1) + " bytes of it (see /proc/PID/comm)");
        }
        filters.comm = name;
        return this;
    }

    /** Only ICMP and ICMPv6 packets with this echo identifier (as ping -e / the id field of echo requests). */
    public TracerBuilder filterIcmpId(int value) {
        if (value < 0 || value > 0xffff) {
            throw new InvalidPlanException("ICMP id " + value + " is out of range: give 0 to 65535");
        }
        filters.icmpId = value;
        return this;
    }

    /**
     * Only packets matching a pcap-filter expression ({@code man 7 pcap-filter}), as the trailing
     * argument of tcpdump, pwru and vista: {@code "tcp port 443 and host 10.0.0.1"}. libpcap compiles
     * it (checked here, so a syntax error fails now with libpcap's message) and the kernel runs it on
     * every packet event, after the other filters. Socket events have no packet and are not filtered.
     *
     * @throws PcapFilterException when libpcap rejects it or it cannot run in the kernel
     */
    public TracerBuilder filter(String expression) {
        PcapFilter.compile(expression);
        filters.pcapFilter = expression;
        return this;
    }

    /** What events carry; META and TUPLE unless set. */
    public TracerBuilder output(Output... selected) {
        outputs.clear();
        outputs.addAll(Arrays.asList(selected));
        return this;
    }

    /**
     * Packet events carry up to {@code snaplen} bytes of their packet ({@link TraceEvent#packet()},
     * {@link SkbEventView#copyPacket}): from the link-layer header when the skb has one, else from the IP
     * header. Only the skb's linear data can be read from a tracing program, so a packet whose payload
     * sits in paged fragments comes shorter than the snaplen, with its whole length recorded. Records
     * take the room their bytes need; dev.vista.pcap's {@code PcapngSink} writes them to a pcapng file.
     */
    public TracerBuilder capturePackets(int snaplen) {
        if (snaplen < 1 || snaplen > MAX_SNAPLEN) {
            throw new InvalidPlanException("snaplen " + snaplen + " is out of range: give 1 to " + MAX_SNAPLEN
                    + " bytes per packet");
        }
        this.snaplen = snaplen;
        return this;
    }

    /** Record the kernel stack of each dropped packet (kfree_skb), as vista's --filter-skb-drop-stack. */
    public TracerBuilder filterSkbDropStack(boolean enabled) {
        dropStack = enabled;
        return this;
    }

    /** Deliver at most this many events, then stop. */
    public TracerBuilder outputLimit(long events) {
        if (events < 0) {
            throw new InvalidPlanException("event limit " + events + " is negative: give 0 for no limit or a count");
        }
        limit = events;
        return this;
    }

    /** Size of the kernel ring buffer: a power of two from 64 KiB to 1 GiB (default 16 MiB). */
    public TracerBuilder ringBufferSize(int bytes) {
        if (Integer.bitCount(bytes) != 1 || bytes < 64 * 1024 || bytes > (1 << 30)) {
            throw new InvalidPlanException("ring buffer size " + bytes + " is not valid: give a power of two "
                    + "between 65536 and 1073741824 bytes");
        }
        ringBufferBytes = bytes;
        return this;
    }

    /**
     * Use this BTF file for the running kernel instead of /sys/kernel/btf/vmlinux (vista's
     * --kernel-btf): for kernels that lack built-in BTF, with a file made for them (e.g. by pahole
     * or from BTFHub). It must describe the running kernel; module BTF still comes from /sys/kernel/btf.
     */
    public TracerBuilder kernelBtf(Path file) {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new InvalidPlanException("kernel BTF file " + file + " does not exist or cannot be read: give a BTF "
                    + "file of the running kernel, such as a copy of /sys/kernel/btf/vmlinux");
        }
        kernelBtf = file;
        return this;
    }

    /**
     * Keep the indexes made from the kernel's BTF and function lists (where each type is, its names, the functions
     * taking a struct, ftrace's list) in {@code directory} (made if missing, readable by its owner only), keyed on
     * the content they were made from, so that the next start on this kernel reads them back instead of making
     * them: under emulation that is seconds of a start. Without this, each start makes them anew.
     */
    public TracerBuilder kernelIndexCache(Path directory) {
        if (Files.exists(directory) && !Files.isDirectory(directory)) {
            throw new InvalidPlanException("kernel index cache " + directory + " is not a directory: give a directory "
                    + "(made if missing) where the tracer may keep its indexes of the kernel");
        }
        kernelIndexCache = directory;
        return this;
    }

    /** Receives each event as an immutable copy, on the tracer's poller thread. */
    public TracerBuilder onEvent(Consumer<? super TraceEvent> sink) {
        eventSink = sink;
        return this;
    }

    /** Receives each event as a zero-copy view valid only during the call (no allocation per event). */
    public TracerBuilder onEventView(Consumer<? super SkbEventView> sink) {
        viewSink = sink;
        return this;
    }

    /**
     * Also keeps each packet event (as {@link #onEvent}'s immutable copy) in a bounded queue that
     * {@link Tracer#events()} hands to any thread that wants to pull them: at most {@code capacity} wait;
     * when the queue is full the new event is dropped and counted ({@link TraceStats#queueOverflow()}), and
     * the first such drop reaches {@link #onError} (kind {@code QUEUE_OVERFLOW}) and the log.
     */
    public TracerBuilder eventQueue(int capacity) {
        if (capacity < 1) {
            throw new InvalidPlanException("event queue capacity " + capacity + " is not valid: give 1 or more events");
        }
        queueCapacity = capacity;
        return this;
    }

    /**
     * Receives a loss marker where the ring buffer lost events, on the poller thread, in order with the
     * events: before the next event from the CPU that lost them (losses after the last event come at
     * close). Their counts add up to {@link TraceStats#lost()}.
     */
    public TracerBuilder onLoss(Consumer<? super LossEvent> sink) {
        lossSink = sink;
        return this;
    }

    /**
     * Receives the first failure of each kind after start (a sink threw, the poller died), on the thread
     * where it happened; without it failures are logged (and counted in {@link Tracer#stats()}) only.
     */
    public TracerBuilder onError(Consumer<? super TracerFailureException> callback) {
        errorCallback = callback;
        return this;
    }

    /** Receives each ended TCP connection of {@link #traceTcpLifetime()}, on the tracer's poller thread. */
    public TracerBuilder onTcpConnection(Consumer<? super TcpConnectionEvent> sink) {
        tcpSink = sink;
        return this;
    }

    /** Receives each ended TCP connection as a zero-copy view valid only during the call (no allocation per event). */
    public TracerBuilder onTcpConnectionView(Consumer<? super TcpConnectionView> sink) {
        tcpViewSink = sink;
        return this;
    }

    /** Receives each netfilter verdict of {@link #traceNetfilter()}, on the tracer's poller thread. */
    public TracerBuilder onNetfilter(Consumer<? super NetfilterEvent> sink) {
        netfilterSink = sink;
        return this;
    }

    /** Receives each netfilter verdict as a zero-copy view valid only during the call (no allocation per event). */
    public TracerBuilder onNetfilterView(Consumer<? super NetfilterEventView> sink) {
        netfilterViewSink = sink;
        return this;
    }

    public TracePlan build() {
        if (!traceSkb && skbFunctionFilter == null && skFunctionFilter == null && !traceTcpLifetime
                && cgroupSockets == null && !traceSkTracepoints && !traceNetfilter && programs.isEmpty()) {
            throw new InvalidPlanException("nothing to trace: call traceSkb() (tracepoints), "
                    + "traceSkbFunctions(regex) or traceSkFunctions(regex) (kernel functions), traceTcpLifetime() "
                    + ", traceCgroupSockets(dir), traceSkTracepoints(), traceNetfilter(), traceTcPrograms() or "
                    + "traceXdpPrograms()");
        }
        if (!filters.tcpMinLifetime.isZero() && !traceTcpLifetime) {
            throw new InvalidPlanException("filterTcpLifetime(" + filters.tcpMinLifetime + ") without traceTcpLifetime(): "
                    + "the lifetime filter applies to TCP connections only");
        }
        if (snaplen > 0 && (outputs.contains(Output.SKB) || outputs.contains(Output.SHINFO))) {
            throw new InvalidPlanException("capturePackets(" + snaplen + ") together with Output.SKB or Output.SHINFO "
                    + "is not supported yet: a packet event carries either its packet bytes or its raw structs");
        }
        FunctionTracing functions = skbFunctionFilter == null && skFunctionFilter == null ? null
                : new FunctionTracing(skbFunctionFilter, skFunctionFilter, backend, kernelModules, allKernelModules,
                        kprobeBatch);
        return new TracePlan(
                new Sources(traceSkb, tracepoints, functions, traceTcpLifetime, cgroupSockets, traceSkTracepoints,
                        traceNetfilter, netfilterNamespaces, netfilterWay, programs),
                filters.build(), new Outputs(outputs, dropStack, limit, snaplen), ringBufferBytes, kernelBtf,
                kernelIndexCache);
    }

    /** Builds the plan and starts tracing; close the returned tracer to stop. */
    public Tracer start() {
        TracePlan plan = build();
        Sources sources = plan.sources();
        if (sources.tracesPackets() && !hasPacketSink()) {
            throw new InvalidPlanException("no event sink: call onEvent(...), onEventView(...) or eventQueue(capacity) "
                    + "before start()");
        }
        if (sources.traceTcpLifetime() && tcpSink == null && tcpViewSink == null) {
            throw new InvalidPlanException("no sink for TCP connections: call onTcpConnection(...) or "
                    + "onTcpConnectionView(...) before start()");
        }
        if (sources.cgroupSockets() != null && socketSink == null) {
            throw new InvalidPlanException("no sink for sockets: call onSocket(...) before start()");
        }
        if (sources.tracesSockets() && sockSink == null && sockViewSink == null) {
            throw new InvalidPlanException("no sink for socket events: call onSockEvent(...) or onSockEventView(...) "
                    + "before start()");
        }
        if (sources.traceNetfilter() && netfilterSink == null && netfilterViewSink == null) {
            throw new InvalidPlanException("no sink for netfilter verdicts: call onNetfilter(...) or "
                    + "onNetfilterView(...) before start()");
        }
        return Tracer.start(plan, sinks(queueCapacity), attachListener, errorCallback);
    }

    /**
     * Feeds {@code events} made-up packet events to this builder's sinks, on the calling thread, along the path a
     * started tracer's events take (the ring buffer's reader, the decoder, the sinks as {@link #start} wires
     * them), with no kernel and no privilege: TCP, UDP and ICMP over IPv4 and IPv6, and ARP, received, sent and
     * dropped. For the JIT: a flood that begins with the trace then finds that path compiled. The sinks get the
     * events as they would get traced ones: give this builder sinks that discard them, or call it on a builder
     * of its own (an event queue is warmed up apart from the one {@code start()} makes, and emptied).
     * In a fresh JVM the first 204,800 events took 780 ms cold and 240 ms after {@code warmUp(61_440)}, which
     * itself took 650 ms (WarmUpBenchmark, BENCHMARKS.md).
     *
     * @throws VistaException if a sink threw on an event, after the last one
     */
    public void warmUp(long events) {
        if (events < 1) {
            throw new InvalidPlanException("warm-up of " + events + " events is not valid: give 1 or more (tens of "
                    + "thousands get the event path compiled)");
        }
        if (!hasPacketSink()) {
            throw new InvalidPlanException("no event sink to warm up: call onEvent(...), onEventView(...) or "
                    + "eventQueue(capacity) before warmUp(...)");
        }
        WarmUp.run(sinks(WarmUp.RECORDS), dropStack || outputs.contains(Output.STACK), events);
    }

    private boolean hasPacketSink() {
        return eventSink != null || viewSink != null || queueCapacity > 0;
    }

    /** The sinks as they are now, with a new event queue of this capacity if one was asked for. */
    private EventSinks sinks(int capacity) {
        EventQueue<TraceEvent> queue = queueCapacity == 0 ? null : new EventQueue<>(capacity);
        return new EventSinks(eventSink, viewSink, queue, tcpSink, tcpViewSink, socketSink, sockSink, sockViewSink,
                netfilterSink, netfilterViewSink, lossSink);
    }

    static InetAddress parseAddress(String literal) {
        String text = literal.trim();
        var v4 = IPV4.matcher(text);
        boolean validV4 = v4.matches() && IntStream.rangeClosed(1, 4)
                .allMatch(g -> Integer.parseInt(v4.group(g)) <= 255);
        if (!validV4 && !IPV6.matcher(text).matches()) {
            throw new InvalidPlanException("address '" + literal + "' is not an IPv4 or IPv6 address: give a literal "
                    + "such as 10.0.0.1 or fd00::1 (host names are not resolved)");
        }
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new InvalidPlanException("address '" + literal + "' is not a valid IPv4 or IPv6 address: "
                    + e.getMessage(), e);
        }
    }
}
