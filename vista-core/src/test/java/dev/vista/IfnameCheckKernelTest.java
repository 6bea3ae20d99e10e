package dev.vista;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vista.netns.ClientServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** An interface filter naming no interface is caught before tracing, not traced into silence. */
@Tag("kernel")
class IfnameCheckKernelTest {
    private static ClientServer net;

    @BeforeAll
    static void createTestbed() {
        net = ClientServer.create(217);
    }

    @AfterAll
    static void removeTestbed() {
        net.close();
    }

    @Test
    void anInterfaceTheFilteredNamespaceLacksIsRefusedNamingThoseItHas() {
        TracerBuilder builder = Tracer.builder().traceSkb().onEvent(event -> { })
                .filterNetns(net.server().namespace().path()).filterIfname("nosuchif0");

        assertThatThrownBy(builder::start).isInstanceOf(InvalidPlanException.class)
                .hasMessage("no interface named 'nosuchif0' in network namespace " + net.server().namespace().inode()
                        + ": it has lo, " + net.server().ifname() + "; filter on one of those");
    }

    @Test
    void anInterfaceOfTheFilteredNamespaceIsAccepted() {
        try (Tracer tracer = Tracer.builder().traceSkb().onEvent(event -> { })
                .filterNetns(net.server().namespace().path()).filterIfname(net.server().ifname()).start()) {
            assertThat(tracer.tracepoints()).isNotEmpty();
        }
    }

    @Test
    void withoutANamespaceFilterAMissingInterfaceOnlyWarns() {
        assertThat(IfnameCheck.check("nosuchif0", 0)).hasValueSatisfying(warning -> assertThat(warning)
                .startsWith("no interface named 'nosuchif0' in this network namespace (it has: lo")
                .endsWith("only packets on an interface of that name in another namespace will match"));
        assertThat(IfnameCheck.check("lo", 0)).isEmpty();
    }
}
