package dev.vista.junit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * Main of a child JVM started without privileges: runs {@link PacketTracingExtensionKernelTest.UnprivilegedCase}
 * and prints how its test ended, e.g. {@code ABORTED org.opentest4j.TestAbortedException: ...}.
 */
public final class UnprivilegedRun {
    static final String ABORTED = "ABORTED ";

    public static void main(String[] args) {
        var results = EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(PacketTracingExtensionKernelTest.UnprivilegedCase.class))
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
