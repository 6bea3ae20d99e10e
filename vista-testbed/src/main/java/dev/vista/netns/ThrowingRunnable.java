package dev.vista.netns;

/** Code to run inside a namespace that, unlike {@link Runnable}, may throw checked exceptions. */
@FunctionalInterface
public interface ThrowingRunnable {
    void run() throws Exception;
}
