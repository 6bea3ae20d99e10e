package dev.vista.internal.libbpf;

import dev.vista.VistaException;
import dev.vista.internal.btf.Btf;
import dev.vista.internal.btf.CoreTargetBtf;
import dev.vista.internal.cache.ContentKey;
import dev.vista.internal.cache.IndexCache;
import dev.vista.internal.libc.Libc;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The part of the kernel's BTF that an object's CO-RE relocations need ({@link CoreTargetBtf}), cut before libbpf
 * opens the object, in a memfd that libbpf reads at load as the file {@code btf_custom_path} names.
 */
final class CoreTargetFile implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CoreTargetFile.class);
    /** The index cache's kind for targets, before CoreTargetBtf's version and the object's name. */
    private static final String CACHE_KIND = "core-target-v";
    private final int fd;

    private CoreTargetFile(int fd) {
        this.fd = fd;
    }

    /**
     * The target of the object {@code elf} against {@code kernel}; empty if the object has no CO-RE relocation,
     * or one that only the kernel's whole BTF answers (libbpf then reads that itself). Kept in the kernel's index
     * cache, keyed on both: cut from a cold JVM in an emulated machine, it took 0.37 s of a start, and reading it
     * back takes a file of a few kilobytes (BENCHMARKS.md, issue 19).
     */
    static Optional<CoreTargetFile> cut(String objectName, byte[] elf, Btf kernel) {
        long started = System.nanoTime();
        IndexCache cache = kernel.indexCache();
        ContentKey key = kernel.contentKey() == null ? null : cache.keyOf(elf).onTopOf(kernel.contentKey());
        String cacheKind = CACHE_KIND + CoreTargetBtf.VERSION + "-" + objectName;
        byte[] target = key == null ? null : cache.loadBytes(cacheKind, key);
        if (target == null) {
            target = CoreTargetBtf.ofObject(objectName, elf, kernel).orElse(null);
            if (target == null) {
                return Optional.empty();
            }
            if (key != null) {
                cache.storeBytes(cacheKind, key, target);
            }
        }
        cache.takeNotes().forEach(note -> LOG.debug("kernel index cache: {}", note));
        CoreTargetFile file = new CoreTargetFile(Libc.memfd("vista-core-btf", 0));
        try {
            Files.write(file.path(), target);
        } catch (IOException e) {
            file.close();
            throw new VistaException("cannot write the CO-RE target BTF of " + objectName + " to a memfd: " + e, e);
        }
        LOG.debug("{}: CO-RE target of {} bytes in {} us", objectName, target.length,
                (System.nanoTime() - started) / 1000);
        return Optional.of(file);
    }

    /** The file's name for libbpf, valid in this process while it is open. */
    Path path() {
        return Libc.procFd(fd);
    }

    @Override
    public void close() {
        Libc.close(fd);
    }
}
