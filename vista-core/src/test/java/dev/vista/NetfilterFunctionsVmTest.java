package dev.vista;

import org.junit.jupiter.api.Tag;

/**
 * {@link NetfilterFunctionScenarios} with legacy iptables tables (iptables-legacy, ip6tables-legacy: x_tables run by
 * ipt_do_table and ip6t_do_table, no chain) and an nftables table of the test's own (nft_do_chain). Runs in the VM
 * (scripts/vm-tests.sh).
 */
@Tag("kernel-functions")
class NetfilterFunctionsVmTest extends NetfilterFunctionScenarios {
    NetfilterFunctionsVmTest() {
        super(Iptables.LEGACY, 229);
    }
}
