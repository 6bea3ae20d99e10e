package dev.vista;

import static dev.vista.internal.libc.NativeFunction.address;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import dev.vista.internal.libc.Libc;
import dev.vista.internal.libc.NativeCalls;
import dev.vista.internal.libc.NativeException;
import dev.vista.internal.libc.NativeFunction;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.Inet4Address;
import java.nio.ByteOrder;
import java.nio.file.Files;

/**
 * An IPv4 TCP client socket opened through libc, for the socket options Java has no name for
 * (SO_MARK, SO_PRIORITY), so a test can check that the kernel reports exactly what it set.
 * Create it inside the network namespace it should live in.
 */
final class NativeTcpClient implements AutoCloseable {
    private static final int SOL_SOCKET = 1;
    static final int SO_SNDBUF = 7;
    static final int SO_RCVBUF = 8;
    static final int SO_PRIORITY = 12;
    static final int SO_MARK = 36;
    private static final int AF_INET = 2;
    private static final int SOCK_STREAM = 1;
    private static final int SOCKADDR_IN_SIZE = 16;
    private static final ValueLayout.OfShort PORT = JAVA_SHORT.withOrder(ByteOrder.BIG_ENDIAN);
    private static final NativeFunction SOCKET = NativeCalls.libcFunction("socket");
    private static final NativeFunction SETSOCKOPT = NativeCalls.libcFunction("setsockopt");
    private static final NativeFunction CONNECT = NativeCalls.libcFunction("connect");
    private static final NativeFunction GETSOCKNAME = NativeCalls.libcFunction("getsockname");

    private final int fd;
    private boolean closed;

    private NativeTcpClient(int fd) {
        this.fd = fd;
    }

    static NativeTcpClient open() {
        return new NativeTcpClient(call("socket", (arena, state) -> (int) SOCKET.callCapturingErrno(state, AF_INET,
                SOCK_STREAM, 0)));
    }

    /** setsockopt(SOL_SOCKET, option, value). */
    NativeTcpClient set(int option, int value) {
        call("setsockopt " + option, (arena, state) -> (int) SETSOCKOPT.callCapturingErrno(state, fd, SOL_SOCKET,
                option, address(arena.allocateFrom(JAVA_INT, value)), JAVA_INT.byteSize()));
        return this;
    }

    NativeTcpClient connect(Inet4Address address, int port) {
        call("connect", (arena, state) -> {
            MemorySegment sockaddr = arena.allocate(SOCKADDR_IN_SIZE);
            sockaddr.set(JAVA_SHORT, 0, (short) AF_INET);
            sockaddr.set(PORT, 2, (short) port);
            MemorySegment.copy(address.getAddress(), 0, sockaddr, JAVA_BYTE, 4, 4);
            return (int) CONNECT.callCapturingErrno(state, fd, address(sockaddr), SOCKADDR_IN_SIZE);
        });
        return this;
    }

    int localPort() {
        return call("getsockname", (arena, state) -> {
            MemorySegment sockaddr = arena.allocate(SOCKADDR_IN_SIZE);
            int rc = (int) GETSOCKNAME.callCapturingErrno(state, fd, address(sockaddr),
                    address(arena.allocateFrom(JAVA_INT, SOCKADDR_IN_SIZE)));
            return rc < 0 ? rc : Short.toUnsignedInt(sockaddr.get(PORT, 2));
        });
    }

    /** The socket's inode, from its /proc/self/fd link ("socket:[inode]"). */
    long inode() throws IOException {
        String link = Files.readSymbolicLink(Libc.procFd(fd)).toString();
        return Long.parseLong(link.substring("socket:[".length(), link.length() - 1));
    }

    /** Closes the socket, once: a test closes it early to see what the kernel does then. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            Libc.close(fd);
        }
    }

    /** A libc call that returns -1 and sets errno on failure. */
    private interface Call {
        int invoke(Arena arena, MemorySegment callState);
    }

    private static int call(String name, Call call) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = NativeCalls.newCallState(arena);
            int result = call.invoke(arena, state);
            if (result < 0) {
                throw new NativeException(name, NativeCalls.errno(state));
            }
            return result;
        }
    }
}
