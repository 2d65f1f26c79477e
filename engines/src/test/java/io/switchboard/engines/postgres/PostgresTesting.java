package io.switchboard.engines.postgres;

import io.switchboard.core.config.ClusterConfig;
import io.switchboard.core.engine.Engine;
import io.switchboard.engines.jdbc.JdbcEngineConfig;
import io.switchboard.engines.testing.EngineTesting;
import io.switchboard.testkit.postgres.PostgresServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;

/** PostgreSQL clusters on the testkit's servers, configured as a user would write them. */
final class PostgresTesting {
    private PostgresTesting() {}

    /** A cluster on the shared TPC-H server; the password comes from an environment variable, as advised. */
    static Engine tpchEngine(String extraKeys) {
        return engine(PostgresServer.sharedTpch(), PostgresServer.TPCH_DATABASE, extraKeys);
    }

    static Engine engine(PostgresServer server, String database, String extraKeys) {
        return EngineTesting.engine(new PostgresEngineFactory(), cluster(server, database, server.user(), server.password(), extraKeys));
    }

    /** A cluster on the shared TPC-H server that logs in as {@code user} instead of the server's own user. */
    static Engine tpchEngineAs(String user, String password, String extraKeys) {
        return EngineTesting.engine(new PostgresEngineFactory(),
                cluster(PostgresServer.sharedTpch(), PostgresServer.TPCH_DATABASE, user, password, extraKeys));
    }

    /** The keys of a cluster on the shared TPC-H server, read as the engine reads them. */
    static JdbcEngineConfig tpchConfig(String extraKeys) {
        PostgresServer server = PostgresServer.sharedTpch();
        return PostgresEngineFactory.parse(cluster(server, PostgresServer.TPCH_DATABASE, server.user(), server.password(), extraKeys));
    }

    private static ClusterConfig cluster(PostgresServer server, String database, String user, String password, String extraKeys) {
        String keys = "endpoint: " + server.endpoint(database) + "\nuser: " + user + "\npassword: ${PG_PASSWORD}\n" + extraKeys;
        return EngineTesting.cluster("postgres", keys, Map.of("PG_PASSWORD", password));
    }

    /** How many server sessions other than the asking one run a statement containing {@code marker} in one of {@code states}. */
    static int sessionsRunning(String marker, String... states) {
        return count("SELECT count(*) FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND strpos(query, ?) > 0 "
                + "AND state = ANY (?)", marker, states);
    }

    /** How many sessions run a statement containing {@code marker} and wait to send its rows to a client that is not reading. */
    static int sessionsWaitingForTheClient(String marker) {
        return count("SELECT count(*) FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND strpos(query, ?) > 0 "
                + "AND state = ANY (?) AND wait_event = 'ClientWrite'", marker, new String[] {"active"});
    }

    private static int count(String sql, String marker, String[] states) {
        try (Connection connection = PostgresServer.sharedTpch().connect(PostgresServer.TPCH_DATABASE);
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, marker);
            statement.setArray(2, connection.createArrayOf("text", states));
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return result.getInt(1);
            }
        } catch (SQLException e) {
            throw new AssertionError("cannot read pg_stat_activity: " + e.getMessage(), e);
        }
    }
}
