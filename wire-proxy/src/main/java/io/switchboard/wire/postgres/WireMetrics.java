package io.switchboard.wire.postgres;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;

/** The PostgreSQL frontend's meters: connections open and accepted, messages and connections rejected by reason. */
final class WireMetrics {
    private final MeterRegistry registry;
    private final AtomicInteger open = new AtomicInteger();
    private final Counter accepted;

    WireMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("switchboard.postgres.connections.open", open, AtomicInteger::get)
                .description("PostgreSQL wire connections open now")
                .register(registry);
        this.accepted = Counter.builder("switchboard.postgres.connections.accepted")
                .description("PostgreSQL wire connections accepted")
                .register(registry);
    }

    void opened() {
        open.incrementAndGet();
        accepted.increment();
    }

    void closed() {
        open.decrementAndGet();
    }

    int openConnections() {
        return open.get();
    }

    /**
     * Counts input turned away, by reason: {@code malformed}, {@code unknown_type},
     * {@code message_too_large}, {@code startup_timeout}, {@code authentication_failed},
     * {@code too_many_connections}, {@code unsupported_protocol}, {@code unexpected_message}.
     */
    void rejected(String reason) {
        Counter.builder("switchboard.postgres.messages.rejected")
                .description("PostgreSQL wire messages and connections rejected, by reason")
                .tag("reason", reason)
                .register(registry)
                .increment();
    }
}
