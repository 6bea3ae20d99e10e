package dev.vista.event;

import java.util.List;

/** One kernel stack frame: its address and its symbol ({@code ip_rcv+0x1a}), or the hex address when unknown. */
public record StackFrame(long address, String symbol) {
    /**
     * The frame that called {@code function} in {@code stack}, e.g. {@code __netif_receive_skb_one_core+0x8d};
     * null when the stack does not show it.
     */
    static String callerOf(String function, List<StackFrame> stack) {
        // kprobes start the stack at the function itself; fentry first shows the BPF trampoline.
        for (int i = stack.size() - 2; i >= 0; i--) {
            if (stack.get(i).symbol().startsWith(function + "+")) {
                return stack.get(i + 1).symbol();
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return symbol;
    }
}
