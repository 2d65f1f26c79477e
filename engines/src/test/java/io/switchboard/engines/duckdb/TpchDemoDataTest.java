package io.switchboard.engines.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.result.ResultStream;
import io.switchboard.testkit.tpch.ResultComparator;
import io.switchboard.testkit.tpch.TpchQueries;
import io.switchboard.testkit.tpch.TpchQuery;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The TPC-H demo data: generated once into a database file with the standard row counts, skipped
 * on the next start, and answering all 22 TPC-H queries as the published answers say.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
final class TpchDemoDataTest {
    private static final Map<String, Long> SF_001_ROW_COUNTS = expectedRowCounts();

    @TempDir
    static Path data;

    private DuckDbEngine engine;

    @BeforeAll
    void generate() {
        engine = DuckDbTesting.engine(data, "databasePath: demo/tpch.duckdb\ndemoData: tpch\n");
    }

    @AfterAll
    void close() {
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void generatesTheStandardRowCountsAtScale001() {
        assertThat(rowCounts(engine)).isEqualTo(SF_001_ROW_COUNTS);
        assertThat(data.resolve("demo/tpch.duckdb")).isRegularFile();
    }

    @Test
    void usesTheStandardColumnTypes() {
        List<List<Object>> columns = DuckDbTesting.rows(engine, "SELECT table_name, column_name, data_type "
                + "FROM information_schema.columns WHERE table_schema = 'main' AND column_name IN "
                + "('n_name', 'l_shipdate', 'l_extendedprice', 'o_orderkey', 'l_linenumber') ORDER BY column_name");
        assertThat(columns).containsExactly(
                List.of("lineitem", "l_extendedprice", "DECIMAL(15,2)"),
                List.of("lineitem", "l_linenumber", "INTEGER"),
                List.of("lineitem", "l_shipdate", "DATE"),
                List.of("nation", "n_name", "VARCHAR"),
                List.of("orders", "o_orderkey", "BIGINT"));
    }

    /** A server with a small heap (the streaming benchmark runs at -Xmx256m) generates in a helper JVM. */
    @Test
    void aHelperJvmGeneratesTheSameData() throws Exception {
        try (org.duckdb.DuckDBConnection connection =
                (org.duckdb.DuckDBConnection) java.sql.DriverManager.getConnection("jdbc:duckdb:")) {
            assertThat(TpchDemoData.generateInHelperProcess(connection, 0.01, "helper")).isEqualTo(86_805);
            try (java.sql.Statement statement = connection.createStatement();
                    java.sql.ResultSet resultSet = statement.executeQuery(
                            "SELECT (SELECT count(*) FROM main.lineitem), (SELECT sum(o_totalprice) FROM main.orders), "
                                    + "(SELECT scale FROM switchboard.demo_data)")) {
                assertThat(resultSet.next()).isTrue();
                assertThat(resultSet.getLong(1)).isEqualTo(SF_001_ROW_COUNTS.get("lineitem"));
                assertThat(resultSet.getBigDecimal(2)).isEqualTo(
                        DuckDbTesting.rows(engine, "SELECT sum(o_totalprice) FROM main.orders").get(0).get(0));
                assertThat(resultSet.getDouble(3)).isEqualTo(0.01);
            }
        }
    }

    @Test
    void aSecondStartFindsTheMarkerAndSkipsGeneration() {
        Path file = data.resolve("second/tpch.duckdb");
        try (DuckDbEngine first = DuckDbTesting.engine(data, "databasePath: second/tpch.duckdb\ndemoData: tpch\n")) {
            // A change the generator would undo: if the second start generated again, the table would be whole.
            assertThat(DuckDbTesting.updateCount(first, "DELETE FROM region WHERE r_regionkey = 0")).isEqualTo(1);
        }
        assertThat(file).isRegularFile();
        try (DuckDbEngine second = DuckDbTesting.engine(data, "databasePath: second/tpch.duckdb\ndemoData: tpch\n")) {
            assertThat(DuckDbTesting.single(second, "SELECT count(*) FROM region")).isEqualTo(4L);
            assertThat(DuckDbTesting.rows(second, "SELECT dataset, scale FROM switchboard.demo_data"))
                    .containsExactly(List.of("tpch", 0.01));
        }
    }

    @Test
    void refusesToGenerateIntoADatabaseWithSomeTpchTables() {
        try (DuckDbEngine plain = DuckDbTesting.engine(data, "databasePath: partial.duckdb\n")) {
            DuckDbTesting.updateCount(plain, "CREATE TABLE nation (n_nationkey INTEGER)");
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> DuckDbTesting.engine(data, "databasePath: partial.duckdb\ndemoData: tpch\n"))
                .hasMessageContaining("lacks [")
                .hasMessageContaining("refusing to write over them");
    }

    Stream<TpchQuery> queries() {
        return TpchQueries.all().stream();
    }

    @ParameterizedTest(name = "q{0}")
    @MethodSource("queries")
    void answersTheTpchQuery(TpchQuery query) {
        List<String> statements = query.statements();
        for (String setup : statements.subList(0, statements.size() - 1)) {
            try (ResultStream stream = engine.execute(DuckDbTesting.query(setup))) {
                DuckDbTesting.drain(stream);
            }
        }
        List<List<Object>> rows = DuckDbTesting.rows(engine, statements.get(statements.size() - 1));
        ResultComparator.assertMatches(query, rows);
    }

    private static Map<String, Long> rowCounts(DuckDbEngine engine) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String table : SF_001_ROW_COUNTS.keySet()) {
            counts.put(table, (Long) DuckDbTesting.single(engine, "SELECT count(*) FROM main." + table));
        }
        return counts;
    }

    private static Map<String, Long> expectedRowCounts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("lineitem", 60_175L);
        counts.put("orders", 15_000L);
        counts.put("customer", 1_500L);
        counts.put("part", 2_000L);
        counts.put("partsupp", 8_000L);
        counts.put("supplier", 100L);
        counts.put("nation", 25L);
        counts.put("region", 5L);
        return counts;
    }
}
