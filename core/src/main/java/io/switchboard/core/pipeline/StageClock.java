package io.switchboard.core.pipeline;

import io.switchboard.core.feedback.StageTimings;
import java.util.LinkedHashMap;
import java.util.Map;

/** Measures the pipeline's stages of one query; used by one thread at a time. */
final class StageClock {
    private final long startNanos = System.nanoTime();
    private final Map<String, Long> micros = new LinkedHashMap<>();
    private long lastNanos = startNanos;

    /** Adds the time since the previous mark to {@code stage}. */
    synchronized void mark(String stage) {
        long now = System.nanoTime();
        micros.merge(stage, (now - lastNanos) / 1_000, Long::sum);
        lastNanos = now;
    }

    synchronized long elapsedMicros() {
        return (System.nanoTime() - startNanos) / 1_000;
    }

    synchronized StageTimings snapshot() {
        return new StageTimings(micros);
    }
}
