package io.switchboard.engines.mysql;

import io.switchboard.core.engine.Engine;
import io.switchboard.core.engine.EngineFactory;
import io.switchboard.engines.testing.EngineTesting;
import io.switchboard.testkit.mariadb.MariaDbServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;

/** MySQL-wire clusters ({@code mysql}, {@code starRocks}) on the testkit's MariaDB, configured as a user would. */
final class MariaDbTesting {
    private MariaDbTesting() {}

    static Engine tpchEngine(String extraKeys) {
        return engine(MariaDbServer.sharedTpch(), "mysql", new MySqlEngineFactory(), extraKeys);
    }

    static Engine engine(MariaDbServer server, String engineName, EngineFactory factory, String extraKeys) {
        String keys = "endpoint: " + server.endpoint(MariaDbServer.TPCH_DATABASE) + "\nuser: " + server.user()
                + "\npassword: ${DB_PASSWORD}\n" + extraKeys;
        return EngineTesting.engine(factory, EngineTesting.cluster(engineName, keys, Map.of("DB_PASSWORD", server.password())));
    }

    /** Sessions other than the asking one whose running statement contains {@code marker}, from MariaDB's process list. */
    static int statementsRunning(String marker) {
        try (Connection connection = MariaDbServer.sharedTpch().connect(MariaDbServer.TPCH_DATABASE);
                PreparedStatement statement = connection.prepareStatement("SELECT count(*) FROM information_schema.processlist "
                        + "WHERE id <> connection_id() AND command = 'Query' AND instr(info, ?) > 0")) {
            statement.setString(1, marker);
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return result.getInt(1);
            }
        } catch (SQLException e) {
            throw new AssertionError("cannot read information_schema.processlist: " + e.getMessage(), e);
        }
    }
}
