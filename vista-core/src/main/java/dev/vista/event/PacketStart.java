package dev.vista.event;

/** Where the captured bytes of a packet start. */
public enum PacketStart {
    /** At the link-layer (Ethernet) header. */
    LINK_LAYER,
    /** At the IP header: the skb had no link-layer header (the output path before it exists, tunnel devices). */
    NETWORK
}
