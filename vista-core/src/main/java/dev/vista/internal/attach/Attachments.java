package dev.vista.internal.attach;

import dev.vista.internal.libbpf.Attachment;
import dev.vista.internal.threads.Uninterruptibly;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Attachments made together: all of them, or, when one step fails, none (those made are closed). */
public final class Attachments {
    /**
     * Threads closing attachments. Detaching a kprobe or fentry waits for RCU grace periods; done
     * side by side, the waits overlap.
     */
    static final int CLOSING_THREADS = 16;

    private Attachments() {
    }

    /** Adds attachments to the list it is given. */
    @FunctionalInterface
    public interface Work {
        void attachInto(List<Attachment> attachments);
    }

    /** Runs {@code work}; if it throws, closes what it attached and rethrows. */
    public static List<Attachment> allOrNone(Work work) {
        List<Attachment> attachments = new ArrayList<>();
        try {
            work.attachInto(attachments);
            return attachments;
        } catch (RuntimeException e) {
            closeAll(attachments, e);
            throw e;
        }
    }

    /** Closes every attachment; failures are added to {@code cause}, which the caller rethrows. */
    public static void closeAll(List<? extends Attachment> attachments, RuntimeException cause) {
        closeAll(attachments, null, cause);
    }

    /**
     * Closes every attachment, several at a time, and reports each to {@code progress} (may be
     * null). Returns only when all are closed, even if interrupted (the interrupt is kept): a
     * detach that stopped halfway would leave programs attached. Failures are added to {@code cause}.
     */
    public static void closeAll(List<? extends Attachment> attachments, ProgressReporter progress,
            RuntimeException cause) {
        AtomicInteger next = new AtomicInteger();
        Runnable closer = () -> {
            for (int i = next.getAndIncrement(); i < attachments.size(); i = next.getAndIncrement()) {
                close(attachments.get(i), progress, cause);
            }
        };
        int threads = Math.min(CLOSING_THREADS, attachments.size());
        if (threads <= 1) {
            closer.run();
            return;
        }
        List<Thread> closers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            closers.add(Thread.ofPlatform().name("vista-detach-" + t).daemon().start(closer));
        }
        Uninterruptibly.joinAll(closers);
    }

    private static void close(Attachment attachment, ProgressReporter progress, RuntimeException cause) {
        try {
            attachment.close();
            if (progress != null) {
                progress.succeeded(1);
            }
        } catch (RuntimeException e) {
            synchronized (cause) {
                cause.addSuppressed(e);
            }
            if (progress != null) {
                progress.failed(1);
            }
        }
    }
}
