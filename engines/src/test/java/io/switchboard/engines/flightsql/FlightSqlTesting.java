package io.switchboard.engines.flightsql;

import io.switchboard.engines.testing.EngineTesting;
import io.switchboard.testkit.flightsql.FlightSqlExampleServer;

/** Flight SQL engines for tests, pointed at the JVM-wide FlightSqlExample of the testkit. */
final class FlightSqlTesting {
    private FlightSqlTesting() {}

    static FlightSqlExampleServer server() {
        return FlightSqlExampleServer.shared();
    }

    static FlightSqlEngine engine(String extraKeys) {
        return engineAt(server().endpoint(), extraKeys);
    }

    static FlightSqlEngine engineAt(String endpoint, String keys) {
        return (FlightSqlEngine) EngineTesting.engine(new FlightSqlEngineFactory(), "flightSql", "endpoint: " + endpoint + "\n" + keys);
    }
}
