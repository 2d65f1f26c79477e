package io.switchboard.guardrails.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.core.analysis.QueryAnalyzer;
import io.switchboard.core.config.ConfigLoader;
import io.switchboard.core.config.SwitchboardConfig;
import io.switchboard.core.pipeline.CostEstimate;
import io.switchboard.core.pipeline.Guard;
import io.switchboard.core.pipeline.GuardVerdict;
import io.switchboard.core.pipeline.QueryContext;
import io.switchboard.core.pipeline.VerdictAction;
import io.switchboard.core.session.AgentContext;
import io.switchboard.core.session.FrontendProtocol;
import io.switchboard.core.session.QueryId;
import io.switchboard.core.session.QueryRequest;
import io.switchboard.core.session.Session;
import io.switchboard.core.sql.Dialect;
import io.switchboard.guardrails.config.GuardrailsConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which queries the policy holds, and how the configuration reads it. */
final class HumanApprovalGuardTest {
    private static final QueryAnalyzer ANALYZER = new QueryAnalyzer();

    private static HumanApprovalGuard guard(String entry) {
        String yaml = """
                clusters:
                  duck:
                    engine: duckDb
                clusterGroups:
                  analytics:
                    members: [duck]
                routingFallback: analytics
                guardrails:
                  global:
                    - %s
                """.formatted(entry);
        SwitchboardConfig config = ConfigLoader.load(yaml, List.of(), name -> null);
        List<Guard> guards = GuardrailsConfig.parse(config.guardrails(), config.clusterGroups().keySet())
                .globalGuards(context("SELECT 1", "u", null));
        return (HumanApprovalGuard) guards.getFirst();
    }

    private static QueryContext context(String sql, String user, String agent) {
        QueryRequest request = new QueryRequest(QueryId.next(), sql, Dialect.POSTGRES, Session.builder(user, FrontendProtocol.MCP).build(),
                new AgentContext(agent, null, null, null, null), Instant.now(), Map.of());
        return QueryContext.of(request, ANALYZER.analyze(sql, Dialect.POSTGRES));
    }

    private static GuardVerdict verdict(HumanApprovalGuard guard, String sql) {
        return guard.evaluate(context(sql, "u", null));
    }

    @Test
    void sensitiveTablesMatchQualifiedOrNotAndAnyCase() {
        HumanApprovalGuard guard = guard("{type: humanApproval, tables: [hr.salaries, customers_pii], deadlineSecs: 90}");
        assertThat(guard.policy().deadline()).isEqualTo(Duration.ofSeconds(90));
        for (String sql : List.of("SELECT * FROM salaries", "SELECT * FROM hr.salaries", "SELECT * FROM HR.\"salaries\"",
                "SELECT * FROM db.hr.salaries s JOIN t ON t.id = s.id", "SELECT * FROM sales.customers_pii",
                "WITH x AS (SELECT * FROM customers_pii) SELECT count(*) FROM x", "DELETE FROM customers_pii WHERE id = 1",
                "SELECT * FROM t WHERE id IN (SELECT id FROM Customers_PII)")) {
            GuardVerdict verdict = verdict(guard, sql);
            assertThat(verdict.action()).as(sql).isEqualTo(VerdictAction.HOLD);
            assertThat(verdict.message()).as(sql).contains("sensitive table");
            assertThat(verdict.details()).containsEntry(HumanApprovalGuard.DEADLINE_SECONDS, "90");
        }
        for (String sql : List.of("SELECT * FROM finance.salaries", "SELECT 'customers_pii' AS name FROM t", "SELECT * FROM salaries_archive",
                "SELECT customers_pii FROM t")) {
            assertThat(verdict(guard, sql).action()).as(sql).isEqualTo(VerdictAction.ALLOW);
        }
    }

    @Test
    void unparsedTextIsHeldWhenTablesAreWatched() {
        HumanApprovalGuard guard = guard("{type: humanApproval, tables: [secret]}");
        GuardVerdict verdict = verdict(guard, "SELECT FROM WHERE (((");
        assertThat(verdict.action()).isEqualTo(VerdictAction.HOLD);
        assertThat(verdict.message()).contains("could not be parsed");
    }

