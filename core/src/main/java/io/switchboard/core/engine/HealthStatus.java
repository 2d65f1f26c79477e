package io.switchboard.core.engine;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/** The result of one health probe of a cluster. */
public record HealthStatus(boolean healthy, String detail, Instant checkedAt) {
    public HealthStatus {
        requireNonNull(detail, "detail is null");
        requireNonNull(checkedAt, "checkedAt is null");
    }

    public static HealthStatus healthy(String detail) {
        return new HealthStatus(true, detail, Instant.now());
    }

    public static HealthStatus unhealthy(String detail) {
        return new HealthStatus(false, detail, Instant.now());
    }
}
