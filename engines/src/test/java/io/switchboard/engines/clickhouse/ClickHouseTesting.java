package io.switchboard.engines.clickhouse;

import io.switchboard.engines.testing.EngineTesting;
import io.switchboard.testkit.clickhouse.ClickHouseServer;

/** ClickHouse engines for tests, pointed at the JVM-wide ClickHouse of the testkit. */
final class ClickHouseTesting {
    private ClickHouseTesting() {}

    static ClickHouseServer server() {
        return ClickHouseServer.shared();
    }

    /** An engine on database {@code tpch} (TPC-H at scale 0.01), plus extra keys. */
    static ClickHouseEngine engine(String extraKeys) {
        return engineAt(server().endpoint(), "database: tpch\n" + extraKeys);
    }

    static ClickHouseEngine engineAt(String endpoint, String keys) {
        return (ClickHouseEngine) EngineTesting.engine(new ClickHouseEngineFactory(), "clickHouse",
                "endpoint: " + endpoint + "\n" + keys);
    }
}
