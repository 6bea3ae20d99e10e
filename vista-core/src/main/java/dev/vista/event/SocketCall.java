package dev.vista.event;

/** What a process did with a socket. */
public enum SocketCall {
    /** connect(): the process opened a connection (or, for a datagram socket, fixed its peer). */
    CONNECT,
    /** accept(): the process took a connection a peer opened. */
    ACCEPT,
    /** sendto()/sendmsg() with a destination: reported once per socket and destination. */
    SEND
}
