package dev.vista;

import org.junit.jupiter.api.Tag;

/**
 * {@link NetfilterFunctionScenarios} with Debian's iptables (nftables underneath): every table is a base chain
 * nft_do_chain runs, the nat ones of chain type nat. Runs in the VM.
 */
@Tag("kernel-functions")
class NetfilterFunctionsNftVmTest extends NetfilterFunctionScenarios {
    NetfilterFunctionsNftVmTest() {
        super(Iptables.NFT, 233);
    }
}
