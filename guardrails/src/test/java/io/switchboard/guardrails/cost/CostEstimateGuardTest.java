package io.switchboard.guardrails.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.core.engine.Engine;
import io.switchboard.core.error.ErrorCode;
import io.switchboard.core.error.SwitchboardException;
import io.switchboard.core.pipeline.CostEstimate;
import io.switchboard.core.pipeline.GuardVerdict;
import io.switchboard.core.pipeline.QueryContext;
import io.switchboard.core.pipeline.QueryExecution;
import io.switchboard.core.pipeline.QueryRoute;
import io.switchboard.core.pipeline.VerdictAction;
import io.switchboard.core.session.FrontendProtocol;
import io.switchboard.core.session.QueryRequest;
import io.switchboard.core.session.Session;
import io.switchboard.core.sql.Dialect;
import io.switchboard.guardrails.GuardTesting;
import io.switchboard.guardrails.GuardedEngines;
import io.switchboard.testkit.postgres.PostgresServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The guard's fallbacks on real engines (an EXPLAIN that fails or waits on a lock falls back to
 * statistics, then to {@code onNoEstimate}: never a silent allow), and its place in a real
 * pipeline (after routing wherever configured, the estimate attached to the query).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
final class CostEstimateGuardTest {
    private static final String SCAN = "SELECT * FROM lineitem";

    @TempDir
    static Path dataDirectory;

    private GuardedEngines engines;

    @BeforeAll
    void start() {
        engines = new GuardedEngines(dataDirectory, """
                global:
                  - {type: costEstimate, warnAboveRows: 10000, when: {users: [warned]}}
                  - {type: readOnly}
                groups:
                  duck:
                    - {type: costEstimate, denyAboveRows: 10000, when: {users: [denied]}}
                """, true);
    }

    @AfterAll
    void stop() {
        if (engines != null) {
            engines.close();
        }
    }

    private static CostEstimateGuard guard(VerdictAction onNoEstimate, Duration timeout) {
        return new CostEstimateGuard(new CostPolicy(Pricing.DEFAULT, Map.of(), Map.of(), CostPolicy.Limits.NONE,
                CostPolicy.Limits.NONE, CostPolicy.Limits.NONE, onNoEstimate, timeout));
    }

    private static QueryContext routed(String sql, Dialect dialect, Engine engine) {
        return GuardTesting.context(sql, dialect).withAttribute(QueryRoute.ATTRIBUTE,
                new QueryRoute("group", engine.clusterName(), engine, sql));
    }

    @Test
    void aFailingExplainFallsBackToStatistics() {
        Engine broken = new ForwardingEngine(engines.engine("duck"), true, false);
        GuardVerdict verdict = guard(VerdictAction.WARN, Duration.ofSeconds(10)).evaluate(routed(SCAN, Dialect.DUCKDB, broken));
        assertThat(verdict.action()).isEqualTo(VerdictAction.ALLOW);
        assertThat(verdict.details()).containsEntry("estimateSource", "TABLE_STATISTICS").containsEntry("estimatedRows", "60175");
        CostEstimate estimate = verdict.attribute(CostEstimate.ATTRIBUTE).orElseThrow();
        assertThat(estimate.source()).isEqualTo(CostEstimate.Source.TABLE_STATISTICS);
        assertThat(estimate.bytes()).isGreaterThan(60175.0 * 16);
        assertThat(estimate.dollars()).isEqualTo(estimate.bytes() / 1e12 * 5);
    }

    @Test
    void anExplainWaitingOnALockTimesOutAndStatisticsAnswer() throws Exception {
        PostgresServer server = PostgresServer.sharedTpch();
        try (Connection setup = server.connect(PostgresServer.TPCH_DATABASE); Statement statement = setup.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS cost_lock_probe");
            statement.execute("CREATE TABLE cost_lock_probe AS SELECT * FROM lineitem LIMIT 5000");
            statement.execute("ANALYZE cost_lock_probe");
        }
        try (Connection locker = server.connect(PostgresServer.TPCH_DATABASE)) {
            locker.setAutoCommit(false);
            try (Statement lock = locker.createStatement()) {
                // EXPLAIN needs a share lock on the table: it waits behind this one until its timeout.
                lock.execute("LOCK TABLE cost_lock_probe IN ACCESS EXCLUSIVE MODE");
                GuardVerdict verdict = guard(VerdictAction.DENY, Duration.ofSeconds(1))
                        .evaluate(routed("SELECT * FROM cost_lock_probe", Dialect.POSTGRES, engines.engine("pg")));
                assertThat(verdict.action()).as("%s", verdict).isEqualTo(VerdictAction.ALLOW);
                assertThat(verdict.details()).containsEntry("estimateSource", "TABLE_STATISTICS").containsEntry("estimatedRows", "5000");
                assertThat(waitingExplains(server)).as("the timed-out EXPLAIN was canceled on the server").isZero();
            } finally {
                locker.rollback();
            }
        } finally {
            try (Connection cleanup = server.connect(PostgresServer.TPCH_DATABASE); Statement statement = cleanup.createStatement()) {
                statement.execute("DROP TABLE IF EXISTS cost_lock_probe");
            }
        }
    }

