package io.switchboard.engines.clickhouse;

import static io.switchboard.engines.testing.EngineTesting.eventually;
import static io.switchboard.engines.testing.EngineTesting.query;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.core.engine.EngineQuery;
import io.switchboard.core.engine.HealthStatus;
import io.switchboard.core.engine.StatementDescription;
import io.switchboard.core.error.ErrorCode;
import io.switchboard.core.error.SwitchboardException;
import io.switchboard.core.result.Column;
import io.switchboard.core.result.ResultStream;
import io.switchboard.core.session.FrontendProtocol;
import io.switchboard.core.session.QueryId;
import io.switchboard.core.session.Session;
import io.switchboard.core.types.DataType;
import io.switchboard.core.types.TypeKind;
import io.switchboard.engines.testing.EngineTesting;
import io.switchboard.testkit.clickhouse.ClickHouseServer;
import io.switchboard.testkit.process.FreePorts;
import io.switchboard.testkit.process.TcpProxy;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The ClickHouse engine against a real ClickHouse 18.16: streaming, describe, cancellation and
 * timeouts seen in ClickHouse's own {@code system.processes}, errors, credentials and settings,
 * and a server that goes down and comes back.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
final class ClickHouseEngineTest {
    /**
     * Counts through 10^11 numbers: minutes of work unless it is stopped. ClickHouse sends
     * nothing until an aggregation is done, so {@code execute} waits all that time: only an
     * interrupt or the timeout reach it.
     */
    private static final String ENDLESS = "SELECT count() FROM numbers(100000000000) WHERE number = 7";
    /** Streams 10^11 rows: ClickHouse keeps writing as long as the client reads. */
    private static final String ENDLESS_STREAM = "SELECT number FROM numbers(100000000000)";
    private static final Duration BOUND = Duration.ofSeconds(60);

    private ClickHouseEngine engine;
    private ClickHouseServer server;

    @BeforeAll
    void start() {
        server = ClickHouseTesting.server();
        engine = ClickHouseTesting.engine("batchSize: 1000\n");
    }

