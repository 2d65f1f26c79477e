package io.switchboard.feedback;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Lets a hot path log a repeated problem at most once per interval: each event is counted, and
 * the first event after the interval has passed gets the count to report. Lock-free, so that
 * counting never blocks the query that hit the problem.
 */
final class LogThrottle {
    private final long intervalNanos;
    private final LongSupplier nanoClock;
    private final AtomicLong nextReportAt;
    private final AtomicLong pending = new AtomicLong();

    LogThrottle(Duration interval) {
        this(interval, System::nanoTime);
    }

    LogThrottle(Duration interval, LongSupplier nanoClock) {
        this.intervalNanos = interval.toNanos();
        this.nanoClock = nanoClock;
        // The first event is reported at once.
        this.nextReportAt = new AtomicLong(nanoClock.getAsLong());
    }

    /**
     * Counts one event. Returns how many events happened since the last report when this one
     * should be reported, or 0 when the caller should stay silent.
     */
    long event() {
        pending.incrementAndGet();
        long now = nanoClock.getAsLong();
        long next = nextReportAt.get();
        if (now - next >= 0 && nextReportAt.compareAndSet(next, now + intervalNanos)) {
            return pending.getAndSet(0);
        }
        return 0;
    }
}
