package dev.vista.netns;

/** A veth pair of a {@link Testbed}: a packet sent out of one end arrives at the other. */
public record Veth(VethEnd a, VethEnd b) {
}
