package dev.vista.event;

/** One kernel stack frame: its address and its symbol ({@code ip_rcv+0x1a}), or the hex address when unknown. */
public record StackFrame(long address, String symbol) {
    @Override
    public String toString() {
        return symbol;
    }
}
