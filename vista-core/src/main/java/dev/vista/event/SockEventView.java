package dev.vista.event;

/**
 * A zero-copy view of one socket event ({@link SockEvent}'s fields) while it is still in the ring buffer:
 * valid only during the callback that receives it. Nothing allocates but {@link #functionName()}, once per
 * function. States are the kernel's numbers: TCP_* (1 ESTABLISHED ... 12 NEW_SYN_RECV) and SS_*.
 */
public interface SockEventView {
    /** The fields every record has: time, task, netns, mark, addresses (local to remote) and ports. */
    EventHeaderView header();

    /** The kernel address of the struct sock. */
    long sock();

    /** The tracepoint, or null for a kernel function's event (or an id this version does not know). */
    SkTracepoint tracepoint();

    /** For a kernel-function event, the traced function's kernel address; 0 for a tracepoint's. */
    long functionAddress();

    /** The traced function's name (kallsyms), null for a tracepoint's event; resolved once per function, then shared. */
    String functionName();

    /** The device the socket is bound to (SO_BINDTODEVICE), 0 for none. */
    int boundIfindex();

    /** AF_INET (2), AF_INET6 (10), AF_UNIX (1), ... */
    int family();

    /** SOCK_STREAM (1), SOCK_DGRAM (2), ... */
    int type();

    /** The socket's TCP_* state; in a function, on entry. */
    int state();

    /** For inet_sock_set_state: the state left. */
    int oldState();

    /** For inet_sock_set_state: the state entered. */
    int newState();

    long rcvbuf();

    long sndbuf();

    long priority();

    /** Whether SO_REUSEPORT is set (skc_reuseport). */
    boolean reusePort();

    /** Bytes in the socket's backlog (sk_backlog.len): queued while a process held the socket. */
    long backlog();

    /** The flags of its struct socket (SOCK_NOSPACE, ...), 0 without one. */
    long socketFlags();

    /** The SS_* state of its struct socket (meaningless when {@link #inode()} is 0: no struct socket). */
    int socketState();

    /** The socket's inode, 0 without a struct socket. */
    long inode();

    /** Frames of the kernel stack in the record (0 unless requested). */
    int stackDepth();

    long stackAddress(int frame);
}
