package io.switchboard.core.pipeline;

import io.switchboard.core.engine.Engine;
import io.switchboard.core.error.ErrorCode;
import java.time.Duration;

/**
 * A running slot on one cluster. Whoever holds it must close it exactly once, whatever happens;
 * closing twice is harmless. A leaked lease is a bug.
 */
public interface CapacityLease extends AutoCloseable {
    /** The group that gave the slot (differs from the routed group after spillover). */
    String group();

    String cluster();

    Engine engine();

    /** How the cluster was chosen, for the routing trace. */
    String placement();

    /** How long the query waited in the queue. */
    Duration queued();

    /** Tells circuit breakers about an engine-side failure before the lease is closed. */
    default void reportFailure(ErrorCode code) {}

    @Override
    void close();
}
