package dev.vista.format;

import dev.vista.event.LossEvent;

/** The marker line where events went missing, the same in every text format: {@code --- 3 events lost on CPU 1 ---}. */
final class LossLine {
    private LossLine() {
    }

    static StringBuilder append(LossEvent loss, StringBuilder out) {
        return out.append("--- ").append(loss.count()).append(loss.count() == 1 ? " event" : " events")
                .append(" lost on CPU ").append(loss.cpu()).append(" ---\n");
    }
}
