package dev.vista.internal.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NetworkInterfacesTest {
    @Test
    void readsTheNamesOfProcNetDev() {
        String netDev = """
                Inter-|   Receive                                                |  Transmit
                 face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
                    lo:  531849   12323    0    0    0     0          0         0   531849   12323    0    0    0     0       0          0
                veth-server0:0       0    0    0    0     0          0         0        0       0    0    0    0     0       0          0
                """;

        assertThat(NetworkInterfaces.parseNetDev(netDev)).containsExactly("lo", "veth-server0");
    }
}
