package io.switchboard.engines.trino;

import io.switchboard.engines.testing.EngineTesting;
import io.switchboard.testkit.trino.TrinoServer;

/** Trino engines for tests, pointed at the JVM-wide Trino of the testkit. */
final class TrinoTesting {
    private TrinoTesting() {}

    static TrinoServer server() {
        return TrinoServer.shared();
    }

    /** An engine on catalog {@code tpch}, schema {@code tiny} (TPC-H at scale 0.01), plus extra keys. */
    static TrinoEngine engine(String extraKeys) {
        return engineAt(server().endpoint(), "catalog: tpch\nschema: tiny\n" + extraKeys);
    }

    static TrinoEngine engineAt(String endpoint, String keys) {
        return (TrinoEngine) EngineTesting.engine(new TrinoEngineFactory(), "trino", "endpoint: " + endpoint + "\n" + keys);
    }
}
