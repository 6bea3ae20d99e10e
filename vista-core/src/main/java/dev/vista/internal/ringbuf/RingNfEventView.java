package dev.vista.internal.ringbuf;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED;

import dev.vista.event.NetfilterEventView;
import dev.vista.event.NetfilterTable;
import dev.vista.event.NetfilterVerdict;
import dev.vista.event.NetfilterWay;

/**
 * A flyweight over the {@code struct vista_nf_info} that follows the header of a netfilter verdict record; the
 * packet when the verdict was seen is read through {@link #header()}. Allocates nothing.
 */
public final class RingNfEventView implements NetfilterEventView {
    private static final int TUPLE_SADDR = 0;
    private static final int TUPLE_DADDR = EventLayout.TUPLE_DADDR - EventLayout.TUPLE;
    private static final int TUPLE_SPORT = EventLayout.TUPLE_SPORT - EventLayout.TUPLE;
    private static final int TUPLE_DPORT = EventLayout.TUPLE_DPORT - EventLayout.TUPLE;
    private static final int TUPLE_L3 = EventLayout.TUPLE_L3 - EventLayout.TUPLE;
    private static final int WAY_FUNCTION = 2;

    private final RingEventView header;

    public RingNfEventView(RingEventView header) {
        this.header = header;
    }

    @Override
    public RingEventView header() {
        return header;
    }

    /** True when the record is long enough to hold the netfilter part (a newer or corrupt writer may differ). */
    public boolean complete() {
        return header.recordLength() >= NfEventLayout.SIZE;
    }

    @Override
    public long skb() {
        return header.skb();
    }

    /** The position the BPF side numbered (vista_nf_info.table). */
    public int tableIndex() {
        return Short.toUnsignedInt(header.segment().get(JAVA_SHORT_UNALIGNED, header.base() + NfEventLayout.TABLE));
    }

    @Override
    public NetfilterTable table() {
        return header.names().netfilterTable(tableIndex());
    }

    @Override
    public NetfilterVerdict verdict() {
        return NetfilterVerdict.ofValue(u8(NfEventLayout.VERDICT));
    }

    @Override
    public NetfilterWay way() {
        return u8(NfEventLayout.WAY) == WAY_FUNCTION ? NetfilterWay.FUNCTION : NetfilterWay.NETFILTER_LINK;
    }

    @Override
    public long costNanos() {
        return header.segment().get(JAVA_LONG_UNALIGNED, header.base() + NfEventLayout.COST_NS);
    }

    @Override
    public int dropReasonValue() {
        return header.dropReasonValue();
    }

    /** 4, 6 or 0 (not IP) for the tuple before the table. */
    public int ipVersionBefore() {
        return u8(NfEventLayout.TUPLE_BEFORE + TUPLE_L3);
    }

    @Override
    public int sourcePortBefore() {
        return u16(NfEventLayout.TUPLE_BEFORE + TUPLE_SPORT);
    }

    @Override
    public int destinationPortBefore() {
        return u16(NfEventLayout.TUPLE_BEFORE + TUPLE_DPORT);
    }

    /** A table does not change the IP version: the addresses before it are as long as those after. */
    @Override
    public int copySourceAddressBefore(byte[] target, int offset) {
        return header.copyAddress(NfEventLayout.TUPLE_BEFORE + TUPLE_SADDR, target, offset);
    }

    @Override
    public int copyDestinationAddressBefore(byte[] target, int offset) {
        return header.copyAddress(NfEventLayout.TUPLE_BEFORE + TUPLE_DADDR, target, offset);
    }

    private int u16(int field) {
        return Short.toUnsignedInt(header.segment().get(JAVA_SHORT_UNALIGNED, header.base() + field));
    }

    private int u8(int field) {
        return Byte.toUnsignedInt(header.segment().get(JAVA_BYTE, header.base() + field));
    }
}
