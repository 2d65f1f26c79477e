package io.switchboard.feedback;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

final class LogThrottleTest {
    private static final long SECOND = Duration.ofSeconds(1).toNanos();

    @Test
    void reportsOncePerIntervalWithTheCountOfEventsSinceTheLastReport() {
        AtomicLong clock = new AtomicLong(1_000 * SECOND);
        LogThrottle throttle = new LogThrottle(Duration.ofSeconds(10), clock::get);

        assertThat(throttle.event()).as("the first event is reported at once").isEqualTo(1);
        for (int i = 0; i < 99; i++) {
            clock.addAndGet(SECOND / 20);
            assertThat(throttle.event()).isZero();
        }
        clock.addAndGet(6 * SECOND);
        assertThat(throttle.event()).as("99 silent events and this one").isEqualTo(100);
        clock.addAndGet(9 * SECOND);
        assertThat(throttle.event()).isZero();
        clock.addAndGet(SECOND);
        assertThat(throttle.event()).isEqualTo(2);
    }
}
