package dev.vista.internal.libbpf;

import dev.vista.VistaException;
import dev.vista.internal.bpf.ElfSections;
import dev.vista.internal.btf.Btf;
import dev.vista.internal.btf.CoreRelocation;
import dev.vista.internal.btf.CoreTargetBtf;
import dev.vista.internal.libc.Libc;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The part of the kernel's BTF that an object's CO-RE relocations need ({@link CoreTargetBtf}), in a memfd that
 * libbpf reads as the file {@code btf_custom_path} names, at load. Read from the object's ELF before libbpf
 * opens it: its .BTF section and the relocations in .BTF.ext.
 */
final class CoreTargetFile implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CoreTargetFile.class);
    private final int fd;

    private CoreTargetFile(int fd) {
        this.fd = fd;
    }

    /**
     * The target of the object {@code elf} against {@code kernel}; empty if the object has no CO-RE relocation,
     * or one that only the kernel's whole BTF answers (libbpf then reads that itself).
     */
    static Optional<CoreTargetFile> cut(String objectName, byte[] elf, Btf kernel) {
        ElfSections sections = ElfSections.of(elf);
        OptionalInt btfSection = sections.find(".BTF");
        OptionalInt extSection = sections.find(".BTF.ext");
        if (btfSection.isEmpty() || extSection.isEmpty()) {
            return Optional.empty();
        }
        long started = System.nanoTime();
        Btf object = Btf.parse(objectName + "'s BTF", MemorySegment.ofArray(elf).asSlice(
                sections.offset(btfSection.getAsInt()), sections.size(btfSection.getAsInt())), null);
        List<CoreRelocation> relocations = CoreRelocation.read(sections.bytes().slice(
                (int) sections.offset(extSection.getAsInt()), (int) sections.size(extSection.getAsInt())), object);
        Optional<byte[]> target = relocations.isEmpty() ? Optional.empty()
                : CoreTargetBtf.of(kernel, object, relocations);
        if (target.isEmpty()) {
            return Optional.empty();
        }
        CoreTargetFile file = new CoreTargetFile(Libc.memfd("vista-core-btf", 0));
        try {
            Files.write(file.path(), target.get());
        } catch (IOException e) {
            file.close();
            throw new VistaException("cannot write the CO-RE target BTF of " + objectName + " to a memfd: " + e, e);
        }
        LOG.debug("{}: CO-RE target of {} bytes cut from the kernel's BTF in {} us", objectName,
                target.get().length, (System.nanoTime() - started) / 1000);
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
