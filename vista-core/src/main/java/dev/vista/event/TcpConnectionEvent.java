package dev.vista.event;

import java.time.Duration;

/**
 * One TCP connection that ended: what struct tcp_sock counted over its life, reported when the
 * kernel destroyed the socket. An immutable copy, safe to keep and share.
 *
 * @param timestampNs   CLOCK_MONOTONIC nanoseconds when the socket was destroyed
 * @param epochNanos    the same moment on the wall clock, nanoseconds since the epoch
 * @param pid           the process that connected ({@link TcpDirection#CONNECTED}) or that closed an accepted
 *                      connection; 0 when no process was seen (an accepted connection the peer reset)
 * @param comm          that process's name, empty when unknown
 * @param sock          the kernel address of the struct sock
 * @param tuple         local address and port -> remote address and port
 * @param lifetime      from SYN_SENT or SYN_RECV until the connection entered CLOSE
 * @param bytesReceived payload bytes received
 * @param bytesSent     payload bytes sent and acknowledged by the peer
 * @param srttMicros    smoothed round-trip time, microseconds
 * @param retransmits   segments retransmitted
 * @param congestion    the congestion-control algorithm, e.g. cubic
 * @param lastState     the state the connection left for CLOSE, e.g. LAST_ACK, or null if unknown
 */
public record TcpConnectionEvent(long timestampNs, long epochNanos, int cpu, int pid, String comm, long netns,
        long mark, long sock, Tuple tuple, TcpDirection direction, Duration lifetime, long bytesReceived,
        long bytesSent, long srttMicros, long retransmits, String congestion, TcpReset reset, String lastState) {

    public boolean wasReset() {
        return reset != TcpReset.NONE;
    }
}
