package io.switchboard.core.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.sql.Dialect;
import org.junit.jupiter.api.Test;

final class QueryAnalyzerTest {
    private final QueryAnalyzer analyzer = new QueryAnalyzer();

    @Test
    void shapeIgnoresLiteralsCaseSpacingAndComments() {
        QueryAnalysis one = analyzer.analyze("SELECT * FROM t WHERE id = 1", Dialect.POSTGRES);
        QueryAnalysis two = analyzer.analyze("select *\n  from T  -- why\n where ID = 2;", Dialect.POSTGRES);
        QueryAnalysis text = analyzer.analyze("SELECT * FROM t WHERE id = 'x'", Dialect.POSTGRES);
        QueryAnalysis other = analyzer.analyze("SELECT * FROM t WHERE id > 1", Dialect.POSTGRES);
        assertThat(one.fingerprint()).isEqualTo(two.fingerprint());
        assertThat(one.fingerprint()).isEqualTo(text.fingerprint());
        assertThat(one.fingerprint()).isNotEqualTo(other.fingerprint());
        assertThat(one.fingerprint().normalized()).isEqualTo("SELECT * FROM T WHERE ID = ?");
        assertThat(one.fingerprint().hash()).hasSize(16);
        assertThat(two.literals()).containsExactly("2");
    }

    @Test
    void quotedIdentifiersKeepTheirCase() {
        assertThat(analyzer.analyze("SELECT \"A\" FROM t", Dialect.POSTGRES).fingerprint())
                .isNotEqualTo(analyzer.analyze("SELECT \"a\" FROM t", Dialect.POSTGRES).fingerprint());
    }

    @Test
    void readsKindTablesLimitAndFeatures() {
        QueryAnalysis analysis = analyzer.analyze("""
                WITH big AS (SELECT o_custkey FROM tpch.orders WHERE o_totalprice > 1000)
                SELECT c.c_name, count(*) FROM customer c JOIN big ON c.c_custkey = big.o_custkey
                GROUP BY c.c_name ORDER BY 2 DESC LIMIT 10""", Dialect.POSTGRES);
        assertThat(analysis.parsed()).isTrue();
        assertThat(analysis.kind()).isEqualTo(StatementKind.SELECT);
        assertThat(analysis.tables()).extracting(TableReference::qualifiedName).containsExactlyInAnyOrder("tpch.orders", "customer");
        assertThat(analysis.limit()).hasValue(10);
        assertThat(analysis.features()).contains(QueryFeature.CTE, QueryFeature.JOIN, QueryFeature.AGGREGATE,
                QueryFeature.GROUP_BY, QueryFeature.ORDER_BY, QueryFeature.LIMIT);
        assertThat(analysis.features()).doesNotContain(QueryFeature.WINDOW);
    }

    @Test
    void outermostLimitFormsAndInnerLimitsDoNotCount() {
        assertThat(analyzer.analyze("SELECT * FROM t FETCH FIRST 5 ROWS ONLY", Dialect.POSTGRES).limit()).hasValue(5);
        assertThat(analyzer.analyze("SELECT * FROM (SELECT * FROM t LIMIT 3) x", Dialect.POSTGRES).limit()).isEmpty();
        assertThat(analyzer.analyze("SELECT a FROM t UNION ALL SELECT a FROM u LIMIT 7", Dialect.POSTGRES).limit()).hasValue(7);
    }

    @Test
    void writesAndMultipleStatementsAreClassified() {
        assertThat(analyzer.analyze("INSERT INTO t VALUES (1)", Dialect.POSTGRES).kind()).isEqualTo(StatementKind.INSERT);
        QueryAnalysis two = analyzer.analyze("SELECT 1; DROP TABLE t", Dialect.POSTGRES);
        assertThat(two.kinds()).containsExactly(StatementKind.SELECT, StatementKind.DROP);
        assertThat(two.limit()).isEmpty();
    }

    @Test
    void unparsableTextStillHasShapeAndKind() {
        QueryAnalysis analysis = analyzer.analyze("SELECT * FROM t WHERE x === 1 ORDER", Dialect.POSTGRES);
        assertThat(analysis.parsed()).isFalse();
        assertThat(analysis.parseErrorMessage()).isPresent();
        assertThat(analysis.kind()).isEqualTo(StatementKind.SELECT);
        assertThat(analysis.fingerprint().normalized()).contains("?");
        assertThat(analyzer.analyze("  ", Dialect.POSTGRES).statementCount()).isZero();
    }

    @Test
    void keywordsInLiteralsAreNotFeatures() {
        QueryAnalysis analysis = analyzer.analyze("SELECT 'a JOIN b OVER c' AS \"GROUP BY\"", Dialect.POSTGRES);
        assertThat(analysis.features()).isEmpty();
    }
}
