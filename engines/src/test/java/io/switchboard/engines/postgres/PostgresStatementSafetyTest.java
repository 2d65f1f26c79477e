package io.switchboard.engines.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.core.engine.Engine;
import io.switchboard.core.error.SwitchboardException;
import io.switchboard.engines.jdbc.JdbcEngineConfig;
import io.switchboard.engines.testing.EngineTesting;
import io.switchboard.testkit.postgres.PostgresServer;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What reaches PostgreSQL is the one statement the guardrails read, read the way they read it,
 * and nothing one statement does to its session reaches the next statement.
 */
final class PostgresStatementSafetyTest {

    @Test
    void sendsAOneStatementTextAsASimpleQueryAndAnyOtherByTheExtendedProtocol() throws IOException {
        JdbcEngineConfig config = PostgresTesting.tpchConfig("");
        try (PgBackendConnection connection = PgBackendConnection.open(config,
                Map.of("user", config.user().orElseThrow(), "database", PostgresServer.TPCH_DATABASE))) {
            // A simple Query: the row description comes first.
            connection.sendStatement("SELECT 1 AS one;");
            assertThat(messagesUntilReady(connection)).isEqualTo("TDCZ");
            // A comment: ParseComplete and BindComplete first, as for any extended-protocol statement.
            connection.sendStatement("SELECT 1 AS one -- a comment");
            assertThat(messagesUntilReady(connection)).isEqualTo("12TDCZ");
        }
    }

    @Test
    void neverRunsASecondStatement() {
        String table = "safety_victim_" + UUID.randomUUID().toString().replace("-", "");
        try (Engine engine = PostgresTesting.tpchEngine("poolSize: 1\n")) {
            EngineTesting.update(engine, "CREATE TABLE " + table + " (x int)");
            try {
                assertThatThrownBy(() -> EngineTesting.rows(engine, "SELECT 1; DROP TABLE " + table))
                        .isInstanceOfSatisfying(SwitchboardException.class,
                                e -> assertThat(e.getMessage()).contains("cannot insert multiple commands into a prepared statement"));
                assertThat(EngineTesting.single(engine, "SELECT count(*) FROM " + table)).isEqualTo(0L);
            } finally {
                EngineTesting.update(engine, "DROP TABLE IF EXISTS " + table);
            }
        }
    }

    /**
     * A server whose users read strings with backslash escapes ({@code standard_conforming_strings}
     * off, here set on the role) would read {@code 'a\''; DROP ...} as a string, then a second
     * statement; the connection's own setting keeps it one string literal, as the guardrails read it.
     */
    @Test
    void readsStringsAsTheGuardrailsDoWhateverTheServerIsSetTo() throws SQLException {
        String role = "safety_role_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String table = role + "_victim";
        PostgresServer server = PostgresServer.sharedTpch();
        try (Connection admin = server.connect(PostgresServer.TPCH_DATABASE); Statement statement = admin.createStatement()) {
            statement.execute("CREATE ROLE " + role + " LOGIN PASSWORD 'role-secret'");
            statement.execute("ALTER ROLE " + role + " SET standard_conforming_strings = off");
            statement.execute("CREATE TABLE " + table + " (x int)");
            statement.execute("GRANT ALL ON " + table + " TO " + role);
            try (Engine engine = PostgresTesting.tpchEngineAs(role, "role-secret", "poolSize: 1\n")) {
                assertThat(EngineTesting.single(engine, "SHOW standard_conforming_strings")).isEqualTo("on");
                assertThat(EngineTesting.single(engine, "SELECT 'a\\''; DROP TABLE " + table + "; --' AS x"))
                        .isEqualTo("a\\'; DROP TABLE " + table + "; --");
                assertThat(EngineTesting.single(engine, "SELECT count(*) FROM " + table)).isEqualTo(0L);
            } finally {
                statement.execute("DROP TABLE IF EXISTS " + table);
                statement.execute("DROP ROLE " + role);
            }
        }
    }

    @Test
    void aStatementThatChangesItsSessionRetiresTheConnection() {
        try (Engine engine = PostgresTesting.tpchEngine("poolSize: 1\n")) {
            Object first = EngineTesting.single(engine, "SELECT pg_backend_pid()");
            assertThat(EngineTesting.single(engine, "SELECT pg_backend_pid()")).as("an untouched connection is reused")
                    .isEqualTo(first);
            Object defaultWorkMem = EngineTesting.single(engine, "SHOW work_mem");

            EngineTesting.update(engine, "SET work_mem = '77MB'");
            assertThat(EngineTesting.single(engine, "SHOW work_mem")).isEqualTo(defaultWorkMem);
            Object afterSet = EngineTesting.single(engine, "SELECT pg_backend_pid()");
            assertThat(afterSet).isNotEqualTo(first);

            // A reported setting changed without SET: the decoder would read dates wrongly on that connection.
            assertThat(EngineTesting.single(engine, "SELECT set_config('DateStyle', 'SQL, DMY', false)")).isEqualTo("SQL, DMY");
            assertThat(EngineTesting.single(engine, "SELECT DATE '2024-03-01'")).isEqualTo(LocalDate.of(2024, 3, 1));
            assertThat(EngineTesting.single(engine, "SELECT pg_backend_pid()")).isNotEqualTo(afterSet);
        }
    }

    /** The type of every message up to and including ReadyForQuery, as a string of type letters. */
    private static String messagesUntilReady(PgBackendConnection connection) throws IOException {
        StringBuilder types = new StringBuilder();
        byte type;
        do {
            type = connection.next();
            types.append((char) type);
        } while (type != 'Z');
        return types.toString();
    }
}
