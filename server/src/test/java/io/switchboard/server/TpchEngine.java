package io.switchboard.server;

import io.switchboard.core.sql.Dialect;
import io.switchboard.testkit.clickhouse.ClickHouseServer;
import io.switchboard.testkit.flightsql.FlightSqlExampleServer;
import io.switchboard.testkit.mariadb.MariaDbServer;
import io.switchboard.testkit.postgres.PostgresServer;
import io.switchboard.testkit.trino.TrinoServer;
import java.nio.file.Path;
import java.util.Map;

/**
 * The engines of the TPC-H tests through a whole Switchboard, each holding TPC-H at scale 0.01
 * on the testkit's JVM-wide servers, and how to start a Switchboard whose only group is that
 * engine's cluster (the routing fallback, so every query goes there).
 */
enum TpchEngine {
    DUCKDB("duckdb", Dialect.DUCKDB, null),
    POSTGRES("postgres", Dialect.POSTGRES, null),
    MARIADB("mariadb", Dialect.MYSQL, "mariadb"),
    CLICKHOUSE("clickhouse", Dialect.CLICKHOUSE, "clickhouse"),
    TRINO("trino", Dialect.TRINO, "trino"),
    FLIGHT_SQL("flightsql", Dialect.ANSI, "derby");

    /** Trino's schema of views over {@code tpch.tiny}: the tpch catalog is read-only, and q15 creates a view. */
    static final String TRINO_SCHEMA = "memory.switchboard_tpch";
    /**
     * How long a health probe may take. The engines' 5 s default is too short on a build machine
     * shared by several builds: a probe that misses it marks the cluster unhealthy until the next
     * probe, failing every query meanwhile (Trino, seen at a load average of 16).
     */
    private static final String PROBE_LIMIT = "60s";
    private static final String[] TPCH_TABLES = {"customer", "lineitem", "nation", "orders", "part", "partsupp", "region", "supplier"};

    private final String cluster;
    private final Dialect dialect;
    private final String rewrites;

    TpchEngine(String cluster, Dialect dialect, String rewrites) {
        this.cluster = cluster;
        this.dialect = dialect;
        this.rewrites = rewrites;
    }

    String cluster() {
        return cluster;
    }

    /** The engine's own dialect, the one that skips translation. */
    Dialect dialect() {
        return dialect;
    }

    /** The folder of {@code TpchQueries.rewrite} holding this engine's versions of the queries it cannot run as shipped, or null. */
    String rewrites() {
        return rewrites;
    }

    /** Starts a Switchboard whose one group is this engine's cluster; the caller closes it. */
    TestingSwitchboard startSwitchboard(Path dataDirectory, String translationYaml) {
        Engine engine = engine();
        return new TestingSwitchboard("""
                switchboard:
                  bindAddress: 127.0.0.1
                  frontends:
                    postgresWire: {enabled: true, authMethod: scram-sha-256}
                    mcp: {enabled: true}
                  adminApi: {enabled: false}
                  persistence: {type: duckDb, path: feedback.duckdb}
                auth:
                  provider: static
                  staticUsers:
                    users:
                      switchboard: {password: switchboard}
                """ + translationYaml + "clusters:\n  " + cluster + ":\n" + engine.keys().indent(4)
                + "clusterGroups:\n  " + cluster + ": {members: [" + cluster + "], maxRunningQueries: 4}\n"
                + "routingFallback: " + cluster + "\n", engine.environment(), dataDirectory);
    }

    private record Engine(String keys, Map<String, String> environment) {}

    private Engine engine() {
        return switch (this) {
            case DUCKDB -> new Engine("engine: duckDb\ndatabasePath: tpch.duckdb\ndemoData: tpch\ndemoScale: 0.01\n", Map.of());
            case POSTGRES -> {
                PostgresServer server = PostgresServer.sharedTpch();
                yield new Engine("engine: postgres\nendpoint: " + server.endpoint(PostgresServer.TPCH_DATABASE) + "\nuser: "
                        + server.user() + "\npassword: ${PG_PASSWORD}\nbatchSize: 1000\nhealthCheckTimeout: " + PROBE_LIMIT + "\n",
                        Map.of("PG_PASSWORD", server.password()));
            }
            case MARIADB -> {
                MariaDbServer server = MariaDbServer.sharedTpch();
                // By default MariaDB keeps 4 more decimals in a division, which rounds q14's
                // percentage to 15.4865458123 where the answer prints 15.4865458122841.
                yield new Engine("engine: mysql\nendpoint: " + server.endpoint(MariaDbServer.TPCH_DATABASE) + "\nuser: "
                        + server.user() + "\npassword: ${DB_PASSWORD}\nbatchSize: 1000\nhealthCheckTimeout: " + PROBE_LIMIT
                        + "\nsessionProperties:\n  div_precision_increment: 30\n",
                        Map.of("DB_PASSWORD", server.password()));
            }
            case CLICKHOUSE -> new Engine("engine: clickHouse\nendpoint: " + ClickHouseServer.shared().endpoint() + "\ndatabase: "
                    + ClickHouseServer.TPCH_DATABASE + "\nhealthTimeout: " + PROBE_LIMIT + "\n", Map.of());
            case TRINO -> {
                TrinoServer server = TrinoServer.shared();
                createTrinoViews(server);
                String[] parts = TRINO_SCHEMA.split("\\.");
                yield new Engine("engine: trino\nendpoint: " + server.endpoint() + "\ncatalog: " + parts[0] + "\nschema: " + parts[1]
                        + "\nhealthTimeout: " + PROBE_LIMIT + "\n", Map.of());
            }
            case FLIGHT_SQL -> new Engine("engine: flightSql\nendpoint: " + FlightSqlExampleServer.shared().endpoint() + "\nhealthTimeout: "
                    + PROBE_LIMIT + "\n", Map.of());
        };
    }

    /** Views over {@code tpch.tiny} in a schema of the memory catalog, where q15 can create its own view. */
    private static void createTrinoViews(TrinoServer server) {
        server.statements().query("CREATE SCHEMA IF NOT EXISTS " + TRINO_SCHEMA);
        for (String table : TPCH_TABLES) {
            server.statements().query("CREATE OR REPLACE VIEW " + TRINO_SCHEMA + "." + table + " AS SELECT * FROM tpch.tiny." + table);
        }
    }
}
