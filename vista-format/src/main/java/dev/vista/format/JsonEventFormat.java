package dev.vista.format;

import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.vista.event.DropReason;
import dev.vista.event.EventSource;
import dev.vista.event.LossEvent;
import dev.vista.event.NetfilterEvent;
import dev.vista.event.ProgramCall;
import dev.vista.event.ProgramPhase;
import dev.vista.event.SockEvent;
import dev.vista.event.StackFrame;
import dev.vista.event.TcpConnectionEvent;
import dev.vista.event.TraceEvent;
import dev.vista.event.Tuple;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * One JSON object per event and line (JSON Lines), for programs: {@code jq}, log shippers. {@code kind}
 * says what the object is: {@code skb} (a packet), {@code tcp_connection} (a TCP connection's end),
 * {@code sock} (a socket at a sock or tcp tracepoint, or in a kernel function), {@code netfilter} (what a
 * netfilter table decided about a packet, with {@code tuple_before} when the table changed the tuple). Field names are snake_case; optional parts (tuple,
 * drop reason, location, caller, stack, and with Output.SKB and SHINFO the nested objects {@code sk_buff} and
 * {@code skb_shared_info}) appear only when the event has them. Written with Jackson's
 * streaming generator: no reflection, no tree per event. Not thread-safe: one per consuming thread.
 *
 * <pre>
 * {"kind":"skb","time_ns":..,"epoch_ns":..,"cpu":1,"pid":42,"comm":"ping","skb":"0xffff..","where":"net_dev_queue",
 *  "netns":4026531840,"mark":0,"ifindex":2,"ifname":"eth0","protocol":2048,"mtu":1500,"len":98,"pkt_type":0,
 *  "tuple":{"saddr":"10.0.0.1","daddr":"10.0.0.2","proto":"icmp","sport":0,"dport":0,...}}
 * </pre>
 */
public final class JsonEventFormat implements EventFormat {
    private static final char[] HEX_DIGITS = "0123456789abcdef".toCharArray();
    private static final String[] SOURCE_NAMES = Arrays.stream(EventSource.values())
            .map(source -> source.name().toLowerCase(Locale.ROOT)).toArray(String[]::new);

    private final TargetWriter target = new TargetWriter();
    private final char[] hex = new char[2 + 16];
    private final JsonGenerator json;

    public JsonEventFormat() {
        try {
            // No separator between root values: each object gets its own line from append().
            json = new JsonFactoryBuilder().rootValueSeparator((String) null).build().createGenerator(target);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public StringBuilder appendHeader(StringBuilder out) {
        return out;
    }

    @Override
    public StringBuilder append(TraceEvent event, StringBuilder out) {
        return line(out, () -> write(event));
    }

    @Override
    public StringBuilder append(TcpConnectionEvent event, StringBuilder out) {
        return line(out, () -> write(event));
    }

    @Override
    public StringBuilder append(SockEvent event, StringBuilder out) {
        return line(out, () -> write(event));
    }

    @Override
    public StringBuilder append(NetfilterEvent event, StringBuilder out) {
        return line(out, () -> write(event));
    }

    @Override
    public StringBuilder append(LossEvent loss, StringBuilder out) {
        return line(out, () -> write(loss));
    }

    private StringBuilder line(StringBuilder out, JsonWrite object) {
        target.out = out;
        try {
            object.write();
            json.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // the target is a StringBuilder: cannot happen
        }
        return out.append('\n');
    }

    private interface JsonWrite {
        void write() throws IOException;
    }

    /** A loss marker: "kind":"loss" tells it from events. */
    private void write(LossEvent loss) throws IOException {
        json.writeStartObject();
        json.writeStringField("kind", "loss");
        json.writeNumberField("time_ns", loss.timestampNs());
        json.writeNumberField("cpu", loss.cpu());
        json.writeNumberField("lost", loss.count());
        json.writeArrayFieldStart("sources");
        for (EventSource source : loss.sources()) {
            json.writeString(SOURCE_NAMES[source.ordinal()]);
        }
        json.writeEndArray();
        json.writeEndObject();
    }

    /** A TCP connection's end: "kind":"tcp_connection" tells it from packet events. */
    private void write(TcpConnectionEvent e) throws IOException {
        json.writeStartObject();
        json.writeStringField("kind", "tcp_connection");
        writeWhoAndWhen(e.timestampNs(), e.epochNanos(), e.cpu(), e.pid(), e.comm());
        json.writeFieldName("sock");
        writeHex(e.sock());
        json.writeNumberField("netns", e.netns());
        json.writeNumberField("mark", e.mark());
        json.writeStringField("direction", e.direction().name().toLowerCase(Locale.ROOT));
        json.writeNumberField("lifetime_ns", e.lifetime().toNanos());
        json.writeNumberField("bytes_received", e.bytesReceived());
        json.writeNumberField("bytes_sent", e.bytesSent());
        json.writeNumberField("srtt_us", e.srttMicros());
        json.writeNumberField("retransmits", e.retransmits());
        json.writeStringField("congestion", e.congestion());
        json.writeStringField("reset", e.reset().name().toLowerCase(Locale.ROOT));
        if (e.lastState() != null) {
            json.writeStringField("last_state", e.lastState());
        }
        if (e.tuple() != null) {
            writeTuple("tuple", e.tuple());
        }
        json.writeEndObject();
    }

    /** A socket at a sock or tcp tracepoint or in a kernel function: "kind":"sock". */
    private void write(SockEvent e) throws IOException {
        json.writeStartObject();
        json.writeStringField("kind", "sock");
        writeWhoAndWhen(e.timestampNs(), e.epochNanos(), e.cpu(), e.pid(), e.comm());
        json.writeFieldName("sock");
        writeHex(e.sock());
        json.writeStringField("where", e.where());
        json.writeStringField("source", e.function() != null ? "sk_function" : "sk_tracepoint");
        String caller = e.caller();
        if (caller != null) {
            json.writeStringField("caller", caller);
        }
        json.writeNumberField("netns", e.netns());
        json.writeNumberField("mark", e.mark());
        json.writeNumberField("bound_ifindex", e.boundIfindex());
        json.writeStringField("family", e.family());
        json.writeStringField("type", e.type());
        json.writeStringField("state", e.state());
        if (e.oldState() != null) {
            json.writeStringField("old_state", e.oldState());
            json.writeStringField("new_state", e.newState());
        }
        json.writeNumberField("rcvbuf", e.rcvbuf());
        json.writeNumberField("sndbuf", e.sndbuf());
        json.writeNumberField("priority", e.priority());
        json.writeBooleanField("reuseport", e.reusePort());
        json.writeNumberField("backlog", e.backlog());
        if (e.socketState() != null) {
            json.writeStringField("socket_state", e.socketState());
            json.writeNumberField("socket_flags", e.socketFlags());
        }
        json.writeNumberField("inode", e.inode());
        if (e.tuple() != null) {
            writeTuple("tuple", e.tuple());
        }
        writeStack(e.stack());
        json.writeEndObject();
    }

    /** A netfilter verdict: "kind":"netfilter". */
    private void write(NetfilterEvent e) throws IOException {
        json.writeStartObject();
        json.writeStringField("kind", "netfilter");
        writeWhoAndWhen(e.timestampNs(), e.epochNanos(), e.cpu(), e.pid(), e.comm());
        json.writeFieldName("skb");
        writeHex(e.skb());
        json.writeStringField("pf", e.family().pfName());
        json.writeStringField("table", e.table().table());
        if (e.table().chain() != null) {
            json.writeStringField("chain", e.table().chain());
        }
        json.writeStringField("hook", e.hook().name());
        json.writeNumberField("priority", e.table().priority());
        json.writeStringField("verdict", e.verdict().name());
        json.writeNumberField("cost_ns", e.costNanos());
        json.writeStringField("way", e.way().name().toLowerCase(Locale.ROOT));
        if (e.dropReason() != null) {
            json.writeStringField("drop_reason", e.dropReason().name());
        }
        json.writeNumberField("netns", e.netns());
        json.writeNumberField("mark", e.mark());
        json.writeNumberField("ifindex", e.ifindex());
        json.writeStringField("ifname", e.ifname());
        json.writeNumberField("protocol", e.protocol());
        json.writeNumberField("len", e.len());
        if (e.tuple() != null) {
            writeTuple("tuple", e.tuple());
        }
        if (e.tupleBefore() != null && !e.tupleBefore().equals(e.tuple())) {
            writeTuple("tuple_before", e.tupleBefore());
        }
        json.writeEndObject();
    }

    private void writeWhoAndWhen(long timestampNs, long epochNanos, int cpu, int pid, String comm) throws IOException {
        json.writeNumberField("time_ns", timestampNs);
        json.writeNumberField("epoch_ns", epochNanos);
        json.writeNumberField("cpu", cpu);
        json.writeNumberField("pid", pid);
        json.writeStringField("comm", comm);
    }

    private void write(TraceEvent e) throws IOException {
        json.writeStartObject();
        json.writeStringField("kind", "skb");
        writeWhoAndWhen(e.timestampNs(), e.epochNanos(), e.cpu(), e.pid(), e.comm());
        json.writeFieldName("skb");
        writeHex(e.skb());
        json.writeStringField("where", e.where());
        json.writeStringField("source", SOURCE_NAMES[e.source().ordinal()]);
        if (e.program() != null) {
            writeProgram(e.program());
        }
        DropReason reason = e.dropReason();
        if (reason != null) {
            json.writeStringField("drop_reason", reason.name());
        }
        if (e.location() != null) {
            json.writeStringField("location", e.location());
        }
        String caller = e.caller();
        if (caller != null) {
            json.writeStringField("caller", caller);
        }
        json.writeNumberField("netns", e.netns());
        json.writeNumberField("mark", e.mark());
        json.writeNumberField("ifindex", e.ifindex());
        json.writeStringField("ifname", e.ifname());
        json.writeNumberField("protocol", e.protocol());
        json.writeNumberField("mtu", e.mtu());
        json.writeNumberField("len", e.len());
        json.writeNumberField("pkt_type", e.pktType());
        if (e.tuple() != null) {
            writeTuple("tuple", e.tuple());
        }
        writeStack(e.stack());
        if (e.skbStruct() != null) {
            KernelStructJson.writeField(json, "sk_buff", e.skbStruct());
        }
        if (e.sharedInfo() != null) {
            KernelStructJson.writeField(json, "skb_shared_info", e.sharedInfo());
        }
        json.writeEndObject();
    }

    /** "program": a TC or XDP program's id, name, type, phase, and at its exit the verdict and duration. */
    private void writeProgram(ProgramCall program) throws IOException {
        json.writeObjectFieldStart("program");
        json.writeNumberField("id", program.id());
        json.writeStringField("name", program.name());
        json.writeStringField("type", program.type().label());
        json.writeStringField("phase", program.phase() == ProgramPhase.ENTRY ? "entry" : "exit");
        if (program.verdict() != null) {
            json.writeStringField("verdict", program.verdict().name());
            json.writeNumberField("return_value", program.verdict().value());
            json.writeNumberField("duration_ns", program.durationNanos());
        }
        json.writeEndObject();
    }

    /** "stack": the frames' symbols, when there are any. */
    private void writeStack(List<StackFrame> stack) throws IOException {
        if (!stack.isEmpty()) {
            json.writeArrayFieldStart("stack");
            for (int i = 0; i < stack.size(); i++) { // indexed: no iterator per event
                json.writeString(stack.get(i).symbol());
            }
            json.writeEndArray();
        }
    }

    private void writeTuple(String field, Tuple t) throws IOException {
        json.writeObjectFieldStart(field);
        json.writeStringField("saddr", t.source().getHostAddress());
        json.writeStringField("daddr", t.destination().getHostAddress());
        json.writeStringField("proto", t.protocolName());
        switch (t.protocol()) {
            case Tuple.IPPROTO_TCP, Tuple.IPPROTO_UDP -> {
                json.writeNumberField("sport", t.sourcePort());
                json.writeNumberField("dport", t.destinationPort());
                if (t.protocol() == Tuple.IPPROTO_TCP) {
                    json.writeStringField("tcp_flags", t.tcpFlagNames());
                }
            }
            case Tuple.IPPROTO_ICMP, Tuple.IPPROTO_ICMPV6 -> {
                json.writeNumberField("icmp_type", t.icmpType());
                json.writeNumberField("icmp_code", t.icmpCode());
                json.writeNumberField("icmp_id", t.icmpId());
                json.writeNumberField("icmp_seq", t.icmpSequence());
            }
            default -> {
            }
        }
        json.writeEndObject();
    }

    /** "0x" and lower-case hex digits without leading zeros, without a String per event. */
    private void writeHex(long value) throws IOException {
        int digits = Math.max(1, (Long.SIZE - Long.numberOfLeadingZeros(value) + 3) / 4);
        hex[0] = '0';
        hex[1] = 'x';
        for (int i = 0; i < digits; i++) {
            hex[2 + i] = HEX_DIGITS[(int) (value >>> ((digits - 1 - i) * 4)) & 0xf];
        }
        json.writeString(hex, 0, 2 + digits);
    }

    /** Hands the generator's output to the StringBuilder of the current call. */
    private static final class TargetWriter extends Writer {
        private StringBuilder out;

        @Override
        public void write(char[] chars, int offset, int length) {
            out.append(chars, offset, length);
        }

        @Override
        public void write(String text, int offset, int length) {
            out.append(text, offset, offset + length);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
