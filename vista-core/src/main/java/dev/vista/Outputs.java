package dev.vista;

import java.util.Set;

/**
 * What a trace records and delivers, beyond the filters.
 *
 * @param selected   what events carry beyond the basics
 * @param dropStack  record the kernel stack of every drop (kfree_skb)
 * @param limit      stop delivering after this many events, or 0 for no limit
 * @param snaplen    packet events carry up to this many bytes of their packet ({@link TracerBuilder#capturePackets}),
 *                   0 for none
 */
public record Outputs(Set<Output> selected, boolean dropStack, long limit, int snaplen) {

    public Outputs {
        selected = Set.copyOf(selected);
    }

    public boolean has(Output output) {
        return selected.contains(output);
    }
}
