package dev.vista.internal.attach;

/** The kernel structs whose functions can be traced, by pointer argument. */
public enum TracedStruct {
    /** Packets: functions taking {@code struct sk_buff *}. */
    SK_BUFF("sk_buff", "skb"),
    /** Sockets: functions taking {@code struct sock *}. */
    SOCK("sock", "sk");

    private final String btfName;
    private final String programSuffix;

    TracedStruct(String btfName, String programSuffix) {
        this.btfName = btfName;
        this.programSuffix = programSuffix;
    }

    /** The struct's name in BTF. */
    public String btfName() {
        return btfName;
    }

    String programSuffix() {
        return programSuffix;
    }
}
