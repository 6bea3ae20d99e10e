package dev.vista.internal.netfilter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vista.event.NetfilterFamily;
import dev.vista.event.NetfilterHook;
import dev.vista.event.NetfilterTable;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The key the function way's entry looks a table up by (struct nf_func_table_key of netfilter_functions.bpf.c). */
class NetfilterFunctionsTest {
    private static final int NAMES = 4;
    private static final int NAME_LEN = 32;

    @Test
    void anNftChainsKeyHoldsFamilyHookAndBothNamesNulTerminated() {
        byte[] key = NetfilterFunctions.key(
                new NetfilterTable(NetfilterFamily.IPV6, NetfilterHook.FORWARD, 10, "vista16f", "in"));

        assertThat(key).hasSize(NAMES + 2 * NAME_LEN);
        assertThat(key[0]).isEqualTo((byte) 10);
        assertThat(key[1]).isEqualTo((byte) NetfilterHook.FORWARD.value(NetfilterFamily.IPV6));
        assertThat(name(key, NAMES)).isEqualTo("vista16f");
        assertThat(name(key, NAMES + NAME_LEN)).isEqualTo("in");
    }

    @Test
    void aLegacyTableHasNoChainAndALongNameIsCutAsTheKernelReadsIt() {
        String longName = "t".repeat(40);
        byte[] key = NetfilterFunctions.key(
                new NetfilterTable(NetfilterFamily.IPV4, NetfilterHook.INPUT, 0, longName, null));

        assertThat(name(key, NAMES)).isEqualTo("t".repeat(NAME_LEN - 1));
        assertThat(key[NAMES + NAME_LEN - 1]).isZero();
        assertThat(Arrays.copyOfRange(key, NAMES + NAME_LEN, key.length)).containsOnly(0);
    }

    private static String name(byte[] key, int offset) {
        int end = offset;
        while (key[end] != 0) {
            end++;
        }
        return new String(key, offset, end - offset, StandardCharsets.UTF_8);
    }
}
