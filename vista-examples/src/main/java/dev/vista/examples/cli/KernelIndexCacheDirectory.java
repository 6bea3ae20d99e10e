package dev.vista.examples.cli;

import dev.vista.Tracer;
import dev.vista.TracerBuilder;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where the CLI keeps the indexes it makes from the kernel's BTF and function lists between runs
 * ({@link TracerBuilder#kernelIndexCache}): {@code $VISTA_KERNEL_CACHE}, else {@code $XDG_CACHE_HOME/vista}, else
 * {@code ~/.cache/vista}; {@code VISTA_KERNEL_CACHE=off} keeps none. An environment variable, not a flag: the BTF is
 * parsed while picocli builds the command, before any flag is read. Under emulation, the indexes read back take
 * seconds off a start on all skb functions (BENCHMARKS.md, issue 19).
 */
final class KernelIndexCacheDirectory {
    static final String VARIABLE = "VISTA_KERNEL_CACHE";
    private static final Path DIRECTORY = of(System.getenv());

    private KernelIndexCacheDirectory() {
    }

    /** The directory for this environment, or null for none. */
    static Path of(Map<String, String> env) {
        String chosen = env.get(VARIABLE);
        if (chosen != null && !chosen.isEmpty()) {
            return chosen.equals("off") ? null : Path.of(chosen);
        }
        String cacheHome = env.get("XDG_CACHE_HOME");
        if (cacheHome != null && cacheHome.startsWith("/")) { // the XDG spec: a relative path is to be ignored
            return Path.of(cacheHome, "vista");
        }
        String home = env.get("HOME");
        return home == null || home.isEmpty() ? null : Path.of(home, ".cache", "vista");
    }

    /** Begins {@link Tracer#prepareInBackground} with this environment's directory. */
    static void prepareInBackground() {
        if (DIRECTORY == null) {
            Tracer.prepareInBackground();
        } else {
            Tracer.prepareInBackground(DIRECTORY);
        }
    }

    /** {@code builder}, keeping its indexes in this environment's directory. */
    static TracerBuilder use(TracerBuilder builder) {
        return DIRECTORY == null ? builder : builder.kernelIndexCache(DIRECTORY);
    }
}
