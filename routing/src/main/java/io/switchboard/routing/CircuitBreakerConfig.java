package io.switchboard.routing;

import io.switchboard.core.config.ConfigNode;
import java.time.Duration;

/**
 * A group's {@code circuitBreaker:} block, in QueryFlux's keys and with its defaults. It applies
 * to every member cluster of the group; without the block, query outcomes do not affect which
 * cluster is chosen.
 *
 * @param window how far back outcomes count ({@code windowSecs})
 * @param minRequests outcomes needed in the window before a rate can open the circuit
 * @param failureRatePercent failures (timeouts included) per hundred outcomes that open it
 * @param timeoutRatePercent timeouts per hundred outcomes that open it on their own
 * @param initialBackoff how long an open circuit waits before its first half-open probe
 * @param maxBackoff the longest wait after repeated failed probes (each failure doubles it)
 */
public record CircuitBreakerConfig(
        Duration window,
        int minRequests,
        int failureRatePercent,
        int timeoutRatePercent,
        Duration initialBackoff,
        Duration maxBackoff) {

    public static final CircuitBreakerConfig DEFAULT = new CircuitBreakerConfig(
            Duration.ofSeconds(60), 10, 50, 25, Duration.ofSeconds(30), Duration.ofSeconds(300));

    public CircuitBreakerConfig {
        if (window.isNegative() || window.isZero() || minRequests < 1) {
            throw new IllegalArgumentException("window and minRequests must be positive");
        }
        if (failureRatePercent < 1 || failureRatePercent > 100 || timeoutRatePercent < 1 || timeoutRatePercent > 100) {
            throw new IllegalArgumentException("rate percentages must be between 1 and 100");
        }
        if (initialBackoff.isNegative() || initialBackoff.isZero() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("maxBackoff must be at least initialBackoff, and both positive");
        }
    }

    /** Reads the block; keys left out take QueryFlux's defaults. */
    public static CircuitBreakerConfig parse(ConfigNode node) {
        long windowSecs = node.longValue("windowSecs", DEFAULT.window.toSeconds(), 1, 86_400);
        int minRequests = node.integer("minRequests", DEFAULT.minRequests, 1, 10_000);
        int failureRate = node.integer("failureRatePercent", DEFAULT.failureRatePercent, 1, 100);
        int timeoutRate = node.integer("timeoutRatePercent", DEFAULT.timeoutRatePercent, 1, 100);
        long initialBackoff = node.longValue("initialBackoffSecs", DEFAULT.initialBackoff.toSeconds(), 1, 86_400);
        long maxBackoff = node.longValue("maxBackoffSecs", Math.max(DEFAULT.maxBackoff.toSeconds(), initialBackoff), 1, 86_400);
        if (maxBackoff < initialBackoff) {
            throw node.valueError("maxBackoffSecs", "must be at least initialBackoffSecs (" + initialBackoff + ") but is " + maxBackoff);
        }
        node.rejectUnknownKeys();
        return new CircuitBreakerConfig(Duration.ofSeconds(windowSecs), minRequests, failureRate, timeoutRate,
                Duration.ofSeconds(initialBackoff), Duration.ofSeconds(maxBackoff));
    }
}
