package io.switchboard.routing;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.function.LongSupplier;

/**
 * One cluster's circuit breaker. While closed it counts query outcomes over a sliding window;
 * when failures (or timeouts) reach their rate over at least {@code minRequests} outcomes it
 * opens, and the cluster takes no queries. After a backoff one health probe runs half-open: a
 * healthy answer closes the circuit, a failed one reopens it and doubles the backoff (up to the
 * maximum).
 *
 * <p>The window is kept as at most 60 time buckets, so memory and the cost of a record stay
 * fixed whatever the query rate: the window slides in steps of {@code window / 60} (one second
 * for windows up to a minute). State changes happen under this object's monitor; {@link #state}
 * is a volatile read, so capacity checks never block on it.
 */
final class CircuitBreaker {
    private static final int MAX_BUCKETS = 60;

    /** What a finished query says about the cluster. */
    enum Outcome {
        SUCCESS,
        FAILURE,
        TIMEOUT
    }

    private final CircuitBreakerConfig config;
    private final LongSupplier nanoClock;
    private final long bucketNanos;
    private final long[] bucketEpoch;
    private final int[] outcomes;
    private final int[] failures;
    private final int[] timeouts;
    private volatile CircuitState state = CircuitState.CLOSED;
    private long backoffNanos;
    private long probeAllowedAt;

    CircuitBreaker(CircuitBreakerConfig config, LongSupplier nanoClock) {
        this.config = requireNonNull(config, "config is null");
        this.nanoClock = requireNonNull(nanoClock, "nanoClock is null");
        int buckets = (int) Math.min(MAX_BUCKETS, Math.max(1, config.window().toSeconds()));
        this.bucketNanos = Math.max(1, config.window().toNanos() / buckets);
        this.bucketEpoch = new long[buckets];
        this.outcomes = new int[buckets];
        this.failures = new int[buckets];
        this.timeouts = new int[buckets];
        this.backoffNanos = config.initialBackoff().toNanos();
        Arrays.fill(bucketEpoch, Long.MIN_VALUE);
    }

    CircuitBreakerConfig config() {
        return config;
    }

    CircuitState state() {
        return state;
    }

    boolean allowsQueries() {
        return state == CircuitState.CLOSED;
    }

    /**
     * Counts one outcome while the circuit is closed (outcomes of queries that were already
     * running when it opened are ignored). Returns {@link CircuitState#OPEN} when this outcome
     * opened the circuit, else null.
     */
    synchronized CircuitState record(Outcome outcome) {
        requireNonNull(outcome, "outcome is null");
        if (state != CircuitState.CLOSED) {
            return null;
        }
        long now = nanoClock.getAsLong();
        long epoch = Math.floorDiv(now, bucketNanos);
        int slot = (int) Math.floorMod(epoch, (long) bucketEpoch.length);
        if (bucketEpoch[slot] != epoch) {
            bucketEpoch[slot] = epoch;
            outcomes[slot] = 0;
            failures[slot] = 0;
            timeouts[slot] = 0;
        }
        outcomes[slot]++;
        if (outcome != Outcome.SUCCESS) {
            failures[slot]++;
        }
        if (outcome == Outcome.TIMEOUT) {
            timeouts[slot]++;
        }
        Counts counts = countsAt(epoch);
        if (counts.outcomes < config.minRequests()) {
            return null;
        }
        boolean tooManyFailures = (long) counts.failures * 100 >= (long) counts.outcomes * config.failureRatePercent();
        boolean tooManyTimeouts = (long) counts.timeouts * 100 >= (long) counts.outcomes * config.timeoutRatePercent();
        if (!tooManyFailures && !tooManyTimeouts) {
            return null;
        }
        open(now);
        return CircuitState.OPEN;
    }

    /**
     * Takes the one half-open probe when the circuit is open and its backoff has passed. The
     * caller runs the probe and reports it to {@link #finishProbe}.
     */
    synchronized boolean tryBeginProbe() {
        if (state != CircuitState.OPEN || nanoClock.getAsLong() - probeAllowedAt < 0) {
            return false;
        }
        state = CircuitState.HALF_OPEN;
        return true;
    }

    /** Ends the half-open probe: closes the circuit, or reopens it with a doubled backoff. */
    synchronized CircuitState finishProbe(boolean healthy) {
        if (state != CircuitState.HALF_OPEN) {
            return state;
        }
        if (healthy) {
            state = CircuitState.CLOSED;
            backoffNanos = config.initialBackoff().toNanos();
            Arrays.fill(bucketEpoch, Long.MIN_VALUE);
        } else {
            backoffNanos = Math.min(backoffNanos * 2, config.maxBackoff().toNanos());
            open(nanoClock.getAsLong());
        }
        return state;
    }

    /** Nanoseconds until a half-open probe may run; 0 when it may run now, -1 when the circuit is not open. */
    synchronized long nanosUntilProbe() {
        if (state != CircuitState.OPEN) {
            return -1;
        }
        return Math.max(0, probeAllowedAt - nanoClock.getAsLong());
    }

    /** The outcomes in the window now, for status listings. */
    synchronized Counts counts() {
        return countsAt(Math.floorDiv(nanoClock.getAsLong(), bucketNanos));
    }

    private void open(long now) {
        state = CircuitState.OPEN;
        probeAllowedAt = now + backoffNanos;
        Arrays.fill(bucketEpoch, Long.MIN_VALUE);
    }

    private Counts countsAt(long epoch) {
        int total = 0;
        int failed = 0;
        int timedOut = 0;
        for (int i = 0; i < bucketEpoch.length; i++) {
            if (bucketEpoch[i] > epoch - bucketEpoch.length && bucketEpoch[i] <= epoch) {
                total += outcomes[i];
                failed += failures[i];
                timedOut += timeouts[i];
            }
        }
        return new Counts(total, failed, timedOut);
    }

    /** Outcomes in the window: all of them, the failures (timeouts included), the timeouts. */
    record Counts(int outcomes, int failures, int timeouts) {}
}
