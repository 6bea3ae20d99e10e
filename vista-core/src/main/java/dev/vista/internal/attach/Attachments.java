package dev.vista.internal.attach;

import dev.vista.internal.libbpf.Attachment;
import java.util.List;

/** Undoing attachments when a later step fails. */
final class Attachments {
    private Attachments() {
    }

    /** Closes every attachment; failures are added to {@code cause}, which the caller rethrows. */
    static void closeAll(List<Attachment> attachments, RuntimeException cause) {
        for (Attachment attachment : attachments) {
            try {
                attachment.close();
            } catch (RuntimeException e) {
                cause.addSuppressed(e);
            }
        }
    }
}
