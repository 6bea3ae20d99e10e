package dev.vista.internal.ringbuf;

import dev.vista.event.DropReason;
import dev.vista.event.NetfilterTable;

/** The running kernel's names for the numbers a record carries, as the views hand them out. */
public interface KernelNames {
    /** Without a kernel to ask: functions named by their address in hex, drop reasons by their value. */
    KernelNames UNRESOLVED = new KernelNames() {
        @Override
        public String functionName(RingEventView view) {
            return view.funcIp() == 0 ? null : "0x" + Long.toHexString(view.funcIp());
        }

        @Override
        public DropReason dropReason(int value) {
            return new DropReason(value, "UNKNOWN_" + value);
        }
    };

    /** The name of the record's traced function ({@link RingEventView#funcIp()}), null for none. */
    String functionName(RingEventView view);

    /** The drop reason of this {@code enum skb_drop_reason} value; known ones are shared instances. */
    DropReason dropReason(int value);

    /** The netfilter table the tracer attached at position {@code index} (vista_nf_info.table), or null for none. */
    default NetfilterTable netfilterTable(int index) {
        return null;
    }
}
