package dev.vista.internal.libbpf;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/** A map of a {@link BpfObject}; valid while the object is open. */
public final class BpfMap {
    private final String name;
    private final MemorySegment map;

    BpfMap(String name, MemorySegment map) {
        this.name = name;
        this.map = map;
    }

    public String name() {
        return name;
    }

    public int fd() {
        int fd = Libbpf.bpf_map__fd(map);
        if (fd < 0) {
            throw new LibbpfException("map " + name + " has no fd (not loaded yet?)", -fd);
        }
        return fd;
    }

    /** Before load: use an existing map (of another object of the same trace) instead of creating one. */
    public void reuse(BpfMap loaded) {
        int rc = Libbpf.bpf_map__reuse_fd(map, loaded.fd());
        if (rc < 0) {
            throw new LibbpfException("reusing map " + loaded.name() + " for " + name, -rc);
        }
    }

    /** Before load only. */
    public void setMaxEntries(int maxEntries) {
        int rc = Libbpf.bpf_map__set_max_entries(map, maxEntries);
        if (rc < 0) {
            throw new LibbpfException("resizing map " + name + " to " + maxEntries, -rc);
        }
    }

    /** The initial data of a global-data map (.rodata, .bss); writable until load. */
    public MemorySegment initialValue() {
        try (Arena call = Arena.ofConfined()) {
            MemorySegment size = call.allocate(JAVA_LONG);
            MemorySegment value = Libbpf.bpf_map__initial_value(map, size);
            if (value.equals(MemorySegment.NULL)) {
                throw new IllegalStateException("map " + name + " has no initial value");
            }
            return value.reinterpret(size.get(JAVA_LONG, 0));
        }
    }

    /** After load: stores a 32-bit value (e.g. a file descriptor for a cgroup array) at {@code key}. */
    public void update(int key, int value) {
        try (Arena call = Arena.ofConfined()) {
            int rc = Libbpf.bpf_map_update_elem(fd(), call.allocateFrom(JAVA_INT, key), call.allocateFrom(JAVA_INT, value),
                    0);
            if (rc < 0) {
                throw new LibbpfException("writing key " + key + " of map " + name, -rc);
            }
        }
    }

    /** Sums a per-CPU array's 64-bit counter at {@code key} over every possible CPU. */
    public long sumPerCpuCounter(int key) {
        int cpus = Libbpf.libbpf_num_possible_cpus();
        try (Arena call = Arena.ofConfined()) {
            MemorySegment k = call.allocateFrom(JAVA_INT, key);
            MemorySegment values = call.allocate(JAVA_LONG, cpus);
            int rc = Libbpf.bpf_map_lookup_elem(fd(), k, values);
            if (rc < 0) {
                throw new LibbpfException("reading map " + name, -rc);
            }
            long sum = 0;
            for (int cpu = 0; cpu < cpus; cpu++) {
                sum += values.getAtIndex(JAVA_LONG, cpu);
            }
            return sum;
        }
    }
}
