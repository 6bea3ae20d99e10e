package dev.vista.internal.functions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vista.internal.cache.IndexCache;
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

        assertThat(FtraceFunctions.read(List.of(dir.resolve("missing"), unreadable, list), IndexCache.NONE))
                .hasValueSatisfying(functions -> assertThat(functions.size()).isEqualTo(2));
    }

    @Test
    void namesTheFunctionsOfTheKernelAndOfModulesAsTheFileDoes() throws IOException {
        // Duplicates (a name twice in one module), blank lines, \r and blanks around a name, no final newline.
        Path list = Files.writeString(dir.resolve("available_filter_functions"),
                "ip_rcv\n  ip_rcv_core \r\nnft_do_chain [nf_tables]\n\nip_rcv\ntcp_v4_rcv");
        FtraceFunctions functions = FtraceFunctions.read(List.of(list), IndexCache.NONE).orElseThrow();

        assertThat(functions.size()).isEqualTo(4);
        assertThat(functions.contains("ip_rcv", null)).isTrue();
        assertThat(functions.contains("ip_rcv_core", null)).isTrue();
        assertThat(functions.contains("tcp_v4_rcv", null)).isTrue();
        assertThat(functions.contains("nft_do_chain", "nf_tables")).isTrue();
        assertThat(functions.contains("nft_do_chain", null)).isFalse();
        assertThat(functions.contains("ip_rcv", "nf_tables")).isFalse();
        assertThat(functions.contains("ip_rc", null)).isFalse();
        assertThat(functions.contains("ip_rcv_finish", null)).isFalse();
    }

    @Test
    void namesShorterThanTheFilesUsualOnesAreAllKept() throws IOException {
        // 2,000 names of 1-3 characters: many more lines than the tables are first sized for.
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 2_000; i++) {
            text.append(Integer.toString(i, Character.MAX_RADIX)).append('\n');
        }
        FtraceFunctions functions = FtraceFunctions.read(List.of(Files.writeString(dir.resolve("short"), text)),
                IndexCache.NONE).orElseThrow();

        assertThat(functions.size()).isEqualTo(2_000);
        assertThat(functions.contains("0", null)).isTrue();
        assertThat(functions.contains(Integer.toString(1_999, Character.MAX_RADIX), null)).isTrue();
        assertThat(functions.contains(Integer.toString(2_000, Character.MAX_RADIX), null)).isFalse();
    }

    @Test
    void aSecondReadTakesTheIndexTheFirstMadeAndAChangedListIsIndexedAnew() throws IOException {
        Path list = Files.writeString(dir.resolve("available_filter_functions"), "ip_rcv\nnft_do_chain [nf_tables]\n");
        IndexCache cache = IndexCache.in(dir.resolve("cache"));
        FtraceFunctions.read(List.of(list), cache);
        assertThat(cache.takeNotes()).singleElement().asString().startsWith("wrote");

        FtraceFunctions read = FtraceFunctions.read(List.of(list), cache).orElseThrow();

        assertThat(cache.takeNotes()).singleElement().asString().startsWith("read");
        assertThat(read.size()).isEqualTo(2);
        assertThat(read.contains("nft_do_chain", "nf_tables")).isTrue();
        assertThat(read.contains("ip_rcv", null)).isTrue();
        assertThat(read.contains("tcp_v4_rcv", null)).isFalse();

        Files.writeString(list, "tcp_v4_rcv\n"); // a module unloaded, another function listed
        FtraceFunctions changed = FtraceFunctions.read(List.of(list), cache).orElseThrow();

        assertThat(cache.takeNotes()).singleElement().asString().startsWith("wrote");
        assertThat(changed.contains("tcp_v4_rcv", null)).isTrue();
        assertThat(changed.contains("ip_rcv", null)).isFalse();
        assertThat(changed.size()).isEqualTo(1);
    }

    @Test
    void noReadableFileMeansNoList() {
        assertThat(FtraceFunctions.read(List.of(dir.resolve("missing"), dir), IndexCache.NONE)).isEmpty();
    }

    @Test
    void keysAreWrittenAsTheFileWritesThem() {
        assertThat(FtraceFunctions.key("ip_rcv", null)).isEqualTo("ip_rcv");
        assertThat(FtraceFunctions.key("nft_do_chain", "nf_tables")).isEqualTo("nft_do_chain [nf_tables]");
    }
}
