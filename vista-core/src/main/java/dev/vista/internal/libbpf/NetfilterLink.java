package dev.vista.internal.libbpf;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.vista.internal.libc.NativeCalls;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * Netfilter BPF links (Linux 6.4+): a {@code BPF_PROG_TYPE_NETFILTER} program at one hook and priority of
 * the calling thread's network namespace. libbpf 1.1 has no helper for them and its {@code bpf_link_create}
 * options lack the netfilter fields, so the link is made with the {@code bpf(2)} system call itself.
 */
public final class NetfilterLink {
    public static final int BPF_PROG_TYPE_NETFILTER = 32;
    public static final int BPF_NETFILTER = 45;
    private static final int BPF_LINK_CREATE = 28;
    /** The system call's number: x86-64's, or arm64's (the generic table). */
    private static final long SYS_BPF = "aarch64".equals(System.getProperty("os.arch")) ? 280 : 321;
    /** Enough of union bpf_attr for link_create; the kernel reads the rest as zeros. */
    private static final long ATTR_SIZE = 64;
    private static final MethodHandle SYSCALL = NativeCalls.downcallWithErrno(NativeCalls.libc(), "syscall",
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG), Linker.Option.firstVariadicArg(1));

    private NetfilterLink() {
    }

    /**
     * Links the loaded netfilter program {@code program} at {@code hook} of protocol family {@code family}
     * (NFPROTO_*) with {@code priority}, in the calling thread's network namespace.
     */
    public static Attachment create(BpfProgram program, int family, int hook, int priority, String what) {
        try (Arena call = Arena.ofConfined()) {
            MemorySegment attr = call.allocate(ATTR_SIZE, 8);
            attr.set(JAVA_INT, 0, program.fd());          // link_create.prog_fd
            attr.set(JAVA_INT, 8, BPF_NETFILTER);         // link_create.attach_type
            attr.set(JAVA_INT, 16, family);               // link_create.netfilter.pf
            attr.set(JAVA_INT, 20, hook);                 // link_create.netfilter.hooknum
            attr.set(JAVA_INT, 24, priority);             // link_create.netfilter.priority
            MemorySegment state = NativeCalls.newCallState(call);
            long fd = (long) SYSCALL.invokeExact(state, SYS_BPF, BPF_LINK_CREATE, attr, ATTR_SIZE);
            if (fd < 0) {
                throw new LibbpfException("linking " + program.name() + " to netfilter " + what,
                        NativeCalls.errno(state));
            }
            return new FdLink(program.name() + " at " + what, (int) fd);
        } catch (LibbpfException e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }
}
