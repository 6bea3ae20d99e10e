package dev.vista.examples.output;

import dev.vista.AttachProgress;
import java.io.PrintWriter;
import java.util.function.Consumer;

/** Shows attaching and detaching kernel functions as a one-line bar on the terminal (stderr). */
public final class AttachProgressBar implements Consumer<AttachProgress> {
    private static final int WIDTH = 40;
    private final PrintWriter err;

    public AttachProgressBar(PrintWriter err) {
        this.err = err;
    }

    @Override
    public void accept(AttachProgress progress) {
        err.print('\r' + render(progress));
        if (progress.finished()) {
            err.println();
        }
        err.flush();
    }

    /** e.g. {@code attaching (kprobe-multi) [##########          ] 1186/2372, 3 skipped}. */
    static String render(AttachProgress progress) {
        int filled = progress.total() == 0 ? WIDTH : (int) ((long) WIDTH * progress.done() / progress.total());
        String verb = progress.phase() == AttachProgress.Phase.ATTACHING ? "attaching" : "detaching";
        return verb + " (" + progress.backend().shortName() + ") [" + "#".repeat(filled) + " ".repeat(WIDTH - filled)
                + "] " + progress.done() + "/" + progress.total()
                + (progress.failed() > 0 ? ", " + progress.failed() + " skipped" : "");
    }
}
