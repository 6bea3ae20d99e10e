package dev.vista;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Without libbpf or libpcap, the API throws the library's typed exceptions, on every attempt, not
 * an ExceptionInInitializerError followed by NoClassDefFoundErrors. A child JVM is told by system
 * property to load a library that does not exist (this JVM has loaded the real ones).
 */
class MissingNativeLibrariesTest {
    @Test
    void withoutLibbpfStartingATracerThrowsLibbpfUnavailableEveryTime() throws Exception {
        assertThat(attempts("-Dvista.libbpf=libvista-missing.so.1", "start"))
                .hasSize(2)
                .allSatisfy(line -> assertThat(line).startsWith(
                        "LibbpfUnavailableException: libbpf could not be loaded, tried libvista-missing.so.1: ")
                        .endsWith("(from system property vista.libbpf); vista needs libbpf 1.0 or newer (libbpf.so.1):"
                                + " install it (Debian/Ubuntu: apt-get install libbpf1)"));
    }

    @Test
    void withoutLibpcapAFilterExpressionThrowsLibpcapUnavailableEveryTime() throws Exception {
        assertThat(attempts("-Dvista.libpcap=libvista-missing-pcap.so.1,libvista-missing-pcap.so.2", "filter"))
                .hasSize(2)
                .allSatisfy(line -> assertThat(line).startsWith(
                        "LibpcapUnavailableException: libpcap could not be loaded, tried libvista-missing-pcap.so.1: ")
                        .contains("; libvista-missing-pcap.so.2: ", "apt-get install libpcap0.8"));
    }

    @Test
    void aNameThatDoesNotLoadIsPassedOverForTheNextOne() throws Exception {
        assertThat(attempts("-Dvista.libpcap=libvista-missing-pcap.so.1,libpcap.so.0.8", "filter"))
                .containsExactly("no exception", "no exception");
    }

    /** What each attempt of the child printed (its log lines left out). */
    private static List<String> attempts(String property, String what) throws IOException, InterruptedException {
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", property, "-cp", System.getProperty("java.class.path"),
                Attempts.class.getName(), what).redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as("child exit code; output:\n%s", output).isZero();
        return output.lines().filter(line -> !line.startsWith("[")).toList();
    }

    /** The child: tries twice, prints what each attempt threw. */
    public static final class Attempts {
        public static void main(String[] args) {
            for (int attempt = 0; attempt < 2; attempt++) {
                try {
                    if (args[0].equals("start")) {
                        Tracer.builder().traceSkb().onEvent(event -> { }).start().close();
                    } else {
                        Tracer.builder().filter("udp port 53");
                    }
                    System.out.println("no exception");
                } catch (Throwable e) {
                    System.out.println(e.getClass().getSimpleName() + ": " + e.getMessage());
                }
            }
        }
    }
}
