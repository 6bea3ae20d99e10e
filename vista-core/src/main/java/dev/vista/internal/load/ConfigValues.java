package dev.vista.internal.load;

import dev.vista.Filters;

/**
 * What {@code struct vista_config} is written from: the plan's filters, and what is decided when the
 * trace is loaded.
 *
 * @param filters             the plan's filters
 * @param stackMode           which events carry a kernel stack
 * @param wakeupBytes         wake the consumer each time this many bytes wait in the ring
 * @param freeFunctionAddress address of the function that frees followed skbs (kfree_skbmem), or 0
 * @param snaplen             packet events carry up to this many bytes of their packet, 0 for none
 * @param structs             the raw structs packet events carry
 */
public record ConfigValues(Filters filters, StackMode stackMode, int wakeupBytes, long freeFunctionAddress,
        int snaplen, StructCopies structs) {

    /** Which of the packet's kernel structs each packet event carries as raw bytes. */
    public record StructCopies(boolean skb, boolean sharedInfo) {
        public static final StructCopies NONE = new StructCopies(false, false);
    }
}
