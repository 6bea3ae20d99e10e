package dev.vista.internal.attach;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vista.AttachProgress;
import dev.vista.Backend;
import dev.vista.internal.libbpf.Attachment;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class AttachmentsTest {
    private final Set<Integer> closed = ConcurrentHashMap.newKeySet();
    private final Set<String> closingThreads = ConcurrentHashMap.newKeySet();

    private Attachment attachment(int id, boolean fails) {
        return () -> {
            closingThreads.add(Thread.currentThread().getName());
            sleep(2); // as a kernel detach waits: lets the closers overlap
            closed.add(id);
            if (fails) {
                throw new IllegalStateException("close " + id + " failed");
            }
        };
    }

    @Test
    void closesEveryAttachmentOnSeveralThreadsAndCollectsEachFailure() {
        List<Attachment> attachments = new ArrayList<>();
        IntStream.range(0, 200).forEach(i -> attachments.add(attachment(i, i % 50 == 7)));
        List<AttachProgress> reports = new ArrayList<>(); // not thread-safe: the reporter serialises
        RuntimeException cause = new IllegalStateException("detaching failed");

        Attachments.closeAll(attachments, new ProgressReporter(AttachProgress.Phase.DETACHING, Backend.FENTRY,
                attachments.size(), reports::add), cause);

        assertThat(closed).hasSize(200);
        assertThat(closingThreads).hasSizeGreaterThan(1).allMatch(name -> name.startsWith("vista-detach-"));
        assertThat(cause.getSuppressed()).extracting(Throwable::getMessage)
                .containsExactlyInAnyOrder("close 7 failed", "close 57 failed", "close 107 failed", "close 157 failed");
        assertThat(reports).last().satisfies(p -> {
            assertThat(p.done()).isEqualTo(200);
            assertThat(p.failed()).isEqualTo(4);
        });
        assertThat(reports).extracting(AttachProgress::done).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void withFewAttachmentsEachCloseIsReportedInOrderAndTheFinishedReportComesLast() {
        for (int round = 0; round < 50; round++) {
            List<Attachment> attachments = new ArrayList<>();
            IntStream.range(0, 3).forEach(i -> attachments.add(() -> closed.add(i)));
            List<AttachProgress> reports = new ArrayList<>();

            Attachments.closeAll(attachments, new ProgressReporter(AttachProgress.Phase.DETACHING, Backend.KPROBE,
                    attachments.size(), reports::add), new IllegalStateException("unused"));

            assertThat(reports).extracting(AttachProgress::done).as("round %d", round).containsExactly(1, 2, 3);
        }
    }

    @Test
    void anInterruptedCallerStillWaitsUntilEveryAttachmentIsClosed() {
        List<Attachment> attachments = new ArrayList<>();
        IntStream.range(0, 100).forEach(i -> attachments.add(attachment(i, false)));

        Thread.currentThread().interrupt();
        Attachments.closeAll(attachments, new IllegalStateException("unused"));

        assertThat(Thread.interrupted()).as("the interrupt is kept").isTrue();
        assertThat(closed).hasSize(100);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
