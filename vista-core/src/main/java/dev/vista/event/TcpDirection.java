package dev.vista.event;

/** Who opened a TCP connection. */
public enum TcpDirection {
    /** This host connected: the socket went through SYN_SENT. */
    CONNECTED,
    /** This host accepted: the socket was born in SYN_RECV. */
    ACCEPTED
}
