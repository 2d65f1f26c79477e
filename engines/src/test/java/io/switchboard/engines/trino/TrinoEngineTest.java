package io.switchboard.engines.trino;

import static io.switchboard.engines.testing.EngineTesting.eventually;
import static io.switchboard.engines.testing.EngineTesting.query;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
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
import io.switchboard.testkit.process.FreePorts;
import io.switchboard.testkit.process.TcpProxy;
import io.switchboard.testkit.trino.TrinoServer;
import io.switchboard.testkit.trino.TrinoStatements;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The Trino engine against a real Trino: streaming in pages, describe without running,
 * cancellation and timeouts seen in Trino's own {@code system.runtime.queries}, errors with codes
 * and SQLSTATEs, session settings sent as headers, and a cluster that goes down and comes back.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
final class TrinoEngineTest {
    /** Generates TPC-H at scale 1000 row by row: hours of work unless it is stopped. */
    private static final String ENDLESS = "SELECT count(*) FROM tpch.sf1000.lineitem WHERE l_comment LIKE '%never%'";
    private static final Duration BOUND = Duration.ofSeconds(60);

    private TrinoEngine engine;
    private TrinoStatements trino;

    @BeforeAll
    void start() {
        engine = TrinoTesting.engine("");
        trino = TrinoTesting.server().statements();
    }

