package io.switchboard.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.routing.CircuitBreaker.Outcome;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

final class CircuitBreakerTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000_000L);
    private final CircuitBreakerConfig config = new CircuitBreakerConfig(
            Duration.ofSeconds(10), 4, 50, 25, Duration.ofSeconds(2), Duration.ofSeconds(8));
    private final CircuitBreaker breaker = new CircuitBreaker(config, now::get);

    private void advance(Duration duration) {
        now.addAndGet(duration.toNanos());
    }

    @Test
    void opensWhenFailuresReachTheirRateOverEnoughQueries() {
        assertThat(breaker.record(Outcome.FAILURE)).isNull();
        assertThat(breaker.record(Outcome.FAILURE)).isNull();
        assertThat(breaker.record(Outcome.FAILURE)).as("three outcomes are fewer than minRequests").isNull();
        assertThat(breaker.allowsQueries()).isTrue();
        assertThat(breaker.record(Outcome.SUCCESS)).isEqualTo(CircuitState.OPEN);
        assertThat(breaker.allowsQueries()).isFalse();
        assertThat(breaker.record(Outcome.FAILURE)).as("outcomes of queries that ran before it opened are ignored").isNull();
    }

    @Test
    void staysClosedBelowTheRate() {
        for (int i = 0; i < 20; i++) {
            assertThat(breaker.record(i % 3 == 2 ? Outcome.FAILURE : Outcome.SUCCESS)).isNull();
        }
        assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
        assertThat(breaker.counts()).isEqualTo(new CircuitBreaker.Counts(20, 6, 0));
    }

    @Test
    void timeoutsOpenItAtTheirOwnLowerRate() {
        breaker.record(Outcome.SUCCESS);
        breaker.record(Outcome.SUCCESS);
        breaker.record(Outcome.SUCCESS);
        assertThat(breaker.record(Outcome.TIMEOUT)).as("1 of 4 is 25% timeouts").isEqualTo(CircuitState.OPEN);
    }

    @Test
    void oldOutcomesLeaveTheWindow() {
        breaker.record(Outcome.FAILURE);
        breaker.record(Outcome.FAILURE);
        breaker.record(Outcome.FAILURE);
        advance(Duration.ofSeconds(11));
        for (int i = 0; i < 4; i++) {
            assertThat(breaker.record(Outcome.SUCCESS)).isNull();
        }
        assertThat(breaker.counts().outcomes()).isEqualTo(4);
        assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
    }

    @Test
    void halfOpenProbeAfterTheBackoffClosesIt() {
        open();
        assertThat(breaker.nanosUntilProbe()).isEqualTo(Duration.ofSeconds(2).toNanos());
        advance(Duration.ofMillis(1_999));
        assertThat(breaker.tryBeginProbe()).isFalse();
        advance(Duration.ofMillis(1));
        assertThat(breaker.tryBeginProbe()).isTrue();
        assertThat(breaker.state()).isEqualTo(CircuitState.HALF_OPEN);
        assertThat(breaker.tryBeginProbe()).as("one probe at a time").isFalse();
        assertThat(breaker.allowsQueries()).isFalse();
        assertThat(breaker.finishProbe(true)).isEqualTo(CircuitState.CLOSED);
        assertThat(breaker.allowsQueries()).isTrue();
        assertThat(breaker.counts().outcomes()).as("a closed circuit starts counting afresh").isZero();
        assertThat(breaker.nanosUntilProbe()).isEqualTo(-1);
    }

    @Test
    void failedProbesDoubleTheBackoffUpToTheMaximum() {
        open();
        long[] expectedBackoffs = {4, 8, 8};
        advance(Duration.ofSeconds(2));
        for (long seconds : expectedBackoffs) {
            assertThat(breaker.tryBeginProbe()).isTrue();
            assertThat(breaker.finishProbe(false)).isEqualTo(CircuitState.OPEN);
            assertThat(breaker.nanosUntilProbe()).isEqualTo(Duration.ofSeconds(seconds).toNanos());
            advance(Duration.ofSeconds(seconds));
        }
        assertThat(breaker.tryBeginProbe()).isTrue();
        breaker.finishProbe(true);
        open();
        assertThat(breaker.nanosUntilProbe()).as("a success resets the backoff").isEqualTo(Duration.ofSeconds(2).toNanos());
    }

    private void open() {
        for (int i = 0; i < 4; i++) {
            breaker.record(Outcome.FAILURE);
        }
        assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
    }
}
