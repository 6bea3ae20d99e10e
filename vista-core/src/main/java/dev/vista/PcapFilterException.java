package dev.vista;

import java.io.Serial;

/** A pcap-filter expression (man 7 pcap-filter) that libpcap rejected, or that cannot run in the kernel. */
public final class PcapFilterException extends InvalidPlanException {
    @Serial
    private static final long serialVersionUID = 1L;

    private static final int QUOTED = 200;
    private final String expression;

    public PcapFilterException(String expression, String problem) {
        super("pcap-filter expression '" + abbreviated(expression) + "': " + problem);
        this.expression = expression;
    }

    private static String abbreviated(String expression) {
        return expression.length() <= QUOTED ? expression : expression.substring(0, QUOTED) + "...";
    }

    /** The expression as the caller gave it. */
    public String expression() {
        return expression;
    }
}
