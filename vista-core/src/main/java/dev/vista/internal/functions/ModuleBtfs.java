package dev.vista.internal.functions;

import dev.vista.InvalidPlanException;
import dev.vista.VistaException;
import dev.vista.internal.btf.Btf;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/** The split BTF of kernel modules: one file per loaded module that has BTF, named after it, beside {@code vmlinux}. */
final class ModuleBtfs {
    private static final String VMLINUX = "vmlinux";

    private ModuleBtfs() {
    }

    /** The BTF of the modules in {@code kmods}, or of every module when {@code allKmods}; by module name. */
    static SortedMap<String, Btf> load(Path btfDir, Btf vmlinux, Set<String> kmods, boolean allKmods) {
        if (kmods.isEmpty() && !allKmods) {
            return Collections.emptySortedMap();
        }
        Set<String> available = list(btfDir);
        if (!available.containsAll(kmods)) {
            var missing = new TreeSet<>(kmods);
            missing.removeAll(available);
            throw new InvalidPlanException("no BTF for kernel module%s %s in %s (is it loaded, and built with BTF?); modules with BTF: %s"
                    .formatted(missing.size() == 1 ? "" : "s", String.join(", ", missing), btfDir,
                            available.isEmpty() ? "none" : String.join(", ", available)));
        }
        var btfs = new TreeMap<String, Btf>();
        for (String module : allKmods ? available : kmods) {
            btfs.put(module, Btf.loadSplit(btfDir.resolve(module), vmlinux));
        }
        return btfs;
    }

    private static Set<String> list(Path btfDir) {
        try (Stream<Path> files = Files.list(btfDir)) {
            var modules = new TreeSet<String>();
            files.map(file -> file.getFileName().toString()).filter(name -> !name.equals(VMLINUX)).forEach(modules::add);
            return modules;
        } catch (NoSuchFileException e) {
            return Set.of();
        } catch (IOException e) {
            throw new VistaException("cannot list module BTF in " + btfDir + ": " + e.getMessage(), e);
        }
    }
}
