package dev.vista.junit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * Runs a test class of {@link PacketTracingExtensionKernelTest} in a child JVM that lacks something
 * (privileges, a native library), and reads how its tests ended. The child's main prints one line per
 * test, e.g. {@code ABORTED org.opentest4j.TestAbortedException: ...}.
 */
public final class CaseInChildJvm {
    static final String ABORTED = "ABORTED ";

    /** Starts {@code prefix + java [jvmOptions] CaseInChildJvm caseClass} and returns what it printed. */
    static String run(List<String> prefix, List<String> jvmOptions, Class<?> caseClass)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(prefix);
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), CaseInChildJvm.class.getName(),
                caseClass.getName()));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!child.waitFor(60, TimeUnit.SECONDS) || child.exitValue() != 0) {
            throw new IllegalStateException("the child JVM failed: " + output);
        }
        return output;
    }

    public static void main(String[] args) throws ClassNotFoundException {
        var results = EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(Class.forName(args[0])))
                .execute().testEvents().finished().stream()
                .map(event -> event.getRequiredPayload(TestExecutionResult.class))
                .toList();
        for (TestExecutionResult result : results) {
            System.out.println(result.getStatus() == TestExecutionResult.Status.ABORTED
                    ? ABORTED + result.getThrowable().map(Throwable::toString).orElse("(no reason)")
                    : result.toString());
        }
    }
}
