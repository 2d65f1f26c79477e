package io.switchboard.engines.estimate;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.analysis.TableReference;
import io.switchboard.core.engine.Engine;
import io.switchboard.core.engine.ScanEstimate;
import io.switchboard.core.pipeline.CostEstimate;
import io.switchboard.engines.clickhouse.ClickHouseEngineFactory;
import io.switchboard.engines.duckdb.DuckDbEngineFactory;
import io.switchboard.engines.mysql.MySqlEngineFactory;
import io.switchboard.engines.postgres.PostgresEngineFactory;
import io.switchboard.engines.testing.EngineTesting;
import io.switchboard.testkit.clickhouse.ClickHouseServer;
import io.switchboard.testkit.mariadb.MariaDbServer;
import io.switchboard.testkit.postgres.PostgresServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every engine estimates a TPC-H scale 0.01 full scan of lineitem with rows within an order of
 * magnitude of the truth (its own {@code count(*)}), and a point lookup cheaper than the scan; the
 * statistics fallback gives the table's size. Real DuckDB, PostgreSQL, MariaDB and ClickHouse
 * 18.16 (which has no EXPLAIN: its estimate comes from statistics only). Trino: {@code TrinoScanEstimateTest}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
final class ScanEstimateTest {
    static final String FULL_SCAN = "SELECT * FROM lineitem";
    static final String POINT_LOOKUP = "SELECT l_orderkey, l_linenumber, l_quantity FROM lineitem WHERE l_orderkey = 1 AND l_linenumber = 1";
    private static final List<TableReference> LINEITEM = List.of(new TableReference(null, null, "lineitem"));

    private final List<Engine> engines = new ArrayList<>();

    @AfterAll
    void close() {
        engines.forEach(Engine::close);
    }

    Stream<Engine> engines() {
        if (engines.isEmpty()) {
            engines.add(EngineTesting.engine(new DuckDbEngineFactory(), "duckDb", "demoData: [tpch]\n"));
            PostgresServer postgres = PostgresServer.sharedTpch();
            engines.add(EngineTesting.engine(new PostgresEngineFactory(), EngineTesting.cluster("postgres", "endpoint: "
                    + postgres.endpoint(PostgresServer.TPCH_DATABASE) + "\nuser: " + postgres.user() + "\npassword: ${P}\n",
                    Map.of("P", postgres.password()))));
            MariaDbServer mariadb = MariaDbServer.sharedTpch();
            engines.add(EngineTesting.engine(new MySqlEngineFactory(), EngineTesting.cluster("mysql", "endpoint: "
                    + mariadb.endpoint(MariaDbServer.TPCH_DATABASE) + "\nuser: " + mariadb.user() + "\npassword: ${P}\n",
                    Map.of("P", mariadb.password()))));
            engines.add(EngineTesting.engine(new ClickHouseEngineFactory(), "clickHouse",
                    "endpoint: " + ClickHouseServer.shared().endpoint() + "\ndatabase: tpch\n"));
        }
        return engines.stream();
    }

    @ParameterizedTest(name = "{0}", autoCloseArguments = false)
    @MethodSource("engines")
    void fullScanRowsAreWithinAnOrderOfMagnitudeOfTheTruth(Engine engine) {
        double truth = ((Number) EngineTesting.single(engine, "SELECT count(*) FROM lineitem")).doubleValue();
        ScanEstimate scan = estimate(engine, FULL_SCAN);
        assertThat(scan.rows()).as(scan.detail()).isBetween(truth / 10, truth * 10);
        // Every column of every row: at least a few bytes each.
        assertThat(scan.bytes()).as(scan.detail()).isGreaterThan(truth * 16);
        assertThat(scan.detail()).containsIgnoringCase("lineitem");
    }

    @ParameterizedTest(name = "{0}", autoCloseArguments = false)
    @MethodSource("engines")
    void pointLookupIsCheaperThanTheScan(Engine engine) {
        ScanEstimate scan = estimate(engine, FULL_SCAN);
        ScanEstimate lookup = estimate(engine, POINT_LOOKUP);
        assertThat(lookup.bytes()).as(lookup.detail()).isLessThan(scan.bytes() / 2);
        assertThat(lookup.rows()).as(lookup.detail()).isLessThanOrEqualTo(scan.rows());
    }

    @ParameterizedTest(name = "{0}", autoCloseArguments = false)
    @MethodSource("engines")
    void statisticsGiveTheTablesSize(Engine engine) {
        double truth = ((Number) EngineTesting.single(engine, "SELECT count(*) FROM lineitem")).doubleValue();
        Optional<ScanEstimate> statistics = engine.estimateFromStatistics(EngineTesting.query(FULL_SCAN, Duration.ofSeconds(20)), LINEITEM);
        assertThat(statistics).isPresent();
        assertThat(statistics.get().source()).isEqualTo(CostEstimate.Source.TABLE_STATISTICS);
        assertThat(statistics.get().rows()).as(statistics.get().detail()).isBetween(truth / 10, truth * 10);
        assertThat(statistics.get().bytes()).isGreaterThan(truth);
        assertThat(engine.estimateFromStatistics(EngineTesting.query("SELECT 1", Duration.ofSeconds(20)),
                List.of(new TableReference(null, null, "no_such_table")))).isEmpty();
    }

    /** The plan's estimate where the engine has one, else the statistics (ClickHouse 18.16 has no EXPLAIN). */
    static ScanEstimate estimate(Engine engine, String sql) {
        Optional<ScanEstimate> plan = engine.estimate(EngineTesting.query(sql, Duration.ofSeconds(20)));
        if (engine.type() == io.switchboard.core.engine.EngineType.CLICKHOUSE) {
            assertThat(plan).as("ClickHouse 18.16 has no EXPLAIN").isEmpty();
            return engine.estimateFromStatistics(EngineTesting.query(sql, Duration.ofSeconds(20)), LINEITEM).orElseThrow();
        }
        assertThat(plan).isPresent();
        assertThat(plan.get().source()).isEqualTo(CostEstimate.Source.ENGINE_EXPLAIN);
        return plan.get();
    }
}
