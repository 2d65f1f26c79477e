package io.switchboard.core.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.sql.Dialect;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The analysis cache and the parse on first use: same answers as a fresh analysis, bounded memory. */
final class QueryAnalyzerCacheTest {

    @Test
    void repeatedTextReusesItsAnalysisPerDialect() {
        QueryAnalyzer analyzer = new QueryAnalyzer();
        QueryAnalysis first = analyzer.analyze("SELECT a FROM t WHERE id = 1 LIMIT 5", Dialect.POSTGRES);
        assertThat(analyzer.analyze("SELECT a FROM t WHERE id = 1 LIMIT 5", Dialect.POSTGRES)).isSameAs(first);
        assertThat(analyzer.analyze("SELECT a FROM t WHERE id = 1 LIMIT 5", Dialect.MYSQL)).isNotSameAs(first);
        QueryAnalysis otherLiteral = analyzer.analyze("SELECT a FROM t WHERE id = 2 LIMIT 5", Dialect.POSTGRES);
        assertThat(otherLiteral).isNotSameAs(first);
        assertThat(otherLiteral.fingerprint()).isEqualTo(first.fingerprint());
        assertThat(otherLiteral.literals()).containsExactly("2", "5");
    }

    @Test
    void cachedAndUncachedAnalysesAgree() {
        QueryAnalyzer cached = new QueryAnalyzer();
        QueryAnalyzer uncached = new QueryAnalyzer(2_000, 0);
        for (String sql : List.of("SELECT * FROM s.t FETCH FIRST 3 ROWS ONLY", "DELETE FROM t WHERE x = 1",
                "SELECT 1; DROP TABLE t", "SELEC nonsense FROM", "WITH c AS (SELECT 1) SELECT * FROM c, d LIMIT 2")) {
            for (int round = 0; round < 2; round++) {
                QueryAnalysis one = cached.analyze(sql, Dialect.POSTGRES);
                QueryAnalysis two = uncached.analyze(sql, Dialect.POSTGRES);
                assertThat(one.kinds()).isEqualTo(two.kinds());
                assertThat(one.tables()).isEqualTo(two.tables());
                assertThat(one.outermostLimit()).isEqualTo(two.outermostLimit());
                assertThat(one.fingerprint()).isEqualTo(two.fingerprint());
                assertThat(one.features()).isEqualTo(two.features());
                assertThat(one.parsed()).isEqualTo(two.parsed());
                assertThat(one.parseError()).isEqualTo(two.parseError());
            }
        }
        assertThat(uncached.cachedTexts()).isZero();
    }

    @Test
    void cacheStaysWithinItsSizeAndSkipsLongTexts() {
        QueryAnalyzer analyzer = new QueryAnalyzer(2_000, 16);
        for (int i = 0; i < 500; i++) {
            analyzer.analyze("SELECT " + i, Dialect.POSTGRES);
            assertThat(analyzer.cachedTexts()).isLessThanOrEqualTo(16);
        }
        String longText = "SELECT 1 " + "-- padding\n".repeat(QueryAnalyzer.MAX_CACHED_TEXT_LENGTH / 10);
        assertThat(longText.length()).isGreaterThan(QueryAnalyzer.MAX_CACHED_TEXT_LENGTH);
        QueryAnalysis once = analyzer.analyze(longText, Dialect.POSTGRES);
        assertThat(analyzer.analyze(longText, Dialect.POSTGRES)).isNotSameAs(once).isEqualTo(once);
    }

    @Test
    void cachedTextStaysWithinItsCharacterBudget() {
        // The budget, not the count, bounds long statements: their analyses keep their parse trees.
        QueryAnalyzer analyzer = new QueryAnalyzer();
        String padding = " AND b <> 'x'".repeat(QueryAnalyzer.MAX_CACHED_TEXT_LENGTH / 14);
        for (int i = 0; i < 400; i++) {
            analyzer.analyze("SELECT a FROM t WHERE a = " + i + padding, Dialect.POSTGRES).tables();
            assertThat(analyzer.cachedChars()).isLessThanOrEqualTo(QueryAnalyzer.MAX_CACHED_CHARS);
        }
        assertThat(analyzer.cachedTexts()).isPositive().isLessThan(400);
    }

    @Test
    void parseErrorsReadAsTheParserThrewThem() {
        QueryAnalysis analysis = new QueryAnalyzer().analyze("SELECT FROM WHERE (", Dialect.POSTGRES);
        assertThat(analysis.parsed()).isFalse();
        assertThat(analysis.parseErrorMessage()).hasValueSatisfying(message ->
                assertThat(message).startsWith("net.sf.jsqlparser.parser.ParseException: ").doesNotContain("\n"));
        assertThat(analysis.kind()).isEqualTo(StatementKind.SELECT);
    }

    @Test
    void aStatementWhoseTreeTheTableWalkCannotReadHasNoTables() {
        // jsqlparser accepts a bare DELETE, then fails to walk it; that must not escape a guard's question.
        QueryAnalysis analysis = new QueryAnalyzer().analyze("DELETE", Dialect.POSTGRES);
        assertThat(analysis.kind()).isEqualTo(StatementKind.DELETE);
        assertThat(analysis.tables()).isEmpty();
    }

    @Test
    void oneSharedAnalysisParsesOnceForConcurrentReaders() throws Exception {
        QueryAnalysis analysis = new QueryAnalyzer().analyze("SELECT x FROM a JOIN b ON a.id = b.id LIMIT 4", Dialect.POSTGRES);
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<Object>> trees = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                trees.add(threads.submit(() -> analysis.statements()));
            }
            Object first = trees.get(0).get(10, TimeUnit.SECONDS);
            for (Future<Object> tree : trees) {
                assertThat(tree.get(10, TimeUnit.SECONDS)).isSameAs(first);
            }
        } finally {
            threads.shutdownNow();
        }
        assertThat(analysis.tables()).extracting(TableReference::qualifiedName).containsExactly("a", "b");
        assertThat(analysis.limit()).hasValue(4);
    }
}
