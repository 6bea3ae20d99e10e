package dev.vista.internal.libbpf;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
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
    @SuppressWarnings("restricted") // the size libbpf reports for the value it returns
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

    /** After load: stores {@code value} at {@code key}, both as the map's C structs lay them out. */
    public void update(byte[] key, byte[] value) {
        try (Arena call = Arena.ofConfined()) {
            int rc = Libbpf.bpf_map_update_elem(fd(), call.allocateFrom(JAVA_BYTE, key),
                    call.allocateFrom(JAVA_BYTE, value), 0);
            if (rc < 0) {
                throw new LibbpfException("writing a key of map " + name, -rc);
            }
        }
    }

    /**
     * Reads a per-CPU array's value at {@code key} on every possible CPU into {@code arena}: {@code valueSize}
     * bytes (a multiple of 8, as the kernel pads them) per CPU, CPU after CPU.
     */
    public MemorySegment perCpuValues(int key, int valueSize, Arena arena) {
        int cpus = Libbpf.libbpf_num_possible_cpus();
        try (Arena call = Arena.ofConfined()) {
            MemorySegment values = arena.allocate((long) valueSize * cpus, Long.BYTES);
            int rc = Libbpf.bpf_map_lookup_elem(fd(), call.allocateFrom(JAVA_INT, key), values);
            if (rc < 0) {
                throw new LibbpfException("reading map " + name, -rc);
            }
            return values;
        }
    }
}
