package dev.vista.format;

import dev.vista.event.Tuple;

/**
 * Tuples as vista prints them: {@code 10.0.0.1:4242->10.0.0.2:53(udp)}, ICMP echoes with their id and
 * sequence, other ICMP with type and code, other protocols by number. The text is kept per Tuple
 * instance: the decoder shares one instance per flow, so under a flood a line appends one String instead
 * of making a dozen appends and two address look-ups. Direct-mapped by identity, so it stays bounded;
 * a tuple not seen before (or evicted) is formatted again. Not thread-safe.
 */
final class TupleText {
    private static final int SLOTS = 256;
    private static final int ICMP_ECHO_REPLY = 0;
    private static final int ICMP_ECHO_REQUEST = 8;
    private static final int ICMPV6_ECHO_REQUEST = 128;
    private static final int ICMPV6_ECHO_REPLY = 129;

    private final AddressText addresses = new AddressText();
    private final Tuple[] tuples = new Tuple[SLOTS];
    private final String[] texts = new String[SLOTS];
    private final StringBuilder scratch = new StringBuilder(96);

    String of(Tuple tuple) {
        int slot = System.identityHashCode(tuple) & (SLOTS - 1);
        if (tuples[slot] != tuple) {
            scratch.setLength(0);
            texts[slot] = format(tuple, scratch).toString();
            tuples[slot] = tuple;
        }
        return texts[slot];
    }

    private StringBuilder format(Tuple t, StringBuilder out) {
        String source = addresses.of(t.source());
        String destination = addresses.of(t.destination());
        return switch (t.protocol()) {
            case Tuple.IPPROTO_TCP, Tuple.IPPROTO_UDP -> out.append(source).append(':').append(t.sourcePort())
                    .append("->").append(destination).append(':').append(t.destinationPort())
                    .append('(').append(t.protocolName()).append(')');
            case Tuple.IPPROTO_ICMP, Tuple.IPPROTO_ICMPV6 -> {
                out.append(source).append("->").append(destination).append('(').append(t.protocolName());
                String echo = echoKind(t.icmpType());
                if (echo != null) {
                    out.append(' ').append(echo).append(" id=").append(t.icmpId()).append(" seq=").append(t.icmpSequence());
                } else {
                    out.append(" type=").append(t.icmpType()).append(" code=").append(t.icmpCode());
                }
                yield out.append(')');
            }
            default -> out.append(source).append("->").append(destination).append("(proto=").append(t.protocol())
                    .append(')');
        };
    }

    private static String echoKind(int icmpType) {
        return switch (icmpType) {
            case ICMP_ECHO_REQUEST, ICMPV6_ECHO_REQUEST -> "request";
            case ICMP_ECHO_REPLY, ICMPV6_ECHO_REPLY -> "reply";
            default -> null;
        };
    }
}
