package dev.vista.internal.decode;

import dev.vista.event.KernelStruct;
import dev.vista.internal.btf.Btf;
import dev.vista.internal.btf.StructDecoder;

/**
 * Decodes the raw {@code struct sk_buff} and {@code struct skb_shared_info} bytes packet events carry
 * (Output.SKB, Output.SHINFO) with the BTF of the kernel that copied them.
 */
public final class SkbStructs {

    private final StructDecoder decoder;
    private final int skBuff;
    private final int sharedInfo;

    public SkbStructs(Btf btf) {
        this.decoder = new StructDecoder(btf);
        this.skBuff = decoder.structId("sk_buff");
        this.sharedInfo = decoder.structId("skb_shared_info");
    }

    /** The struct sk_buff, or null when the event carries no bytes of it. */
    public KernelStruct skb(byte[] bytes) {
        return bytes.length == 0 ? null : decoder.decode(skBuff, bytes);
    }

    /** The struct skb_shared_info, or null when the event carries no bytes of it. */
    public KernelStruct sharedInfo(byte[] bytes) {
        return bytes.length == 0 ? null : decoder.decode(sharedInfo, bytes);
    }
}
