package dev.vista.internal.kernel;

import dev.vista.PrivilegeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks, before anything touches the kernel, that this process may load and attach tracing
 * programs: CAP_SYS_ADMIN, or CAP_BPF together with CAP_PERFMON (Linux 5.8+).
 */
public final class Privileges {
    static final int CAP_SYS_ADMIN = 21;
    static final int CAP_PERFMON = 38;
    static final int CAP_BPF = 39;

    private Privileges() {
    }

    public static void requireTracing() {
        requireTracing(effectiveCapabilities(Path.of("/proc/self/status")));
    }

    static void requireTracing(long capEff) {
        boolean admin = has(capEff, CAP_SYS_ADMIN);
        boolean bpfAndPerfmon = has(capEff, CAP_BPF) && has(capEff, CAP_PERFMON);
        if (!admin && !bpfAndPerfmon) {
            throw new PrivilegeException("tracing needs root (CAP_SYS_ADMIN) or CAP_BPF with CAP_PERFMON, and this "
                    + "process has neither (effective capabilities 0x" + Long.toHexString(capEff)
                    + "): run it as root, e.g. with sudo");
        }
    }

    private static boolean has(long caps, int cap) {
        return (caps & (1L << cap)) != 0;
    }

    static long effectiveCapabilities(Path status) {
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("CapEff:")) {
                    return Long.parseUnsignedLong(line.substring("CapEff:".length()).trim(), 16);
                }
            }
            throw new PrivilegeException("no CapEff line in " + status + ": cannot tell this process's privileges");
        } catch (IOException e) {
            throw new PrivilegeException("cannot read " + status + " to check privileges: " + e.getMessage(), e);
        }
    }
}
