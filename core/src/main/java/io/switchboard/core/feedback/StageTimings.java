package io.switchboard.core.feedback;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Microseconds spent in each pipeline stage, in walk order: {@code analyze}, {@code guards},
 * {@code route}, {@code queue}, {@code translate}, {@code execute} (until the engine returned
 * columns), {@code stream} (until the last batch was consumed).
 */
public record StageTimings(Map<String, Long> micros) {
    public static final String ANALYZE = "analyze";
    public static final String GUARDS = "guards";
    public static final String ROUTE = "route";
    public static final String QUEUE = "queue";
    public static final String TRANSLATE = "translate";
    public static final String EXECUTE = "execute";
    public static final String STREAM = "stream";

    public StageTimings {
        // LinkedHashMap keeps walk order for display; the record itself is never mutated.
        micros = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(micros, "micros is null")));
    }

    public long get(String stage) {
        return micros.getOrDefault(stage, 0L);
    }
}
