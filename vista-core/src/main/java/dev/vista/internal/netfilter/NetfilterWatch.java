package dev.vista.internal.netfilter;

import dev.vista.event.NetfilterTable;
import java.util.List;

/** How a trace observes netfilter verdicts: one of the two ways, with the tables it numbers. */
public sealed interface NetfilterWatch permits NetfilterObservers, NetfilterFunctions {
    /** Every table, numbered as the BPF side records them. */
    List<NetfilterTable> tables();
}
