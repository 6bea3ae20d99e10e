package dev.vista.internal.attach;

import dev.vista.internal.libbpf.Attachment;
import java.util.ArrayList;
import java.util.List;

/** Attachments made together: all of them, or, when one step fails, none (those made are closed). */
public final class Attachments {
    private Attachments() {
    }

    /** Adds attachments to the list it is given. */
    @FunctionalInterface
    interface Work {
        void attachInto(List<Attachment> attachments);
    }

    /** Runs {@code work}; if it throws, closes what it attached and rethrows. */
    static List<Attachment> allOrNone(Work work) {
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
        for (Attachment attachment : attachments) {
            try {
                attachment.close();
            } catch (RuntimeException e) {
                cause.addSuppressed(e);
            }
        }
    }
}
