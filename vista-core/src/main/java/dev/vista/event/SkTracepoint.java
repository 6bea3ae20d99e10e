package dev.vista.event;

/**
 * The kernel's sock and tcp tracepoints that socket tracing uses, in the order of
 * vista_tracepoints.h's {@code enum vista_sk_tracepoint} (the BPF side writes the ordinal into each
 * event). Which of them exist is read from the kernel's BTF.
 */
public enum SkTracepoint {
    INET_SOCK_SET_STATE("sock", "inet_sock_set_state"),
    INET_SK_ERROR_REPORT("sock", "inet_sk_error_report"),
    SOCK_RCVQUEUE_FULL("sock", "sock_rcvqueue_full"),
    SOCK_EXCEED_BUF_LIMIT("sock", "sock_exceed_buf_limit"),
    TCP_SEND_RESET("tcp", "tcp_send_reset"),
    TCP_RECEIVE_RESET("tcp", "tcp_receive_reset"),
    TCP_DESTROY_SOCK("tcp", "tcp_destroy_sock"),
    TCP_RCV_SPACE_ADJUST("tcp", "tcp_rcv_space_adjust");

    private static final SkTracepoint[] BY_ORDINAL = values();

    private final String category;
    private final String kernelName;

    SkTracepoint(String category, String kernelName) {
        this.category = category;
        this.kernelName = kernelName;
    }

    public String category() {
        return category;
    }

    public String kernelName() {
        return kernelName;
    }

    /** The tracepoint for an id written by the BPF side, or null for an id this version does not know. */
    public static SkTracepoint ofId(int id) {
        return id >= 0 && id < BY_ORDINAL.length ? BY_ORDINAL[id] : null;
    }
}
