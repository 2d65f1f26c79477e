package io.switchboard.engines.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.core.engine.Engine;
import io.switchboard.core.engine.EngineQuery;
import io.switchboard.core.error.SwitchboardException;
import io.switchboard.core.result.ResultStream;
import io.switchboard.core.session.ParameterizedSql;
import io.switchboard.core.session.QueryId;
import io.switchboard.engines.testing.EngineTesting;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Statements whose parameters come apart run as prepared statements, one per text and declared
 * types on each connection. A one-connection pool makes what PostgreSQL holds visible from the
 * same session, in {@code pg_prepared_statements}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
final class PostgresPreparedStatementTest {
    private static final int INT4 = 23;

    private Engine engine;

    @BeforeAll
    void start() {
        engine = PostgresTesting.tpchEngine("poolSize: 1\n");
    }

    @AfterAll
    void close() {
        if (engine != null) {
            engine.close();
        }
    }

    @BeforeEach
    void forgetEarlierStatements() {
        // Removes the server's statements behind the connection's back: the adapter must cope.
        EngineTesting.update(engine, "DEALLOCATE ALL");
    }

    @Test
    void parsesOnceAndBindsEachExecution() {
        for (int key = 1; key <= 5; key++) {
            assertThat(run("SELECT n_name FROM nation WHERE n_nationkey = $1", "SELECT n_name FROM nation WHERE n_nationkey = " + key,
                    new int[] {0}, text(Integer.toString(key))))
                    .hasSize(1);
        }
        assertThat(run("SELECT n_name FROM nation WHERE n_nationkey = $1", "SELECT n_name FROM nation WHERE n_nationkey = 0",
                new int[] {0}, text("0")))
                .containsExactly(List.of("ALGERIA"));
        List<List<Object>> prepared = EngineTesting.rows(engine,
                "SELECT statement, custom_plans + generic_plans FROM pg_prepared_statements WHERE name LIKE 'switchboard\\_%'");
        assertThat(prepared).containsExactly(List.of("SELECT n_name FROM nation WHERE n_nationkey = $1", 6L));
    }

    @Test
    void passesDeclaredTypesBinaryValuesAndNulls() {
        byte[] fortyTwo = {0, 0, 0, 42};
        assertThat(run("SELECT $1::int + 1, $2::text IS NULL, pg_typeof($1)::text", "SELECT 42::int + 1, NULL::text IS NULL, pg_typeof(42)::text",
                new int[] {INT4, 0}, new short[] {1, 0}, new byte[][] {fortyTwo, null}))
                .containsExactly(List.of(43, true, "integer"));
        // Another declared type is another statement.
        assertThat(run("SELECT $1::int + 1, $2::text IS NULL, pg_typeof($1)::text", "SELECT '41' + 1, 'x' IS NULL, pg_typeof('41')::text",
                new int[] {0, 0}, new short[] {0, 0}, new byte[][] {bytes("41"), bytes("x")}))
                .containsExactly(List.of(42, false, "integer"));
        assertThat(preparedCount()).isEqualTo(2);
    }

    @Test
    void reparsesAStatementWhoseTableChangedColumns() {
        EngineTesting.update(engine, "DROP TABLE IF EXISTS prepared_test_changes");
        EngineTesting.update(engine, "CREATE TABLE prepared_test_changes (a int)");
        EngineTesting.update(engine, "INSERT INTO prepared_test_changes VALUES (1)");
        String template = "SELECT * FROM prepared_test_changes WHERE a = $1";
        String bound = "SELECT * FROM prepared_test_changes WHERE a = 1";
        assertThat(run(template, bound, new int[] {INT4}, text("1"))).containsExactly(List.of(1));
        EngineTesting.update(engine, "ALTER TABLE prepared_test_changes ADD COLUMN b text DEFAULT 'x'");
        // PostgreSQL refuses the old statement ("cached plan must not change result type"); the adapter parses it again.
        assertThat(run(template, bound, new int[] {INT4}, text("1"))).containsExactly(List.of(1, "x"));
        assertThat(preparedCount()).isEqualTo(1);
        EngineTesting.update(engine, "DROP TABLE prepared_test_changes");
    }

