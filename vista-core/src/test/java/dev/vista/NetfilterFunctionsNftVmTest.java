package dev.vista;

import dev.vista.event.NetfilterWay;
import org.junit.jupiter.api.Tag;

/**
 * The scenarios of {@link NetfilterScenarios} through the function way with Debian's iptables (nftables underneath):
 * every table is a base chain nft_do_chain runs, the nat ones of chain type nat. Runs in the VM.
 */
@Tag("kernel-functions")
class NetfilterFunctionsNftVmTest extends NetfilterScenarios {
    NetfilterFunctionsNftVmTest() {
        super(NetfilterWay.FUNCTION, Iptables.NFT, 233);
    }
}