    @AfterAll
    void stop() {
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void streamsALargeResultInSeveralBatches() {
        try (ResultStream stream = engine.execute(query("SELECT l_orderkey, l_linenumber, l_comment FROM lineitem"))) {
            assertThat(stream.columns()).extracting(Column::name).containsExactly("l_orderkey", "l_linenumber", "l_comment");
            int batches = 0;
            long rows = 0;
            for (var batch = stream.nextBatch(); batch != null; batch = stream.nextBatch()) {
                batches++;
                rows += batch.size();
            }
            assertThat(rows).isEqualTo(60_175);
            assertThat(batches).as("pages arrive as separate batches").isGreaterThan(1);
        }
    }

    @Test
    void describesWithoutRunning() {
        StatementDescription description = engine.describe(query(
                "SELECT n_name, n_regionkey * 2 AS doubled FROM nation WHERE n_nationkey = ? AND n_name <> ?"));
        assertThat(description.columns()).extracting(Column::name).containsExactly("n_name", "doubled");
        assertThat(description.columns().get(0).type().kind()).isEqualTo(TypeKind.VARCHAR);
        assertThat(description.columns().get(0).type().precision()).isEqualTo(25);
        assertThat(description.columns().get(1).type().kind()).isEqualTo(TypeKind.BIGINT);
        assertThat(description.parameterTypes()).extracting(DataType::kind).containsExactly(TypeKind.BIGINT, TypeKind.VARCHAR);
    }

    @Test
    void describingDoesNotRunTheStatement() {
        String marker = "describe_" + UUID.randomUUID().toString().replace("-", "");
        engine.describe(query("SELECT count(*) AS " + marker + " FROM tpch.sf1000.lineitem"));
        List<List<JsonNode>> ran = trino.query("SELECT query_id FROM system.runtime.queries WHERE query LIKE '%"
                + marker + "%' AND query NOT LIKE '%system.runtime.queries%' AND query NOT LIKE 'DESCRIBE%'");
        assertThat(ran).isEmpty();
    }

    @Test
    void cancelStopsTheQueryInTrino() throws Exception {
        String marker = marker();
        ResultStream stream = engine.execute(query(ENDLESS + " AND '" + marker + "' <> ''"));
        try {
            assertThat(eventually(BOUND, () -> "RUNNING".equals(state(marker)))).as("the query runs in Trino").isTrue();
            Thread canceller = Thread.ofPlatform().start(stream::cancel);
            assertThatThrownBy(stream::nextBatch).isInstanceOfSatisfying(SwitchboardException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.QUERY_CANCELED);
                assertThat(e.sqlState()).contains("57014");
            });
            assertThat(canceller.join(BOUND)).isTrue();
        } finally {
            stream.close();
        }
        assertThat(eventually(BOUND, () -> "FAILED".equals(state(marker)))).as("Trino failed the query").isTrue();
        assertThat(errorCode(marker)).isEqualTo("USER_CANCELED");
    }

    @Test
    void interruptingTheCallerCancelsTheQueryInTrino() throws Exception {
        String marker = marker();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread caller = Thread.ofVirtual().start(() -> {
            try (ResultStream stream = engine.execute(query(ENDLESS + " AND '" + marker + "' <> ''"))) {
                EngineTesting.drain(stream);
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        assertThat(eventually(BOUND, () -> "RUNNING".equals(state(marker)))).isTrue();
        caller.interrupt();
        assertThat(caller.join(BOUND)).isTrue();
        assertThat(failure.get()).isInstanceOfSatisfying(SwitchboardException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.QUERY_CANCELED));
        assertThat(eventually(BOUND, () -> "FAILED".equals(state(marker)))).isTrue();
        assertThat(errorCode(marker)).isEqualTo("USER_CANCELED");
    }

    @Test
    void aTimeoutCancelsTheQueryInTrino() {
        String marker = marker();
        assertThatThrownBy(() -> {
            try (ResultStream stream = engine.execute(query(ENDLESS + " AND '" + marker + "' <> ''", Duration.ofSeconds(2)))) {
                EngineTesting.drain(stream);
            }
        }).isInstanceOfSatisfying(SwitchboardException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.QUERY_TIMEOUT);
            assertThat(e.getMessage()).contains("timeout of 2000 ms");
        });
        assertThat(eventually(BOUND, () -> "FAILED".equals(state(marker)))).isTrue();
        assertThat(errorCode(marker)).isEqualTo("USER_CANCELED");
    }

    @Test
    void closingBeforeTheEndCancelsTheQueryInTrino() {
        String marker = marker();
        try (ResultStream stream = engine.execute(query(ENDLESS + " AND '" + marker + "' <> ''"))) {
            assertThat(stream.columns()).hasSize(1);
            assertThat(eventually(BOUND, () -> "RUNNING".equals(state(marker)))).isTrue();
        }
        assertThat(eventually(BOUND, () -> "FAILED".equals(state(marker)))).isTrue();
    }

    @Test
    void errorsCarryCodeSqlStateAndTrinosMessage() {
        assertThatThrownBy(() -> EngineTesting.rows(engine, "SELECT * FROM no_such_table"))
                .isInstanceOfSatisfying(SwitchboardException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.TABLE_NOT_FOUND);
                    assertThat(e.sqlState()).contains("42P01");
                    assertThat(e.getMessage()).contains("no_such_table").contains("TABLE_NOT_FOUND");
                });
        assertThatThrownBy(() -> EngineTesting.rows(engine, "SELEC 1"))
                .isInstanceOfSatisfying(SwitchboardException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.SYNTAX_ERROR);
                    assertThat(e.sqlState()).contains("42601");
                });
        assertThatThrownBy(() -> EngineTesting.rows(engine, "SELECT n_nope FROM nation"))
                .isInstanceOfSatisfying(SwitchboardException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.COLUMN_NOT_FOUND));
        assertThatThrownBy(() -> EngineTesting.rows(engine, "SELECT 1 / (n_nationkey - n_nationkey) FROM nation"))
                .isInstanceOfSatisfying(SwitchboardException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.DIVISION_BY_ZERO);
                    assertThat(e.sqlState()).contains("22012");
                });
    }

    @Test
    void sendsSessionPropertiesClientTagsAndTheImpersonatedUser() {
        try (TrinoEngine configured = TrinoTesting.engine("""
                sessionProperties:
                  query_max_run_time: 17m
                clientTags: [nightly]
                impersonation: true
                """)) {
            Session alice = Session.builder("alice", FrontendProtocol.INTERNAL).clientTags(Set.of("dashboard")).build();
            String marker = marker();
            EngineQuery whoAmI = new EngineQuery(QueryId.next(), "SELECT current_user, '" + marker + "'", alice, Duration.ZERO);
            try (ResultStream stream = configured.execute(whoAmI)) {
                assertThat(EngineTesting.drain(stream).get(0).get(0)).isEqualTo("alice");
            }
            List<List<JsonNode>> seen = trino.query("SELECT \"user\", source FROM system.runtime.queries WHERE query LIKE '%"
                    + marker + "%' AND query NOT LIKE '%system.runtime%'");
            assertThat(seen).hasSize(1);
            assertThat(seen.get(0).get(0).asText()).isEqualTo("alice");
            assertThat(seen.get(0).get(1).asText()).isEqualTo("switchboard");
            EngineQuery show = new EngineQuery(QueryId.next(), "SHOW SESSION LIKE 'query_max_run_time'", alice, Duration.ZERO);
            try (ResultStream stream = configured.execute(show)) {
                assertThat(EngineTesting.drain(stream).get(0).get(1)).isEqualTo("17m");
            }
        }
    }

    @Test
    void theSessionsDatabaseIsTheCatalogWhenNoneIsConfigured() {
        try (TrinoEngine unconfigured = TrinoTesting.engineAt(TrinoTesting.server().endpoint(), "")) {
            Session session = Session.builder("bob", FrontendProtocol.INTERNAL).database("tpch.tiny").build();
            try (ResultStream stream = unconfigured.execute(new EngineQuery(QueryId.next(), "SELECT count(*) FROM region",
                    session, Duration.ZERO))) {
                assertThat(EngineTesting.drain(stream)).containsExactly(List.of(5L));
            }
        }
    }

    @Test
    void aClusterThatIsDownFailsFastAndIsUnhealthyUntilItIsBack() {
        try (TcpProxy proxy = new TcpProxy(TrinoTesting.server().baseUri().getPort());
                TrinoEngine throughProxy = TrinoTesting.engineAt("http://127.0.0.1:" + proxy.port(),
                        "catalog: tpch\nschema: tiny\nconnectTimeout: 2s\nhealthTimeout: 3s\n")) {
            assertThat(throughProxy.checkHealth().healthy()).isTrue();
            proxy.stop();
            HealthStatus down = throughProxy.checkHealth();
            assertThat(down.healthy()).isFalse();
            assertThat(down.detail()).contains("SELECT 1 failed");
            assertThatThrownBy(() -> EngineTesting.rows(throughProxy, "SELECT 1"))
                    .isInstanceOfSatisfying(SwitchboardException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.ENGINE_UNAVAILABLE);
                        assertThat(e.getMessage()).contains("127.0.0.1:" + proxy.port());
                    });
            proxy.start();
            assertThat(eventually(BOUND, () -> throughProxy.checkHealth().healthy())).isTrue();
            assertThat(EngineTesting.single(throughProxy, "SELECT count(*) FROM nation")).isEqualTo(25L);
        }
    }

    @Test
    void nothingListeningIsUnavailableWithinTheConnectTimeout() {
        try (TrinoEngine nowhere = TrinoTesting.engineAt("http://127.0.0.1:" + FreePorts.next(), "connectTimeout: 2s\n")) {
            assertThatThrownBy(() -> EngineTesting.rows(nowhere, "SELECT 1"))
                    .isInstanceOfSatisfying(SwitchboardException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.ENGINE_UNAVAILABLE);
                        assertThat(e.sqlState()).contains("08001");
                    });
            assertThat(nowhere.checkHealth().healthy()).isFalse();
        }
    }

    @Test
    void statementsWithoutRowsReportTheirUpdateCount() {
        String table = "memory.default.t_" + UUID.randomUUID().toString().replace("-", "");
        try (ResultStream created = engine.execute(query("CREATE TABLE " + table + " (x bigint)"))) {
            EngineTesting.drain(created);
        }
        try (ResultStream inserted = engine.execute(query("INSERT INTO " + table + " VALUES 1, 2, 3"))) {
            EngineTesting.drain(inserted);
            assertThat(inserted.updateCount()).isEqualTo(3);
        }
        assertThat(EngineTesting.single(engine, "SELECT sum(x) FROM " + table)).isEqualTo(6L);
        try (ResultStream dropped = engine.execute(query("DROP TABLE " + table))) {
            EngineTesting.drain(dropped);
        }
    }

    @Test
    void closingTheEngineStopsItsRunningQueries() {
        String marker = marker();
        TrinoEngine closing = TrinoTesting.engine("");
        ResultStream stream = closing.execute(query(ENDLESS + " AND '" + marker + "' <> ''"));
        assertThat(eventually(BOUND, () -> "RUNNING".equals(state(marker)))).isTrue();
        closing.close();
        assertThatThrownBy(stream::nextBatch).isInstanceOfSatisfying(SwitchboardException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.ENGINE_UNAVAILABLE));
        stream.close();
        assertThat(eventually(BOUND, () -> "FAILED".equals(state(marker)))).isTrue();
        assertThat(closing.checkHealth().healthy()).isFalse();
        assertThatThrownBy(() -> closing.execute(query("SELECT 1"))).isInstanceOfSatisfying(SwitchboardException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.ENGINE_UNAVAILABLE));
    }

    @Test
    void aTrinoStartedElsewhereIsUsedAndLeftRunning() {
        TrinoServer elsewhere = TrinoServer.running(TrinoTesting.server().baseUri());
        assertThat(elsewhere.managed()).isFalse();
        elsewhere.close();
        assertThat(trino.query("SELECT count(*) FROM tpch.tiny.nation").get(0).get(0).asLong()).isEqualTo(25);
    }

    private static String marker() {
        return "sb_" + UUID.randomUUID().toString().replace("-", "");
    }

    private String state(String marker) {
        List<List<JsonNode>> rows = trino.query("SELECT state FROM system.runtime.queries WHERE query LIKE '%" + marker
                + "%' AND query NOT LIKE '%system.runtime.queries%'");
        return rows.size() == 1 ? rows.get(0).get(0).asText() : null;
    }

    private String errorCode(String marker) {
        List<List<JsonNode>> rows = trino.query("SELECT error_code FROM system.runtime.queries WHERE query LIKE '%" + marker
                + "%' AND query NOT LIKE '%system.runtime.queries%'");
        return rows.size() == 1 ? rows.get(0).get(0).asText() : null;
    }
}
