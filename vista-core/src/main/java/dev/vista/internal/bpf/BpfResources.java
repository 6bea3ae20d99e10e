package dev.vista.internal.bpf;

import dev.vista.VistaException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The BPF objects vista-bpf puts on the class path. */
public final class BpfResources {
    private static final String DIRECTORY = "/dev/vista/bpf/";

    private BpfResources() {
    }

    /** The bytes of {@code name} (e.g. skb_tracepoints.bpf.o). */
    public static byte[] bytes(String name) {
        try (InputStream in = BpfResources.class.getResourceAsStream(DIRECTORY + name)) {
            if (in == null) {
                throw new VistaException("BPF object " + DIRECTORY + name + " is not on the class path: "
                        + "add the vista-bpf jar (build it with ./mvnw install)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
