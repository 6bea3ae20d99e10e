package dev.vista.internal.kallsyms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Against the running kernel's /proc/kallsyms (root, to see real addresses). */
@Tag("kernel")
class BackgroundSymbolsKernelTest {
    private static final Duration READ_LIMIT = Duration.ofSeconds(30);

    @Test
    void theFirstJoinBeginsAReadingNobodyBegan() {
        BackgroundSymbols symbols = BackgroundSymbols.notBegun();

        KernelSymbols read = assertTimeoutPreemptively(READ_LIMIT, symbols::join);

        assertThat(read.textAddress("ip_rcv", null)).isPresent();
    }

    @Test
    void aSecondBeginIsIgnoredAndEveryJoinGetsTheSameSymbols() {
        BackgroundSymbols symbols = BackgroundSymbols.notBegun();
        symbols.begin();
        symbols.begin();

        KernelSymbols first = assertTimeoutPreemptively(READ_LIMIT, symbols::join);

        assertThat(symbols.join()).isSameAs(first);
        assertThat(first.textAddress("ip_rcv", null)).isPresent();
    }
}
