package dev.vista.internal.functions;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FtraceFunctionsTest {
    @TempDir
    Path dir;

    @Test
    void firstReadableFileWins() throws IOException {
        Path unreadable = Files.createDirectory(dir.resolve("a_directory"));
        Path list = Files.writeString(dir.resolve("available_filter_functions"), "ip_rcv\nmod_rcv [mod]\n\n");

        assertThat(FtraceFunctions.read(List.of(dir.resolve("missing"), unreadable, list)))
                .hasValueSatisfying(functions -> assertThat(functions).containsExactlyInAnyOrder("ip_rcv", "mod_rcv [mod]"));
    }

    @Test
    void noReadableFileMeansNoList() {
        assertThat(FtraceFunctions.read(List.of(dir.resolve("missing"), dir))).isEmpty();
    }

    @Test
    void keysAreWrittenAsTheFileWritesThem() {
        assertThat(FtraceFunctions.key("ip_rcv", null)).isEqualTo("ip_rcv");
        assertThat(FtraceFunctions.key("nft_do_chain", "nf_tables")).isEqualTo("nft_do_chain [nf_tables]");
    }
}
