package dev.vista.event;

/** Whether a TCP connection ended with a reset, and which side sent it. */
public enum TcpReset {
    NONE,
    /** This host sent a RST on the connection (e.g. closed it with unread data, or aborted it). */
    SENT,
    /** The peer reset the connection (or refused it). */
    RECEIVED
}
