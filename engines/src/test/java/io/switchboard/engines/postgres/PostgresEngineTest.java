package io.switchboard.engines.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.core.engine.Engine;
import io.switchboard.core.engine.EngineType;
import io.switchboard.core.engine.StatementDescription;
import io.switchboard.core.error.ErrorCode;
import io.switchboard.core.error.SwitchboardException;
import io.switchboard.core.result.Column;
import io.switchboard.core.result.ResultStream;
import io.switchboard.core.result.RowBatch;
import io.switchboard.core.sql.Dialect;
import io.switchboard.core.types.DataType;
import io.switchboard.core.types.TypeKind;
import io.switchboard.engines.testing.EngineTesting;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Streaming, describe, errors, session settings and health of a PostgreSQL cluster. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
final class PostgresEngineTest {
    private Engine engine;

    @BeforeAll
    void start() {
        engine = PostgresTesting.tpchEngine("batchSize: 500\npoolSize: 4\n");
    }

    @AfterAll
    void close() {
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void isAPostgresClusterInThePostgresDialect() {
        assertThat(engine.type()).isEqualTo(EngineType.POSTGRES);
        assertThat(engine.dialect()).isEqualTo(Dialect.POSTGRES);
        assertThat(engine.checkHealth().healthy()).isTrue();
    }

    @Test
    void streamsInBatchesWithTheServerHeldBackByTheReader() {
        String marker = "stream-" + UUID.randomUUID();
        try (ResultStream stream = engine.execute(EngineTesting.query(
                "SELECT g, '" + marker + "' FROM generate_series(1, 5000000) AS g"))) {
            RowBatch first = stream.nextBatch();
            assertThat(first.size()).isEqualTo(500);
            assertThat(first.rows().get(0)[0]).isEqualTo(1);
            assertThat(stream.nextBatch().rows().get(0)[0]).isEqualTo(501);
            // The rest waits on the server: its backend is blocked writing to a reader that does not read.
            EngineTesting.awaitTrue("PostgreSQL to wait for the reader", java.time.Duration.ofSeconds(10),
                    () -> PostgresTesting.sessionsWaitingForTheClient(marker) == 1);
        }
        EngineTesting.awaitTrue("the statement to end", java.time.Duration.ofSeconds(10),
                () -> PostgresTesting.sessionsRunning(marker, "idle in transaction", "active") == 0);
    }

    @Test
    void saysItIsExhaustedOnceTheLastBatchWasRead() {
        try (ResultStream stream = engine.execute(EngineTesting.query("SELECT g FROM generate_series(1, 1200) AS g"))) {
            assertThat(stream.exhausted()).isFalse();
            assertThat(stream.nextBatch().size()).isEqualTo(500);
            assertThat(stream.exhausted()).isFalse();
            assertThat(stream.nextBatch().size()).isEqualTo(500);
            // The last batch is short: the engine saw the end while reading it.
            assertThat(stream.nextBatch().size()).isEqualTo(200);
            assertThat(stream.exhausted()).isTrue();
            assertThat(stream.nextBatch()).isNull();
        }
    }

    @Test
    void reportsUpdateCountsAndCommitsStatementsThatReturnNoRows() {
        EngineTesting.update(engine, "DROP TABLE IF EXISTS engine_test_counts");
        EngineTesting.update(engine, "CREATE TABLE engine_test_counts (x int)");
        assertThat(EngineTesting.update(engine, "INSERT INTO engine_test_counts SELECT generate_series(1, 3)")).isEqualTo(3);
        assertThat(EngineTesting.update(engine, "UPDATE engine_test_counts SET x = x WHERE x > 1")).isEqualTo(2);
        // WITH ... RETURNING streams its rows, and its write is committed at the end.
        assertThat(EngineTesting.rows(engine, "WITH d AS (DELETE FROM engine_test_counts WHERE x = 1 RETURNING x) SELECT x FROM d"))
                .containsExactly(List.of(1));
        assertThat(EngineTesting.single(engine, "SELECT count(*) FROM engine_test_counts")).isEqualTo(2L);
        // Statements that refuse to run in a transaction block run: each statement is its own implicit transaction.
        assertThat(EngineTesting.update(engine, "VACUUM engine_test_counts")).isZero();
        EngineTesting.update(engine, "DROP TABLE engine_test_counts");
    }

    @Test
    void describesWithoutExecuting() {
        EngineTesting.update(engine, "DROP TABLE IF EXISTS engine_test_describe");
        EngineTesting.update(engine, "CREATE TABLE engine_test_describe (x int)");
        StatementDescription insert = engine.describe(EngineTesting.query("INSERT INTO engine_test_describe VALUES ($1)"));
        assertThat(insert.columns()).isEmpty();
        assertThat(insert.parameterTypes()).extracting(DataType::kind).containsExactly(TypeKind.INTEGER);
        assertThat(EngineTesting.single(engine, "SELECT count(*) FROM engine_test_describe")).isEqualTo(0L);

        StatementDescription select = engine.describe(EngineTesting.query(
                "SELECT l_orderkey, l_extendedprice, l_shipdate FROM lineitem WHERE l_orderkey = ? AND l_comment LIKE ?"));
        assertThat(select.columns()).extracting(Column::name).containsExactly("l_orderkey", "l_extendedprice", "l_shipdate");
        assertThat(select.columns()).extracting(column -> column.type().kind())
                .containsExactly(TypeKind.BIGINT, TypeKind.DECIMAL, TypeKind.DATE);
        assertThat(select.columns().get(1).type().precision()).isEqualTo(15);
        assertThat(select.parameterTypes()).extracting(DataType::kind).containsExactly(TypeKind.BIGINT, TypeKind.VARCHAR);

        StatementDescription repeated = engine.describe(EngineTesting.query(
                "SELECT n_name FROM nation WHERE n_regionkey = $2 OR n_nationkey = $1 OR n_regionkey = $2"));
        assertThat(repeated.parameterTypes()).extracting(DataType::kind).containsExactly(TypeKind.BIGINT, TypeKind.BIGINT);
        assertThat(repeated.columns()).extracting(Column::name).containsExactly("n_name");
        EngineTesting.update(engine, "DROP TABLE engine_test_describe");
    }

    @Test
    void passesPostgresErrorsOnWithTheirSqlState() {
        assertThatThrownBy(() -> EngineTesting.rows(engine, "SELEC 1"))
                .isInstanceOfSatisfying(SwitchboardException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.SYNTAX_ERROR);
                    assertThat(e.sqlState()).contains("42601");
                    assertThat(e.getMessage()).startsWith("syntax error at or near \"SELEC\"");
                });
        assertThatThrownBy(() -> EngineTesting.rows(engine, "SELECT * FROM no_such_table"))
                .isInstanceOfSatisfying(SwitchboardException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.TABLE_NOT_FOUND);
                    assertThat(e.sqlState()).contains("42P01");
                    assertThat(e.getMessage()).isEqualTo("relation \"no_such_table\" does not exist");
                });
        assertThatThrownBy(() -> EngineTesting.rows(engine, "SELECT no_such_column FROM nation"))
                .isInstanceOfSatisfying(SwitchboardException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.COLUMN_NOT_FOUND));
        // Raised while rows stream, on a later fetch: the stream reports it and the pool keeps working.
        assertThatThrownBy(() -> EngineTesting.rows(engine, "SELECT 1 / (g - 1000) FROM generate_series(1, 2000) AS g"))
                .isInstanceOfSatisfying(SwitchboardException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.DIVISION_BY_ZERO);
                    assertThat(e.sqlState()).contains("22012");
                });
        assertThatThrownBy(() -> EngineTesting.rows(engine, "SELECT 'a\u0000b'"))
                .isInstanceOfSatisfying(SwitchboardException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
                    assertThat(e.sqlState()).contains("22021");
                });
        // A row bigger than the adapter reads into memory fails its query, not the process.
        assertThatThrownBy(() -> EngineTesting.rows(engine, "SELECT repeat('x', 80 * 1024 * 1024)"))
                .isInstanceOfSatisfying(SwitchboardException.class, e -> {
                    assertThat(e.sqlState()).contains("54000");
                    assertThat(e.getMessage()).contains("larger than Switchboard reads from PostgreSQL");
                });
        assertThat(EngineTesting.single(engine, "SELECT 1")).isEqualTo(1);
    }

    @Test
    void appliesSessionPropertiesAndSchemaToEveryConnection() {
        EngineTesting.update(engine, "CREATE SCHEMA IF NOT EXISTS engine_test_schema");
        EngineTesting.update(engine, "CREATE TABLE IF NOT EXISTS engine_test_schema.only_here (x int)");
        try (Engine configured = PostgresTesting.tpchEngine(
                "schema: engine_test_schema\nsessionProperties:\n  work_mem: 7MB\n  application_name: \"it's me\"\n")) {
            assertThat(EngineTesting.single(configured, "SHOW work_mem")).isEqualTo("7MB");
            assertThat(EngineTesting.single(configured, "SELECT current_setting('application_name')")).isEqualTo("it's me");
            assertThat(EngineTesting.single(configured, "SELECT count(*) FROM only_here")).isEqualTo(0L);
        }
        EngineTesting.update(engine, "DROP SCHEMA engine_test_schema CASCADE");
    }

    @Test
    void explainsWithoutRunning() {
        assertThat(engine.explain(EngineTesting.query("SELECT count(*) FROM lineitem"))).contains("Seq Scan on lineitem");
    }

    @Test
    void closingTheEngineStopsItsOpenStreams() {
        String marker = "engine-close-" + UUID.randomUUID();
        Engine closing = PostgresTesting.tpchEngine("batchSize: 10\n");
        ResultStream stream = closing.execute(EngineTesting.query("SELECT g, '" + marker + "' FROM generate_series(1, 1000000) AS g"));
        stream.nextBatch();
        closing.close();
        assertThatThrownBy(stream::nextBatch).isInstanceOfSatisfying(SwitchboardException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.ENGINE_UNAVAILABLE));
        stream.close();
        assertThatThrownBy(() -> closing.execute(EngineTesting.query("SELECT 1")))
                .isInstanceOfSatisfying(SwitchboardException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.ENGINE_UNAVAILABLE));
        assertThat(closing.checkHealth().healthy()).isFalse();
        EngineTesting.awaitTrue("PostgreSQL to end the closed engine's session", java.time.Duration.ofSeconds(20),
                () -> PostgresTesting.sessionsRunning(marker, "active", "idle in transaction") == 0);
    }
}
