package dev.vista.event;

/**
 * A zero-copy view of one ended TCP connection ({@link TcpConnectionEvent}'s fields) while it is still in
 * the ring buffer: valid only during the callback that receives it. Nothing here allocates.
 */
public interface TcpConnectionView {
    /** The fields every record has: time, task, netns, mark, addresses (local to remote) and ports. */
    EventHeaderView header();

    /** The kernel address of the struct sock. */
    long sock();

    TcpDirection direction();

    long lifetimeNs();

    long bytesReceived();

    long bytesSent();

    long srttMicros();

    long retransmits();

    TcpReset reset();

    /** The kernel's TCP_* state the connection left for CLOSE, 0 if unknown. */
    int lastState();

    /** True when the congestion-control algorithm is {@code name} (e.g. cubic). */
    boolean congestionEquals(CharSequence name);

    /** Copies the congestion-control algorithm's name (bytes, without the NUL) to {@code target}; returns how many. */
    int copyCongestion(byte[] target, int offset);
}
