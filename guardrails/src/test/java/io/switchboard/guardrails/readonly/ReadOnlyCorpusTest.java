package io.switchboard.guardrails.readonly;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.pipeline.GuardVerdict;
import io.switchboard.core.pipeline.VerdictAction;
import io.switchboard.core.sql.Dialect;
import io.switchboard.guardrails.GuardTesting;
import io.switchboard.testkit.tpch.TpchQueries;
import io.switchboard.testkit.tpch.TpchQuery;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The ReadOnly guard against its corpora: every write and bypass attempt is denied with its
 * expected code, and every read passes: the tricky reads, the 22 TPC-H queries and the 99 TPC-DS
 * queries in Trino's dialect (templates from io.trino:trino-benchto-benchmarks).
 */
final class ReadOnlyCorpusTest {
    private static final ReadOnlyGuard GUARD = new ReadOnlyGuard(ReadOnlyOptions.DEFAULTS);

    static List<SqlAttempt> denied() {
        return SqlAttempt.denied();
    }

    static List<SqlAttempt> allowed() {
        return SqlAttempt.allowed();
    }

    @ParameterizedTest(name = "denied #{index} {0}")
    @MethodSource("denied")
    void writeOrBypassIsDenied(SqlAttempt attempt) {
        GuardVerdict verdict = GUARD.evaluate(GuardTesting.context(attempt.sql(), attempt.dialect()));
        assertThat(verdict.action()).as("verdict for %s", attempt).isEqualTo(VerdictAction.DENY);
        assertThat(verdict.code()).as("code for %s (%s)", attempt, verdict.message()).isEqualTo(attempt.expected());
        assertThat(verdict.message()).isNotBlank();
    }

    @ParameterizedTest(name = "allowed #{index} {0}")
    @MethodSource("allowed")
    void trickyReadIsAllowed(SqlAttempt read) {
        GuardVerdict verdict = GUARD.evaluate(GuardTesting.context(read.sql(), read.dialect()));
        assertThat(verdict.action()).as("%s was denied: %s", read, verdict.message()).isEqualTo(VerdictAction.ALLOW);
    }

    @Test
    void theDeniedCorpusIsLargeAndCoversEveryDialect() {
        List<SqlAttempt> attempts = SqlAttempt.denied();
        assertThat(attempts).hasSizeGreaterThanOrEqualTo(200);
        Map<Dialect, Integer> perDialect = new EnumMap<>(Dialect.class);
        attempts.forEach(attempt -> perDialect.merge(attempt.dialect(), 1, Integer::sum));
        assertThat(perDialect).containsKeys(Dialect.POSTGRES, Dialect.MYSQL, Dialect.TRINO, Dialect.DUCKDB, Dialect.CLICKHOUSE);
        assertThat(perDialect.values()).allSatisfy(count -> assertThat(count).isGreaterThanOrEqualTo(25));
    }

    static List<TpchQuery> tpch() {
        return TpchQueries.all();
    }

    @ParameterizedTest(name = "TPC-H {0}")
    @MethodSource("tpch")
    void tpchQueriesAreReads(TpchQuery query) {
        String read = query.statements().getLast();
        for (Dialect dialect : List.of(Dialect.TRINO, Dialect.POSTGRES, Dialect.DUCKDB)) {
            GuardVerdict verdict = GUARD.evaluate(GuardTesting.context(read, dialect));
            assertThat(verdict.action()).as("%s in %s: %s", query.name(), dialect, verdict.message()).isEqualTo(VerdictAction.ALLOW);
        }
        // q15 prepares its answer with CREATE VIEW: a write, and denied as one.
        for (String setup : query.statements().subList(0, query.statements().size() - 1)) {
            assertThat(GUARD.evaluate(GuardTesting.context(setup, Dialect.TRINO)).action()).isEqualTo(VerdictAction.DENY);
        }
    }

    static List<String> tpcds() {
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= 99; i++) {
            names.add(String.format("q%02d", i));
        }
        return names;
    }

    @ParameterizedTest(name = "TPC-DS {0}")
    @MethodSource("tpcds")
    void tpcdsQueriesAreReads(String name) {
        String sql = TpcdsTemplates.query(name);
        GuardVerdict verdict = GUARD.evaluate(GuardTesting.context(sql, Dialect.TRINO));
        assertThat(verdict.action()).as("TPC-DS %s: %s", name, verdict.message()).isEqualTo(VerdictAction.ALLOW);
    }
}
