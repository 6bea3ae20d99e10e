package dev.vista.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AddressTextTest {
    private final AddressText addresses = new AddressText();

    @ParameterizedTest
    @CsvSource({
        "10.201.0.2, 10.201.0.2",
        "0:0:0:0:0:0:0:0, [::]",
        "0:0:0:0:0:0:0:1, [::1]",
        "1:0:0:0:0:0:0:0, [1::]",
        "fd00:0:0:0:0:0:0:1, [fd00::1]",
        "2001:db8:0:1:1:1:1:1, [2001:db8:0:1:1:1:1:1]",
        "2001:0:0:1:0:0:0:1, [2001:0:0:1::1]",
        "1:0:0:1:0:0:1:1, [1::1:0:0:1:1]",
        "fe80:0:0:0:abcd:ef:0:0, [fe80::abcd:ef:0:0]",
    })
    void printsAddressesAsGoDoes(String literal, String expected) {
        assertThat(addresses.of(InetAddress.ofLiteral(literal))).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"fd00::1", "10.0.0.1"})
    void reusesTheTextOfAnAddressSeenBefore(String literal) {
        String first = addresses.of(InetAddress.ofLiteral(literal));
        assertThat(addresses.of(InetAddress.ofLiteral(literal))).isSameAs(first);
    }
}
