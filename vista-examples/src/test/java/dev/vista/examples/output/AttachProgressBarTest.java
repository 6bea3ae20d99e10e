package dev.vista.examples.output;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vista.AttachProgress;
import dev.vista.AttachProgress.Phase;
import dev.vista.Backend;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class AttachProgressBarTest {

    @Test
    void rendersTheShareDoneAndWhatWasSkipped() {
        assertThat(AttachProgressBar.render(new AttachProgress(Phase.ATTACHING, Backend.KPROBE_MULTI, 1186, 2372, 3)))
                .isEqualTo("attaching (kprobe-multi) [####################                    ] 1186/2372, 3 skipped");
        assertThat(AttachProgressBar.render(new AttachProgress(Phase.DETACHING, Backend.FENTRY, 0, 10, 0)))
                .isEqualTo("detaching (fentry) [                                        ] 0/10");
    }

    @Test
    void redrawsOneLineAndEndsItWhenFinished() {
        StringWriter out = new StringWriter();
        AttachProgressBar bar = new AttachProgressBar(new PrintWriter(out));

        bar.accept(new AttachProgress(Phase.ATTACHING, Backend.KPROBE, 1, 2, 0));
        bar.accept(new AttachProgress(Phase.ATTACHING, Backend.KPROBE, 2, 2, 0));

        assertThat(out.toString()).startsWith("\rattaching (kprobe) [").contains("] 1/2\rattaching").endsWith("2/2\n");
    }
}
