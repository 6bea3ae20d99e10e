package dev.vista.format;

import java.util.Arrays;

/**
 * When each skb (or sock) address was last printed, for vista's and pwru's relative timestamps: the
 * time since the same address was last seen, 0 the first time. An open-addressing map of primitive
 * longs (linear probing, deletion by backward shift), so a lookup allocates nothing. A freed skb is
 * forgotten, so the next skb the kernel puts at its address starts again at 0 (vista and pwru keep it,
 * and print the time since the previous skb there). Bounded: when {@link #MAX_ENTRIES} addresses are
 * held it starts afresh, every address then counting from 0 again. Not thread-safe.
 */
final class LastSeenTimes {
    static final int MAX_ENTRIES = 1 << 16; // skbs in flight at once; the table is then 2 MiB
    private static final int INITIAL_CAPACITY = 1024;
    private static final long EMPTY = 0; // no skb or sock lives at address 0

    private long[] addresses = new long[INITIAL_CAPACITY];
    private long[] times = new long[INITIAL_CAPACITY];
    private int size;

    /** Nanoseconds since {@code address} was last seen, 0 the first time; records {@code now} as its last sighting. */
    long sinceLastSeen(long address, long now) {
        if (address == EMPTY) {
            return 0;
        }
        int mask = addresses.length - 1;
        int slot = slot(address, mask);
        while (addresses[slot] != EMPTY) {
            if (addresses[slot] == address) {
                long since = now - times[slot];
                times[slot] = now;
                return since;
            }
            slot = (slot + 1) & mask;
        }
        if (size == MAX_ENTRIES) {
            Arrays.fill(addresses, EMPTY);
            size = 0;
            slot = slot(address, mask);
        } else if (2 * (size + 1) > addresses.length) {
            grow();
            return sinceLastSeen(address, now);
        }
        addresses[slot] = address;
        times[slot] = now;
        size++;
        return 0;
    }

    /** Forgets a freed address: the next skb there is a new one. */
    void forget(long address) {
        if (address == EMPTY) {
            return;
        }
        int mask = addresses.length - 1;
        int slot = slot(address, mask);
        while (addresses[slot] != address) {
            if (addresses[slot] == EMPTY) {
                return;
            }
            slot = (slot + 1) & mask;
        }
        // Backward shift: move later entries of the probe run into the hole if their home allows it.
        int hole = slot;
        for (int next = (hole + 1) & mask; addresses[next] != EMPTY; next = (next + 1) & mask) {
            int home = slot(addresses[next], mask);
            if (((next - home) & mask) >= ((next - hole) & mask)) {
                addresses[hole] = addresses[next];
                times[hole] = times[next];
                hole = next;
            }
        }
        addresses[hole] = EMPTY;
        size--;
    }

    int size() {
        return size;
    }

    private void grow() {
        long[] oldAddresses = addresses;
        long[] oldTimes = times;
        addresses = new long[oldAddresses.length * 2];
        times = new long[oldAddresses.length * 2];
        int mask = addresses.length - 1;
        for (int i = 0; i < oldAddresses.length; i++) {
            if (oldAddresses[i] != EMPTY) {
                int slot = slot(oldAddresses[i], mask);
                while (addresses[slot] != EMPTY) {
                    slot = (slot + 1) & mask;
                }
                addresses[slot] = oldAddresses[i];
                times[slot] = oldTimes[i];
            }
        }
    }

    /** Kernel addresses share their high bits and are aligned: mix them before taking the low bits. */
    private static int slot(long address, int mask) {
        long h = address * 0x9E3779B97F4A7C15L;
        return (int) (h >>> 32) & mask;
    }
}
