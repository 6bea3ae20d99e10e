package dev.vista.netns;

/**
 * The test bed most network tests need: a "client" and a "server" namespace joined by one veth pair, with
 * addresses in subnet {@code n}: client {@code 10.n.1.1/24} and {@code fd00:n:1::1/64}, server {@code .2} and
 * {@code ::2}. Give each test class its own {@code n} (1 to 255) so that their traces cannot be confused.
 *
 * <pre>{@code
 * @AutoClose static ClientServer net;
 * @BeforeAll static void createNetwork() { net = ClientServer.create(211); }
 * ... net.client().namespace().exec("ping", "-c1", net.server().ipv4().getHostAddress()) ...
 * }</pre>
 *
 * @param testbed the namespaces and the veth; closing this closes it
 * @param client  the client's end of the veth
 * @param server  the server's end of the veth
 */
public record ClientServer(Testbed testbed, VethEnd client, VethEnd server) implements AutoCloseable {
    public static ClientServer create(int subnet) {
        if (subnet < 1 || subnet > 255) {
            throw new IllegalArgumentException("subnet " + subnet + " is out of range: give 1 to 255 (10.<subnet>.1.0/24)");
        }
        Testbed bed = Testbed.builder()
                .veth(VethEndSpec.of("client", "10." + subnet + ".1.1/24", "fd00:" + subnet + ":1::1/64"),
                        VethEndSpec.of("server", "10." + subnet + ".1.2/24", "fd00:" + subnet + ":1::2/64"))
                .build();
        return new ClientServer(bed, bed.veth(0).a(), bed.veth(0).b());
    }

    /** Removes both namespaces with everything in them. */
    @Override
    public void close() {
        testbed.close();
    }
}