    @Test
    void parsesAgainAfterTheServerForgotItsStatements() {
        String template = "SELECT $1::int * 2";
        assertThat(run(template, "SELECT 3::int * 2", new int[] {0}, text("3"))).containsExactly(List.of(6));
        EngineTesting.update(engine, "DEALLOCATE ALL");
        assertThat(run(template, "SELECT 4::int * 2", new int[] {0}, text("4"))).containsExactly(List.of(8));
        assertThat(preparedCount()).isEqualTo(1);
    }

    @Test
    void takesAnotherNameWhenAnApplicationUsesItsNext() {
        assertThat(run("SELECT $1::int + 100", "SELECT 1::int + 100", new int[] {0}, text("1"))).containsExactly(List.of(101));
        String latest = (String) EngineTesting.single(engine, "SELECT name FROM pg_prepared_statements WHERE name LIKE 'switchboard\\_%'");
        int next = Integer.parseInt(latest.substring(PgBackendConnection.PREPARED_NAME_PREFIX.length())) + 1;
        // An application's own statement holds the name the adapter would take next.
        EngineTesting.update(engine, "PREPARE switchboard_" + next + " AS SELECT 1");
        assertThat(run("SELECT $1::int - 1", "SELECT 10::int - 1", new int[] {0}, text("10"))).containsExactly(List.of(9));
        assertThat(EngineTesting.single(engine, "SELECT statement FROM pg_prepared_statements WHERE name = 'switchboard_" + next + "'"))
                .isEqualTo("PREPARE switchboard_" + next + " AS SELECT 1");
    }

    @Test
    void keepsNoStatementForAParseThatFailed() {
        assertThatThrownBy(() -> run("SELEC $1", "SELEC 1", new int[] {0}, text("1")))
                .isInstanceOf(SwitchboardException.class)
                .hasMessageContaining("syntax error");
        assertThat(preparedCount()).isZero();
        assertThat(run("SELECT $1::int", "SELECT 1::int", new int[] {0}, text("1"))).containsExactly(List.of(1));
    }

    @Test
    void keepsTheStatementWhenOnlyAValueWasWrong() {
        String template = "SELECT n_name FROM nation WHERE n_nationkey = $1";
        assertThatThrownBy(() -> run(template, "SELECT n_name FROM nation WHERE n_nationkey = 'abc'", new int[] {0}, text("abc")))
                .isInstanceOf(SwitchboardException.class)
                .hasMessageContaining("invalid input syntax for type bigint");
        assertThat(preparedCount()).isEqualTo(1);
        assertThat(run(template, "SELECT n_name FROM nation WHERE n_nationkey = 1", new int[] {0}, text("1")))
                .containsExactly(List.of("ARGENTINA"));
        assertThat(preparedCount()).isEqualTo(1);
    }

    @Test
    void keepsAtMostItsLimitOfStatementsPerConnection() {
        int distinct = PgBackendConnection.PREPARED_STATEMENTS + 10;
        for (int i = 0; i < distinct; i++) {
            assertThat(run("SELECT $1::int + " + i, "SELECT 1::int + " + i, new int[] {0}, text("1"))).containsExactly(List.of(1 + i));
        }
        assertThat(preparedCount()).isEqualTo(PgBackendConnection.PREPARED_STATEMENTS);
        // The least recently used went first: the latest ones are still there.
        assertThat(EngineTesting.single(engine, "SELECT count(*) FROM pg_prepared_statements WHERE statement = 'SELECT $1::int + "
                + (distinct - 1) + "'")).isEqualTo(1L);
        assertThat(EngineTesting.single(engine, "SELECT count(*) FROM pg_prepared_statements WHERE statement = 'SELECT $1::int + 0'"))
                .isEqualTo(0L);
    }

    private List<List<Object>> run(String template, String bound, int[] types, byte[] value) {
        return run(template, bound, types, new short[] {0}, new byte[][] {value});
    }

    private List<List<Object>> run(String template, String bound, int[] types, short[] formats, byte[][] values) {
        EngineQuery query = new EngineQuery(QueryId.next(), bound, EngineTesting.SESSION, Duration.ZERO,
                new ParameterizedSql(template, types, formats, values));
        try (ResultStream stream = engine.execute(query)) {
            return EngineTesting.drain(stream);
        }
    }

    private long preparedCount() {
        return (Long) EngineTesting.single(engine, "SELECT count(*) FROM pg_prepared_statements WHERE name LIKE 'switchboard\\_%'");
    }

    private static byte[] text(String value) {
        return bytes(value);
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
