package dev.vista.internal.threads;

import java.util.List;

/** Waiting for work that must finish (detaching, a last drain) even when the waiter is interrupted. */
public final class Uninterruptibly {
    private Uninterruptibly() {
    }

    /** Waits until every thread has ended; an interrupt meanwhile is kept for the caller, not obeyed. */
    public static void joinAll(List<Thread> threads) {
        boolean interrupted = false;
        for (Thread thread : threads) {
            while (thread.isAlive()) {
                try {
                    thread.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
