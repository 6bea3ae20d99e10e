package dev.vista.internal.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ContentKeyTest {

    @Test
    void fileNameHasTheLengthInDecimalAndTheChecksumInEightHexDigits() {
        assertThat(new ContentKey(5_242_880, 0x0a1b2c3d).fileName("btf")).isEqualTo("btf-5242880-0a1b2c3d.idx");
        assertThat(new ContentKey(7, -1).fileName("ftrace")).isEqualTo("ftrace-7-ffffffff.idx");
        assertThat(new ContentKey(0, 0).fileName("btf")).isEqualTo("btf-0-00000000.idx");
    }

    @Test
    void fileNamesStayThoseOfEarlierReleasesSoTheirCachesAreFound() {
        Random random = new Random(19);
        for (int i = 0; i < 1_000; i++) {
            var key = new ContentKey(random.nextLong(Long.MAX_VALUE), random.nextInt());
            assertThat(key.fileName("btf-args-sk_buff-5"))
                    .isEqualTo(String.format("%s-%d-%08x.idx", "btf-args-sk_buff-5", key.length(), key.crc()));
        }
    }
}
