package io.switchboard.guardrails.readonly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.core.error.ErrorCode;
import io.switchboard.core.error.SwitchboardException;
import io.switchboard.core.pipeline.QueryExecution;
import io.switchboard.core.pipeline.QueryPipeline;
import io.switchboard.core.result.RowBatch;
import io.switchboard.core.session.FrontendProtocol;
import io.switchboard.core.session.QueryRequest;
import io.switchboard.core.session.Session;
import io.switchboard.core.sql.Dialect;
import io.switchboard.core.sql.StatementSplitter;
import io.switchboard.guardrails.GuardedEngines;
import io.switchboard.testkit.tpch.ResultComparator;
import io.switchboard.testkit.tpch.TpchQueries;
import io.switchboard.testkit.tpch.TpchQuery;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole denied corpus sent for real through a pipeline with the ReadOnly guard in front of
 * DuckDB and of PostgreSQL: every attempt is refused with its code, the TPC-H reads still run and
 * answer correctly, and the data and catalogs are the same afterwards as before.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
final class ReadOnlyAgainstEnginesTest {
    private static final List<String> TPCH_TABLES = List.of("nation", "region", "part", "supplier", "partsupp", "customer",
            "orders", "lineitem");

    @TempDir
    static Path directory;
    private GuardedEngines engines;

    @BeforeAll
    void start() {
        engines = new GuardedEngines(directory, "global: [{type: readOnly}]", true);
    }

    @AfterAll
    void stop() {
        if (engines != null) {
            engines.close();
        }
    }

    @Test
    void everyAttemptIsRefusedAndNothingChanges() {
        List<String> duckBefore = duckDbState();
        List<String> pgBefore = postgresState();
        int refused = 0;
        for (String group : List.of("duck", "pg")) {
            for (SqlAttempt attempt : SqlAttempt.denied()) {
                QueryPipeline pipeline = engines.pipeline(group);
                QueryRequest request = QueryRequest.of(attempt.sql(), attempt.dialect(),
                        Session.builder("agent", FrontendProtocol.MCP).build());
                // The pipeline itself refuses texts of several statements, and texts that are all comments
                // (a lone MySQL executable comment), before any guard runs.
                int statements = StatementSplitter.split(attempt.sql(), attempt.dialect()).size();
                List<ErrorCode> codes = statements > 1 ? List.of(attempt.expected(), ErrorCode.NOT_SUPPORTED)
                        : statements == 0 ? List.of(attempt.expected(), ErrorCode.SYNTAX_ERROR) : List.of(attempt.expected());
                assertThatThrownBy(() -> pipeline.execute(request).close())
                        .as("%s on %s", attempt, group)
                        .isInstanceOfSatisfying(SwitchboardException.class, e -> assertThat(e.code())
                                .as("%s on %s: %s", attempt, group, e.getMessage())
                                .isIn(codes));
                refused++;
            }
        }
        assertThat(refused).isEqualTo(2 * SqlAttempt.denied().size());
        assertThat(duckDbState()).isEqualTo(duckBefore);
        assertThat(postgresState()).isEqualTo(pgBefore);
    }

    @Test
    void tpchReadsRunThroughTheGuardOnBothEngines() {
        for (TpchQuery query : TpchQueries.all()) {
            if (query.statements().size() > 1) {
                // q15 needs its view, a write the guard refuses (as the corpus test shows).
                continue;
            }
            assertThat(run("duck", query.sql(), Dialect.DUCKDB)).as("%s on DuckDB", query.name())
                    .satisfies(rows -> ResultComparator.assertMatches(query, rows));
            assertThat(run("pg", query.sql(), Dialect.POSTGRES)).as("%s on PostgreSQL", query.name())
                    .satisfies(rows -> ResultComparator.assertMatches(query, rows));
        }
    }

    @Test
    void trickyReadsThatNameRealTablesRunOnBothEngines() {
        List<String> reads = List.of(
                "SELECT 'DELETE FROM nation' AS s, \"update\" FROM (SELECT 1 AS \"update\") t",
                "SELECT n_name FROM nation -- DELETE FROM nation",
                "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 10) SELECT sum(n) FROM r",
                "SELECT n_name, rank() OVER (PARTITION BY n_regionkey ORDER BY n_name) AS r FROM nation",
                "SELECT extract(year FROM date '2024-01-01'), substring('abcdef' FROM 2 FOR 3), trim(BOTH 'x' FROM 'xxabcxx')",
                "SELECT replace(n_name, 'A', 'B') FROM nation WHERE n_comment LIKE '%update%' OR true",
                "SELECT t.update FROM (SELECT 1 AS update) t");
        for (String read : reads) {
            assertThat(run("duck", read, Dialect.DUCKDB)).as(read).isNotEmpty();
            assertThat(run("pg", read, Dialect.POSTGRES)).as(read).isNotEmpty();
        }
    }

    private List<List<Object>> run(String group, String sql, Dialect dialect) {
        List<List<Object>> rows = new ArrayList<>();
        try (QueryExecution execution = engines.pipeline(group).execute(
                QueryRequest.of(sql, dialect, Session.builder("agent", FrontendProtocol.MCP).build()))) {
            for (RowBatch batch = execution.nextBatch(); batch != null; batch = execution.nextBatch()) {
                for (Object[] row : batch.rows()) {
                    rows.add(Arrays.asList(row));
                }
            }
        }
        return rows;
    }

    /** Row counts and content hashes of the TPC-H tables, and every table, view, database and setting that could change. */
    private List<String> duckDbState() {
        List<String> state = new ArrayList<>();
        for (String table : TPCH_TABLES) {
            state.add(table + " " + engines.engineRows("duck", "SELECT count(*), sum(hash(t)) FROM main." + table + " t"));
        }
        state.add("tables " + engines.engineRows("duck", "SELECT database_name, schema_name, table_name FROM duckdb_tables() ORDER BY ALL"));
        state.add("views " + engines.engineRows("duck", "SELECT view_name FROM duckdb_views() WHERE NOT internal ORDER BY ALL"));
        state.add("databases " + engines.engineRows("duck", "SELECT database_name FROM duckdb_databases() ORDER BY ALL"));
        state.add("macros " + engines.engineRows("duck", "SELECT function_name FROM duckdb_functions() WHERE NOT internal ORDER BY ALL"));
        state.add("settings " + engines.engineRows("duck", "SELECT name, value FROM duckdb_settings() WHERE name IN "
                + "('enable_external_access', 'memory_limit', 'threads') ORDER BY name"));
        return state;
    }

    private List<String> postgresState() {
        List<String> state = new ArrayList<>();
        for (String table : TPCH_TABLES) {
            state.add(table + " " + engines.engineRows("pg", "SELECT count(*), md5(string_agg(md5(t::text), '' ORDER BY md5(t::text))) FROM "
                    + table + " t"));
        }
        state.add("relations " + engines.engineRows("pg", "SELECT n.nspname, c.relname, c.relkind FROM pg_class c "
                + "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') "
                + "AND n.nspname NOT LIKE 'pg_toast%' ORDER BY 1, 2"));
        state.add("functions " + engines.engineRows("pg", "SELECT p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
                + "WHERE n.nspname = 'public' ORDER BY 1"));
        state.add("extensions " + engines.engineRows("pg", "SELECT extname FROM pg_extension ORDER BY 1"));
        state.add("grants " + engines.engineRows("pg", "SELECT grantee, table_name, privilege_type FROM information_schema.role_table_grants "
                + "WHERE table_schema = 'public' ORDER BY 1, 2, 3"));
        return state;
    }
}
