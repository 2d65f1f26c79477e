package io.switchboard.translation.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Behaviour of the rewriter outside the captured queries: what it leaves alone, and its edges. */
final class PostgresCatalogRewriterTest {
    private final PostgresCatalogRewriter rewriter = new PostgresCatalogRewriter();

    @Test
    void leavesOrdinaryQueriesAlone() {
        for (String sql : List.of(
                "SELECT l_returnflag, sum(l_quantity) FROM lineitem GROUP BY 1",
                "INSERT INTO nation VALUES (1, 'ARGENTINA', 1, 'x')",
                "SELECT 'pg_class' AS just_a_string, \"pg_type\" FROM t",
                "SELECT * FROM pg_tables_of_mine",
                "SELECT upgrade_version FROM releases",
                "")) {
            assertThat(rewriter.rewrite(sql)).as(sql).isEmpty();
        }
    }

    @Test
    void preCheckSkipsQueriesWithoutMarkers() {
        assertThat(PostgresCatalogRewriter.mayBeCatalogQuery("SELECT * FROM lineitem WHERE l_shipdate > DATE '1998-01-01'")).isFalse();
        assertThat(PostgresCatalogRewriter.mayBeCatalogQuery("select * from PG_CATALOG.PG_CLASS")).isTrue();
        assertThat(PostgresCatalogRewriter.mayBeCatalogQuery("SELECT VERSION()")).isTrue();
        assertThat(PostgresCatalogRewriter.mayBeCatalogQuery("show transaction isolation level")).isTrue();
    }

    @Test
    void dropsOperatorAndCollateSyntaxDuckDbRejects() {
        String psqlPattern = "SELECT c.oid FROM pg_catalog.pg_class c"
                + " WHERE c.relname OPERATOR(pg_catalog.~) '^(lineitem)$' COLLATE pg_catalog.default";
        String rewritten = rewriter.rewrite(psqlPattern).orElseThrow();
        assertThat(rewritten).endsWith("WHERE c.relname ~ '^(lineitem)$' ");
        assertThat(rewritten).contains("FROM sb_pg_class c").startsWith("WITH sb_pg_index AS (");
    }

    @Test
    void doesNotTouchCatalogNamesInsideLiteralsOrQuotedNames() {
        String sql = "SELECT 'OPERATOR(pg_catalog.~) pg_get_userbyid(1)' AS s, \"pg_class\".x FROM pg_catalog.pg_namespace \"pg_class\"";
        String rewritten = rewriter.rewrite(sql).orElseThrow();
        assertThat(rewritten).startsWith("WITH sb_pg_namespace AS (")
                .endsWith("SELECT 'OPERATOR(pg_catalog.~) pg_get_userbyid(1)' AS s, \"pg_class\".x FROM sb_pg_namespace \"pg_class\"");
    }

    @Test
    void mergesItsDefinitionsIntoAClientWithClause() {
        String sql = "WITH t AS (SELECT oid FROM pg_catalog.pg_type) SELECT count(*) FROM t";
        String rewritten = rewriter.rewrite(sql).orElseThrow();
        assertThat(rewritten).startsWith("WITH sb_pg_type AS (");
        assertThat(rewritten).endsWith(",\nt AS (SELECT oid FROM sb_pg_type AS pg_type) SELECT count(*) AS count FROM t");
    }

    @Test
    void keepsParametersInPlace() {
        String sql = "SELECT typname FROM pg_catalog.pg_type WHERE oid = $1 AND typname LIKE $2";
        assertThat(rewriter.rewrite(sql).orElseThrow()).endsWith("FROM sb_pg_type AS pg_type WHERE oid = $1 AND typname LIKE $2");
    }

    @Test
    void keepsPostgresLabelsOfReplacedFunctions() {
        assertThat(rewriter.rewrite("SELECT pg_catalog.pg_get_userbyid(10), x FROM t").orElseThrow())
                .isEqualTo("SELECT CAST(current_user AS VARCHAR) AS pg_get_userbyid, x FROM t");
        // Inside an expression there is no label to keep.
        assertThat(rewriter.rewrite("SELECT 'x' || pg_catalog.pg_get_userbyid(10) FROM t").orElseThrow())
                .isEqualTo("SELECT 'x' || CAST(current_user AS VARCHAR) FROM t");
    }

    @Test
    void labelsBareFunctionCallsAsPostgresDoes() {
        assertThat(rewriter.rewrite("SELECT current_schema()")).contains("SELECT current_schema() AS current_schema");
        assertThat(rewriter.rewrite("SELECT current_database(), CAST(current_schema() AS text) FROM t"))
                .contains("SELECT current_database() AS current_database, CAST(current_schema() AS text) FROM t");
        assertThat(rewriter.rewrite("SELECT current_date")).isEmpty();
    }

    @Test
    void reportsTheConfiguredServerVersion() {
        assertThat(new PostgresCatalogRewriter("16.4 (Switchboard)").rewrite("SELECT version()"))
                .contains("SELECT ('PostgreSQL 16.4 (Switchboard) on DuckDB ' || version()) AS version");
        assertThatThrownBy(() -> new PostgresCatalogRewriter("15' || 'x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void answersShowTransactionIsolationOnlyAsAWholeStatement() {
        assertThat(rewriter.rewrite("SHOW TRANSACTION ISOLATION LEVEL")).contains("SELECT 'repeatable read' AS transaction_isolation");
        assertThat(rewriter.rewrite("SHOW TRANSACTION ISOLATION LEVEL; DROP TABLE x")).isEmpty();
        assertThat(rewriter.rewrite("SHOW tables")).isEmpty();
    }

    @Test
    void isSafeToShareBetweenThreads() throws Exception {
        List<CatalogGoldenCase> goldens = CatalogGoldenCase.all();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int round = 0; round < 8; round++) {
                for (CatalogGoldenCase golden : goldens) {
                    Callable<Boolean> check = () -> {
                        Optional<String> rewritten = rewriter.rewrite(golden.input());
                        String actual = rewritten.map(sql -> sql.endsWith("\n") ? sql : sql + "\n").orElse(golden.input());
                        return actual.equals(golden.expected());
                    };
                    results.add(pool.submit(check));
                }
            }
            for (Future<Boolean> result : results) {
                assertThat(result.get(30, TimeUnit.SECONDS)).isTrue();
            }
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
    }
}
