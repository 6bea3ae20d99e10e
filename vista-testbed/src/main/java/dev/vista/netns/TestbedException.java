package dev.vista.netns;

import java.io.Serial;

/**
 * The test bed could not be set up or used: a namespace, a veth pair, a firewall rule or a program it
 * runs. The message says what failed and, when known, how to fix it. Not a {@code VistaException}: the
 * test bed does not depend on the tracer (the tracer's own tests use the test bed).
 */
public class TestbedException extends RuntimeException {
    @Serial
    private static final long serialVersionUID = 1L;

    public TestbedException(String message) {
        super(message);
    }

    public TestbedException(String message, Throwable cause) {
        super(message, cause);
    }
}