    @AfterAll
    void stop() {
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void streamsALargeResultInBatches() {
        try (ResultStream stream = engine.execute(query("SELECT l_orderkey, l_linenumber, l_comment FROM lineitem"))) {
            assertThat(stream.columns()).extracting(Column::name).containsExactly("l_orderkey", "l_linenumber", "l_comment");
            assertThat(stream.columns()).extracting(column -> column.type().kind())
                    .containsExactly(TypeKind.BIGINT, TypeKind.INTEGER, TypeKind.VARCHAR);
            int batches = 0;
            long rows = 0;
            for (var batch = stream.nextBatch(); batch != null; batch = stream.nextBatch()) {
                assertThat(batch.size()).isLessThanOrEqualTo(1000);
                batches++;
                rows += batch.size();
            }
            assertThat(rows).isEqualTo(60_175);
            assertThat(batches).isEqualTo(61);
        }
    }

    @Test
    void describesWithoutRunning() {
        String marker = marker();
        StatementDescription description = engine.describe(query(
                "SELECT n_name, n_regionkey * 2 AS doubled, '" + marker + "' AS m FROM nation WHERE n_nationkey = ?"));
        assertThat(description.columns()).extracting(Column::name).containsExactly("n_name", "doubled", "m");
        assertThat(description.columns()).extracting(column -> column.type().kind())
                .containsExactly(TypeKind.VARCHAR, TypeKind.BIGINT, TypeKind.VARCHAR);
        assertThat(description.parameterTypes()).containsExactly(DataType.UNKNOWN);
        assertThat(engine.describe(query("INSERT INTO nation VALUES (1, 'x', 1, 'y')")).columns()).isEmpty();
    }

    @Test
    void cancelKillsAStreamingQueryInClickHouse() throws Exception {
        String marker = marker();
        ResultStream stream = engine.execute(query(ENDLESS_STREAM + " WHERE '" + marker + "' != ''"));
        try {
            assertThat(stream.nextBatch().size()).isEqualTo(1000);
            assertThat(running(marker)).as("the query runs in ClickHouse").isTrue();
            Thread canceller = Thread.ofPlatform().start(stream::cancel);
            assertThat(canceller.join(BOUND)).isTrue();
            assertThatThrownBy(stream::nextBatch).isInstanceOfSatisfying(SwitchboardException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.QUERY_CANCELED);
                assertThat(e.sqlState()).contains("57014");
            });
        } finally {
            stream.close();
        }
        assertThat(eventually(BOUND, () -> !running(marker))).as("ClickHouse no longer runs the query").isTrue();
    }

    @Test
    void interruptingTheCallerKillsTheQuery() throws Exception {
        String marker = marker();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread caller = Thread.ofVirtual().start(() -> {
            try (ResultStream stream = engine.execute(query(ENDLESS + " AND '" + marker + "' != ''"))) {
                EngineTesting.drain(stream);
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        assertThat(eventually(BOUND, () -> running(marker))).isTrue();
        caller.interrupt();
        assertThat(caller.join(BOUND)).isTrue();
        assertThat(failure.get()).isInstanceOfSatisfying(SwitchboardException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.QUERY_CANCELED));
        assertThat(eventually(BOUND, () -> !running(marker))).isTrue();
    }

    @Test
    void aTimeoutKillsTheQuery() {
        String marker = marker();
        assertThatThrownBy(() -> {
            try (ResultStream stream = engine.execute(query(ENDLESS + " AND '" + marker + "' != ''", Duration.ofSeconds(2)))) {
                EngineTesting.drain(stream);
            }
        }).isInstanceOfSatisfying(SwitchboardException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.QUERY_TIMEOUT));
        assertThat(eventually(BOUND, () -> !running(marker))).isTrue();
    }

    @Test
    void errorsCarryCodeSqlStateAndClickHousesMessage() {
        assertThatThrownBy(() -> EngineTesting.rows(engine, "SELECT * FROM no_such_table"))
                .isInstanceOfSatisfying(SwitchboardException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.TABLE_NOT_FOUND);
                    assertThat(e.sqlState()).contains("42P01");
                    assertThat(e.getMessage()).contains("no_such_table").contains("ClickHouse code 60");
                });
        assertThatThrownBy(() -> EngineTesting.rows(engine, "SELEC 1"))
                .isInstanceOfSatisfying(SwitchboardException.class, e -> assertThat(e.sqlState()).contains("42601"));
        assertThatThrownBy(() -> EngineTesting.rows(engine, "SELECT n_nope FROM nation"))
                .isInstanceOfSatisfying(SwitchboardException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.COLUMN_NOT_FOUND));
        assertThatThrownBy(() -> EngineTesting.rows(engine, "SELECT intDiv(1, 0)"))
                .isInstanceOfSatisfying(SwitchboardException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.DIVISION_BY_ZERO));
    }

    @Test
    void anErrorAfterRowsStartedIsReported() {
        // throwIf fails at row 500000, after ClickHouse has sent earlier blocks with HTTP 200.
        assertThatThrownBy(() -> EngineTesting.rows(engine,
                "SELECT number, throwIf(number = 500000) FROM numbers(1000000) SETTINGS max_block_size = 1000"))
                .isInstanceOfSatisfying(SwitchboardException.class, e -> assertThat(e.getMessage()).contains("throwIf"));
    }

    @Test
    void credentialsDatabaseAndSettingsAreSent() {
        try (ClickHouseEngine configured = ClickHouseTesting.engineAt(server.endpoint(),
                "user: " + ClickHouseServer.USER + "\npassword: " + ClickHouseServer.PASSWORD + "\nsettings:\n  max_threads: 3\n")) {
            assertThat(EngineTesting.rows(configured, "SELECT value FROM system.settings WHERE name = 'max_threads'"))
                    .containsExactly(List.of("3"));
            Session session = Session.builder("carol", FrontendProtocol.INTERNAL).database("tpch").build();
            try (ResultStream stream = configured.execute(new EngineQuery(QueryId.next(), "SELECT count() FROM region",
                    session, Duration.ZERO))) {
                assertThat(EngineTesting.drain(stream)).containsExactly(List.of(new BigDecimal(5)));
            }
        }
        try (ClickHouseEngine wrong = ClickHouseTesting.engineAt(server.endpoint(),
                "user: " + ClickHouseServer.USER + "\npassword: not-the-password\n")) {
            assertThatThrownBy(() -> EngineTesting.rows(wrong, "SELECT 1"))
                    .isInstanceOfSatisfying(SwitchboardException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.AUTHENTICATION_FAILED);
                        assertThat(e.getMessage()).doesNotContain("not-the-password");
                    });
            assertThat(wrong.checkHealth().healthy()).isFalse();
        }
    }

    @Test
    void aServerThatIsDownFailsFastAndIsUnhealthyUntilItIsBack() {
        try (TcpProxy proxy = new TcpProxy(server.httpPort());
                ClickHouseEngine throughProxy = ClickHouseTesting.engineAt("http://127.0.0.1:" + proxy.port(),
                        "database: tpch\nconnectTimeout: 2s\nhealthTimeout: 3s\n")) {
            assertThat(throughProxy.checkHealth().healthy()).isTrue();
            proxy.stop();
            HealthStatus down = throughProxy.checkHealth();
            assertThat(down.healthy()).isFalse();
            assertThatThrownBy(() -> EngineTesting.rows(throughProxy, "SELECT 1"))
                    .isInstanceOfSatisfying(SwitchboardException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.ENGINE_UNAVAILABLE);
                        assertThat(e.getMessage()).contains("127.0.0.1:" + proxy.port());
                    });
            proxy.start();
            assertThat(eventually(BOUND, () -> throughProxy.checkHealth().healthy())).isTrue();
            assertThat(EngineTesting.single(throughProxy, "SELECT count() FROM nation")).isEqualTo(new BigDecimal(25));
        }
    }

    @Test
    void nothingListeningIsUnavailable() {
        try (ClickHouseEngine nowhere = ClickHouseTesting.engineAt("http://127.0.0.1:" + FreePorts.next(), "connectTimeout: 2s\n")) {
            assertThatThrownBy(() -> EngineTesting.rows(nowhere, "SELECT 1"))
                    .isInstanceOfSatisfying(SwitchboardException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.ENGINE_UNAVAILABLE);
                        assertThat(e.sqlState()).contains("08001");
                    });
            assertThat(nowhere.checkHealth().healthy()).isFalse();
        }
    }

    @Test
    void statementsWithoutRowsHaveNoColumns() {
        String table = "default.t_" + UUID.randomUUID().toString().replace("-", "");
        try (ResultStream created = engine.execute(query("CREATE TABLE " + table + " (x Int64) ENGINE = Memory"))) {
            assertThat(created.columns()).isEmpty();
            assertThat(created.nextBatch()).isNull();
        }
        try (ResultStream inserted = engine.execute(query("INSERT INTO " + table + " VALUES (1), (2), (3)"))) {
            assertThat(inserted.columns()).isEmpty();
        }
        assertThat(EngineTesting.single(engine, "SELECT sum(x) FROM " + table)).isEqualTo(6L);
        EngineTesting.rows(engine, "DROP TABLE " + table);
    }

    @Test
    void closingTheEngineKillsItsRunningQueries() {
        String marker = marker();
        ClickHouseEngine closing = ClickHouseTesting.engine("");
        ResultStream stream = closing.execute(query(ENDLESS_STREAM + " WHERE '" + marker + "' != ''"));
        assertThat(stream.nextBatch()).isNotNull();
        closing.close();
        assertThatThrownBy(stream::nextBatch).isInstanceOfSatisfying(SwitchboardException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.ENGINE_UNAVAILABLE));
        stream.close();
        assertThat(eventually(BOUND, () -> !running(marker))).isTrue();
        assertThat(closing.checkHealth().healthy()).isFalse();
    }

    private static String marker() {
        return "sb_" + UUID.randomUUID().toString().replace("-", "");
    }

    private boolean running(String marker) {
        return !server.query("SELECT query_id FROM system.processes WHERE query LIKE '%" + marker
                + "%' AND query NOT LIKE '%system.processes%'").isBlank();
    }
}
