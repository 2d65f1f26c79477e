package io.switchboard.routing;

/** Where a cluster's circuit breaker stands. Only a closed circuit lets queries through. */
public enum CircuitState {
    /** Queries flow; outcomes are counted. */
    CLOSED(0),
    /** One health probe is testing the cluster; queries still go elsewhere. */
    HALF_OPEN(1),
    /** Too many failures: the cluster takes no queries until a probe after the backoff succeeds. */
    OPEN(2);

    private final int gaugeValue;

    CircuitState(int gaugeValue) {
        this.gaugeValue = gaugeValue;
    }

    /** The value of the {@code switchboard.cluster.circuit.state} gauge. */
    public int gaugeValue() {
        return gaugeValue;
    }
}
