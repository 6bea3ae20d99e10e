package dev.vista;

/** A pcap-filter expression (man 7 pcap-filter) that libpcap rejected, or that cannot run in the kernel. */
public final class PcapFilterException extends InvalidPlanException {
    private final String expression;

    public PcapFilterException(String expression, String problem) {
        super("pcap-filter expression '" + expression + "': " + problem);
        this.expression = expression;
    }

    /** The expression as the caller gave it. */
    public String expression() {
        return expression;
    }
}