    @Test
    void costAboveTheLimitOrUnknownIsHeld() {
        HumanApprovalGuard guard = guard("{type: humanApproval, costAboveDollars: 5}");
        QueryContext cheap = context("SELECT 1", "u", null).withAttribute(CostEstimate.ATTRIBUTE,
                new CostEstimate("c", 10, 100, -1, 0.5, CostEstimate.Source.ENGINE_EXPLAIN, "scan"));
        QueryContext dear = context("SELECT 1", "u", null).withAttribute(CostEstimate.ATTRIBUTE,
                new CostEstimate("c", 1e9, 1e12, -1, 12.25, CostEstimate.Source.ENGINE_EXPLAIN, "scan"));
        QueryContext unpriced = context("SELECT 1", "u", null).withAttribute(CostEstimate.ATTRIBUTE,
                new CostEstimate("c", 10, -1, -1, -1, CostEstimate.Source.TABLE_STATISTICS, "rows only"));
        assertThat(guard.evaluate(cheap).action()).isEqualTo(VerdictAction.ALLOW);
        assertThat(guard.evaluate(dear).action()).isEqualTo(VerdictAction.HOLD);
        assertThat(guard.evaluate(dear).message()).contains("$12.2500").contains("$5.0000");
        assertThat(guard.evaluate(unpriced).action()).isEqualTo(VerdictAction.HOLD);
        assertThat(guard.evaluate(context("SELECT 1", "u", null)).message()).contains("could not be estimated");

        HumanApprovalGuard lenient = guard("{type: humanApproval, costAboveDollars: 5, whenCostUnknown: allow}");
        assertThat(lenient.evaluate(context("SELECT 1", "u", null)).action()).isEqualTo(VerdictAction.ALLOW);
        assertThat(lenient.evaluate(unpriced).action()).isEqualTo(VerdictAction.ALLOW);
        assertThat(lenient.evaluate(dear).action()).isEqualTo(VerdictAction.HOLD);
    }

    @Test
    void agentsUsersAndWritesAreHeld() {
        HumanApprovalGuard guard = guard("{type: humanApproval, agents: [etl-bot], users: [intern], writes: true}");
        assertThat(guard.evaluate(context("SELECT 1", "u", "etl-bot")).message()).contains("agent 'etl-bot'");
        assertThat(guard.evaluate(context("SELECT 1", "u", "report-bot")).action()).isEqualTo(VerdictAction.ALLOW);
        assertThat(guard.evaluate(context("SELECT 1", "intern", null)).message()).contains("user 'intern'");
        for (String sql : List.of("INSERT INTO t VALUES (1)", "UPDATE t SET a = 1", "DROP TABLE t", "CREATE TABLE t (a int)",
                "TRUNCATE t", "GRANT SELECT ON t TO x", "COPY t FROM '/tmp/x'")) {
            assertThat(verdict(guard, sql).action()).as(sql).isEqualTo(VerdictAction.HOLD);
            assertThat(verdict(guard, sql).message()).as(sql).contains("it is a write");
        }
        for (String sql : List.of("SELECT * FROM t", "SHOW search_path", "SET application_name = 'x'", "BEGIN", "EXPLAIN SELECT 1")) {
            assertThat(verdict(guard, sql).action()).as(sql).isEqualTo(VerdictAction.ALLOW);
        }
        GuardVerdict several = guard.evaluate(context("DELETE FROM t", "intern", "etl-bot"));
        assertThat(several.message()).contains("agent 'etl-bot'").contains("user 'intern'").contains("it is a write");
        assertThat(several.details()).containsEntry(HumanApprovalGuard.DEADLINE_SECONDS, "300");
    }

    @Test
    void queryFluxFormAndMistakes() {
        HumanApprovalGuard snake = guard("{kind: built_in, name: human_approval, cost_above_dollars: 1.5, when_cost_unknown: allow, "
                + "deadline_secs: 30, tables: [a.b]}");
        assertThat(snake.policy().costAboveDollars()).isEqualTo(1.5);
        assertThat(snake.policy().holdUnknownCost()).isFalse();
        assertThat(snake.policy().deadline()).isEqualTo(Duration.ofSeconds(30));
        assertThatThrownBy(() -> guard("{type: humanApproval}")).hasMessageContaining("holds nothing");
        assertThatThrownBy(() -> guard("{type: humanApproval, users: [x], whenCostUnknown: allow}"))
                .hasMessageContaining("costAboveDollars");
        assertThatThrownBy(() -> guard("{type: humanApproval, costAboveDollars: 1, whenCostUnknown: maybe}"))
                .hasMessageContaining("'hold' or 'allow'");
        assertThatThrownBy(() -> guard("{type: humanApproval, costAboveDollars: -1}")).hasMessageContaining("zero or more");
        assertThatThrownBy(() -> guard("{type: humanApproval, users: [x], deadlineSecs: 0}")).hasMessageContaining("deadlineSecs");
        assertThatThrownBy(() -> guard("{type: humanApproval, users: [x], approvers: [y]}")).hasMessageContaining("approvers");
    }
}
