package io.switchboard.engines.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.switchboard.core.engine.EngineEnvironment;
import io.switchboard.core.engine.HealthStatus;
import io.switchboard.core.engine.StatementDescription;
import io.switchboard.core.error.ErrorCode;
import io.switchboard.core.error.SwitchboardException;
import io.switchboard.core.result.Column;
import io.switchboard.core.result.ResultStream;
import io.switchboard.core.result.RowBatch;
import io.switchboard.core.types.DataType;
import io.switchboard.core.types.TypeKind;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Statements, descriptions, health, streaming and the engine's life cycle. */
final class DuckDbEngineTest {
    @TempDir
    Path data;

    @Test
    void reportsUpdateCountsOfDmlAndNoColumns() {
        try (DuckDbEngine engine = DuckDbTesting.engine(data, "")) {
            assertThat(DuckDbTesting.updateCount(engine, "CREATE TABLE birds (id INTEGER PRIMARY KEY, name VARCHAR)"))
                    .isEqualTo(-1);
            assertThat(DuckDbTesting.updateCount(engine, "INSERT INTO birds VALUES (1, 'mallard'), (2, 'teal'), (3, 'eider')"))
                    .isEqualTo(3);
            assertThat(DuckDbTesting.updateCount(engine, "UPDATE birds SET name = upper(name) WHERE id >= 2")).isEqualTo(2);
            assertThat(DuckDbTesting.updateCount(engine, "DELETE FROM birds WHERE id = 1")).isEqualTo(1);
            assertThat(DuckDbTesting.updateCount(engine, "DELETE FROM birds WHERE id = 99")).isZero();
            assertThat(DuckDbTesting.rows(engine, "INSERT INTO birds VALUES (4, 'smew') RETURNING id, name"))
                    .containsExactly(List.of(4, "smew"));
            assertThat(DuckDbTesting.rows(engine, "SELECT id, name FROM birds ORDER BY id"))
                    .containsExactly(List.of(2, "TEAL"), List.of(3, "EIDER"), List.of(4, "smew"));
        }
    }

    @Test
    void describesAStatementWithParametersWithoutRunningIt() {
        try (DuckDbEngine engine = DuckDbTesting.engine(data, "")) {
            DuckDbTesting.updateCount(engine, "CREATE TABLE birds (id INTEGER, name VARCHAR, weight DECIMAL(6,3))");
            DuckDbTesting.updateCount(engine, "INSERT INTO birds VALUES (1, 'mallard', 1.1)");

            StatementDescription select = engine.describe(DuckDbTesting.query(
                    "SELECT name, weight * 2 AS doubled FROM birds WHERE id = $1 AND name <> $2"));
            assertThat(select.parameterTypes()).extracting(DataType::kind).containsExactly(TypeKind.INTEGER, TypeKind.VARCHAR);
            assertThat(select.columns()).extracting(Column::name).containsExactly("name", "doubled");
            assertThat(select.columns()).extracting(column -> column.type().kind())
                    .containsExactly(TypeKind.VARCHAR, TypeKind.DECIMAL);

            StatementDescription questionMarks = engine.describe(DuckDbTesting.query("SELECT id FROM birds WHERE weight > ?"));
            assertThat(questionMarks.parameterTypes()).extracting(DataType::kind).containsExactly(TypeKind.DECIMAL);
            assertThat(questionMarks.columns()).containsExactly(new Column("id", DataType.INTEGER.withEngineTypeName("INTEGER")));

            StatementDescription insert = engine.describe(DuckDbTesting.query("INSERT INTO birds VALUES ($1, $2, $3)"));
            assertThat(insert.columns()).isEmpty();
            assertThat(insert.parameterTypes()).extracting(DataType::kind)
                    .containsExactly(TypeKind.INTEGER, TypeKind.VARCHAR, TypeKind.DECIMAL);

            StatementDescription delete = engine.describe(DuckDbTesting.query("DELETE FROM birds"));
            assertThat(delete.columns()).isEmpty();
            assertThat(delete.parameterTypes()).isEmpty();
            assertThat(DuckDbTesting.single(engine, "SELECT count(*) FROM birds")).as("describe ran nothing").isEqualTo(1L);
        }
    }