    /** EXPLAINs of the probe table still on the server, after a bounded wait for the cancel to land. */
    private static int waitingExplains(PostgresServer server) throws SQLException, InterruptedException {
        Instant deadline = Instant.now().plusSeconds(10);
        while (true) {
            try (Connection connection = server.connect(PostgresServer.TPCH_DATABASE); Statement statement = connection.createStatement();
                    ResultSet result = statement.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE pid <> pg_backend_pid() "
                            + "AND query LIKE 'EXPLAIN%cost_lock_probe%' AND state = 'active'")) {
                result.next();
                int count = result.getInt(1);
                if (count == 0 || Instant.now().isAfter(deadline)) {
                    return count;
                }
            }
            Thread.sleep(50);
        }
    }

    @Test
    void withoutPlanOrStatisticsTheConfiguredDefaultApplies() {
        Engine blind = new ForwardingEngine(engines.engine("duck"), true, true);
        GuardVerdict warned = guard(VerdictAction.WARN, Duration.ofSeconds(10)).evaluate(routed(SCAN, Dialect.DUCKDB, blind));
        assertThat(warned.action()).isEqualTo(VerdictAction.WARN);
        assertThat(warned.message()).startsWith("no cost estimate could be made (EXPLAIN on cluster duck failed:")
                .contains("table statistics on cluster duck failed: the statistics catalog cannot be read");
        assertThat(warned.attribute(CostEstimate.ATTRIBUTE)).isEmpty();

        GuardVerdict denied = guard(VerdictAction.DENY, Duration.ofSeconds(10)).evaluate(routed(SCAN, Dialect.DUCKDB, blind));
        assertThat(denied.action()).isEqualTo(VerdictAction.DENY);
        assertThat(denied.code()).isEqualTo(ErrorCode.COST_LIMIT_EXCEEDED);
        assertThat(denied.message()).contains("onNoEstimate: deny");
        assertThat(guard(VerdictAction.HOLD, Duration.ofSeconds(10)).evaluate(routed(SCAN, Dialect.DUCKDB, blind)).action())
                .isEqualTo(VerdictAction.HOLD);
        assertThat(guard(VerdictAction.ALLOW, Duration.ofSeconds(10)).evaluate(routed(SCAN, Dialect.DUCKDB, blind)).details())
                .containsEntry("onNoEstimate", "allow");

        // No member to estimate on (no route attached): the default as well.
        GuardVerdict unrouted = guard(VerdictAction.WARN, Duration.ofSeconds(10)).evaluate(GuardTesting.context(SCAN, Dialect.DUCKDB));
        assertThat(unrouted.action()).isEqualTo(VerdictAction.WARN);
        assertThat(unrouted.message()).contains("no member of the routed group is available");
    }

    @Test
    void statementsThatReadNoDataNeedNoEstimate() {
        GuardVerdict verdict = guard(VerdictAction.DENY, Duration.ofSeconds(10))
                .evaluate(routed("SHOW TABLES", Dialect.DUCKDB, engines.engine("duck")));
        assertThat(verdict.action()).isEqualTo(VerdictAction.ALLOW);
        assertThat(verdict.details().get("estimate")).startsWith("none needed");
    }

    @Test
    void aGlobalCostGuardRunsAfterRoutingAndAttachesItsEstimate() {
        QueryRequest request = QueryRequest.of(SCAN, Dialect.DUCKDB, Session.builder("warned", FrontendProtocol.MCP).build());
        try (QueryExecution execution = engines.pipeline("duck").execute(request)) {
            // Configured first, it runs after ReadOnly: once the route is known.
            assertThat(execution.verdicts()).extracting(v -> v.guard() + ":" + v.action())
                    .containsExactly("ReadOnlyGuard:ALLOW", "CostEstimateGuard:WARN");
            CostEstimate estimate = execution.context().attribute(CostEstimate.ATTRIBUTE).orElseThrow();
            assertThat(estimate.cluster()).isEqualTo("duck");
            assertThat(estimate.rows()).isEqualTo(60175);
            assertThat(estimate.source()).isEqualTo(CostEstimate.Source.ENGINE_EXPLAIN);
            assertThat(execution.notices()).anySatisfy(notice -> assertThat(notice).startsWith("CostEstimateGuard: estimated $")
                    .contains("60,175 rows").contains("cluster duck (duckDb, scan at $5.0/TB, from the engine's EXPLAIN)"));
            while (execution.nextBatch() != null) {
                // drain
            }
        }
    }

    @Test
    void aGroupCostGuardDeniesWithAdvice() {
        QueryRequest request = QueryRequest.of(SCAN, Dialect.DUCKDB, Session.builder("denied", FrontendProtocol.MCP).build());
        assertThatThrownBy(() -> engines.pipeline("duck").execute(request)).isInstanceOfSatisfying(SwitchboardException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.COST_LIMIT_EXCEEDED);
            assertThat(e.getMessage()).contains("Query denied by CostEstimateGuard: estimated $").contains("denyAboveRows 10,000")
                    .contains("a LIMIT does not reduce what a scan reads");
        });
        QueryRequest lookup = QueryRequest.of("SELECT l_quantity FROM lineitem WHERE l_orderkey = 1 AND l_linenumber = 1", Dialect.DUCKDB,
                Session.builder("denied", FrontendProtocol.MCP).build());
        try (QueryExecution execution = engines.pipeline("duck").execute(lookup)) {
            assertThat(execution.nextBatch().size()).isEqualTo(1);
        }
    }
}
