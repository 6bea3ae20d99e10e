package dev.vista.internal.kernel;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vista.PrivilegeException;
import org.junit.jupiter.api.Test;

class PrivilegesTest {
    @Test
    void noCapabilitiesIsRefusedWithTheFix() {
        assertThatThrownBy(() -> Privileges.requireTracing(0L))
                .isInstanceOf(PrivilegeException.class)
                .hasMessageContaining("needs root")
                .hasMessageContaining("CAP_BPF with CAP_PERFMON");
    }

    @Test
    void bpfWithoutPerfmonIsNotEnough() {
        assertThatThrownBy(() -> Privileges.requireTracing(1L << Privileges.CAP_BPF))
                .isInstanceOf(PrivilegeException.class);
    }

    @Test
    void sysAdminOrBpfWithPerfmonIsEnough() {
        assertThatCode(() -> Privileges.requireTracing(1L << Privileges.CAP_SYS_ADMIN)).doesNotThrowAnyException();
        assertThatCode(() -> Privileges.requireTracing((1L << Privileges.CAP_BPF) | (1L << Privileges.CAP_PERFMON)))
                .doesNotThrowAnyException();
    }
}