    @Test
    void describesColumnsWhoseTypeDependsOnAnUntypedParameter() {
        try (DuckDbEngine engine = DuckDbTesting.engine(data, "")) {
            StatementDescription description = engine.describe(DuckDbTesting.query(
                    "SELECT $1 AS anything, $2::BIGINT + 1 AS next, 'x' AS fixed"));
            assertThat(description.parameterTypes()).extracting(DataType::kind)
                    .containsExactly(TypeKind.UNKNOWN, TypeKind.BIGINT);
            assertThat(description.columns()).extracting(Column::name).containsExactly("anything", "next", "fixed");
            assertThat(description.columns()).extracting(column -> column.type().kind())
                    .containsExactly(TypeKind.UNKNOWN, TypeKind.BIGINT, TypeKind.VARCHAR);
        }
    }

    @Test
    void describeReportsErrorsLikeExecute() {
        try (DuckDbEngine engine = DuckDbTesting.engine(data, "")) {
            assertThatThrownBy(() -> engine.describe(DuckDbTesting.query("SELEC 1")))
                    .isInstanceOfSatisfying(SwitchboardException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.SYNTAX_ERROR);
                        assertThat(e.sqlState()).contains("42601");
                    });
            assertThatThrownBy(() -> engine.describe(DuckDbTesting.query("CREATE TABLE a (i INTEGER); SELECT * FROM a")))
                    .isInstanceOfSatisfying(SwitchboardException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_SUPPORTED));
            assertThatThrownBy(() -> DuckDbTesting.rows(engine, "SELECT * FROM a"))
                    .as("describing two statements created nothing")
                    .isInstanceOfSatisfying(SwitchboardException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.TABLE_NOT_FOUND));
        }
    }

    @Test
    void checksHealthWithARealQueryAndNeverThrows() {
        DuckDbEngine engine = DuckDbTesting.engine(data, "");
        HealthStatus healthy = engine.checkHealth();
        assertThat(healthy.healthy()).isTrue();
        assertThat(healthy.detail()).contains("SELECT 1");
        engine.close();
        HealthStatus closed = engine.checkHealth();
        assertThat(closed.healthy()).isFalse();
        assertThat(closed.detail()).contains("closed");
    }

    @Test
    void streamsTenMillionRowsInBatchesOfBatchSize() {
        try (DuckDbEngine engine = DuckDbTesting.engine(data, "");
                ResultStream stream = engine.execute(DuckDbTesting.query("SELECT * FROM range(10000000)"))) {
            assertThat(stream.columns()).extracting(column -> column.type().kind()).containsExactly(TypeKind.BIGINT);
            long rows = 0;
            long sum = 0;
            long batches = 0;
            int lastSize = -1;
            for (RowBatch batch = stream.nextBatch(); batch != null; batch = stream.nextBatch()) {
                assertThat(lastSize).as("only the last batch may be short").isIn(-1, 1024);
                lastSize = batch.size();
                assertThat(lastSize).isBetween(1, 1024);
                for (Object[] row : batch.rows()) {
                    sum += (Long) row[0];
                }
                rows += lastSize;
                batches++;
            }
            assertThat(rows).isEqualTo(10_000_000L);
            assertThat(sum).isEqualTo(10_000_000L * 9_999_999L / 2);
            assertThat(batches).isEqualTo((10_000_000L + 1023) / 1024);
            assertThat(lastSize).isEqualTo(10_000_000 % 1024);
            assertThat(stream.nextBatch()).as("exhausted stays exhausted").isNull();
        }
    }

    @Test
    void anOpenStreamHoldsNoExecutorThreadBetweenBatches() throws Exception {
        try (DuckDbEngine engine = DuckDbTesting.engine(data, "executorThreads: 1\nbatchSize: 10\n");
                ResultStream slow = engine.execute(DuckDbTesting.query("SELECT * FROM range(1000000)"))) {
            assertThat(slow.nextBatch().size()).isEqualTo(10);
            // With one executor thread, this query can only run if the idle stream above holds none.
            CompletableFuture<Object> other = CompletableFuture.supplyAsync(
                    () -> DuckDbTesting.single(engine, "SELECT 42"), command -> Thread.ofVirtual().start(command));
            assertThat(other.get(60, TimeUnit.SECONDS)).isEqualTo(42);
            assertThat(slow.nextBatch().rows().get(0)[0]).isEqualTo(10L);
        }
    }

    @Test
    void emptyResultsHaveColumnsAndNoBatches() {
        try (DuckDbEngine engine = DuckDbTesting.engine(data, "");
                ResultStream stream = engine.execute(DuckDbTesting.query("SELECT 1 AS one WHERE false"))) {
            assertThat(stream.columns()).extracting(Column::name).containsExactly("one");
            assertThat(stream.nextBatch()).isNull();
            assertThat(stream.updateCount()).isEqualTo(-1);
        }
    }

    @Test
    void eachQueryHasItsOwnSession() {
        try (DuckDbEngine engine = DuckDbTesting.engine(data, "")) {
            DuckDbTesting.updateCount(engine, "CREATE TEMP TABLE scratch AS SELECT 1 AS i");
            assertThatThrownBy(() -> DuckDbTesting.rows(engine, "SELECT * FROM scratch"))
                    .isInstanceOfSatisfying(SwitchboardException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.TABLE_NOT_FOUND));
        }
    }

    @Test
    void aReadOnlyDatabaseAnswersQueriesAndRefusesWrites() {
        try (DuckDbEngine writer = DuckDbTesting.engine(data, "databasePath: shared.duckdb\n")) {
            DuckDbTesting.updateCount(writer, "CREATE TABLE t AS SELECT 7 AS i");
        }
        try (DuckDbEngine reader = DuckDbTesting.engine(data, "databasePath: shared.duckdb\nreadOnly: true\n")) {
            assertThat(DuckDbTesting.single(reader, "SELECT i FROM t")).isEqualTo(7);
            assertThatThrownBy(() -> DuckDbTesting.updateCount(reader, "INSERT INTO t VALUES (8)"))
                    .isInstanceOfSatisfying(SwitchboardException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.READ_ONLY_VIOLATION);
                        assertThat(e.sqlState()).contains("25006");
                        assertThat(e.getMessage()).contains("read-only mode");
                    });
        }
    }

    @Test
    void closingTheEngineStopsOpenStreamsAndRefusesNewWork() {
        DuckDbEngine engine = DuckDbTesting.engine(data, "");
        ResultStream stream = engine.execute(DuckDbTesting.query("SELECT * FROM range(100000000)"));
        assertThat(stream.nextBatch()).isNotNull();
        engine.close();
        assertThatThrownBy(stream::nextBatch).isInstanceOfSatisfying(SwitchboardException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.ENGINE_UNAVAILABLE));
        stream.close();
        assertThatThrownBy(() -> engine.execute(DuckDbTesting.query("SELECT 1")))
                .isInstanceOfSatisfying(SwitchboardException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.ENGINE_UNAVAILABLE));
        assertThatThrownBy(() -> engine.describe(DuckDbTesting.query("SELECT 1")))
                .isInstanceOfSatisfying(SwitchboardException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.ENGINE_UNAVAILABLE));
        engine.close();
    }

    @Test
    void runsJdbcOnNamedPlatformThreadsAndPublishesGauges() {
        MeterRegistry registry = new SimpleMeterRegistry();
        DuckDbEngine engine = (DuckDbEngine) new DuckDbEngineFactory().create(
                DuckDbTesting.cluster("executorThreads: 2\n"), new EngineEnvironment(data, registry));
        try (ResultStream stream = engine.execute(DuckDbTesting.query("SELECT * FROM range(10)"))) {
            assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName).contains("duckdb-c-1");
            assertThat(registry.get("switchboard.engine.streams.open").tag("cluster", io.switchboard.engines.testing.EngineTesting.CLUSTER).gauge().value()).isEqualTo(1.0);
            DuckDbTesting.drain(stream);
        }
        assertThat(registry.get("switchboard.engine.executor.queued").tag("cluster", io.switchboard.engines.testing.EngineTesting.CLUSTER).gauge()).isNotNull();
        engine.close();
        assertThat(registry.find("switchboard.engine.streams.open").gauges()).isEmpty();
    }
}
