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

    /**
     * Tells circuit breakers about a failure that counts against the cluster (engine-side codes
     * and {@code QUERY_TIMEOUT}, see {@link ErrorCode#countsAgainstCluster()}) before the lease is
     * closed.
     */
    default void reportFailure(ErrorCode code) {}

    /**
     * Tells circuit breakers that the engine served the query to its end. A lease closed with
     * neither report (a cancel, a user error, a dry run) says nothing about the cluster.
     */
    default void reportSuccess() {}

    @Override
    void close();
}
