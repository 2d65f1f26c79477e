package io.switchboard.engines.estimate;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.analysis.TableReference;
import io.switchboard.core.engine.Engine;
import io.switchboard.core.engine.ScanEstimate;
import io.switchboard.core.pipeline.CostEstimate;
import io.switchboard.engines.testing.EngineTesting;
import io.switchboard.engines.trino.TrinoEngineFactory;
import io.switchboard.testkit.trino.TrinoServer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Trino's {@code EXPLAIN (TYPE IO)} estimates against the real Trino of the testkit (catalog tpch, schema tiny). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
final class TrinoScanEstimateTest {
    private Engine engine;

    @BeforeAll
    void start() {
        engine = EngineTesting.engine(new TrinoEngineFactory(), "trino",
                "endpoint: " + TrinoServer.shared().endpoint() + "\ncatalog: tpch\nschema: tiny\n");
    }

    @AfterAll
    void close() {
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void fullScanAndPointLookup() {
        double truth = ((Number) EngineTesting.single(engine, "SELECT count(*) FROM lineitem")).doubleValue();
        ScanEstimate scan = estimate("SELECT * FROM lineitem");
        assertThat(scan.source()).isEqualTo(CostEstimate.Source.ENGINE_EXPLAIN);
        assertThat(scan.rows()).as(scan.detail()).isBetween(truth / 10, truth * 10);
        assertThat(scan.bytes()).as(scan.detail()).isGreaterThan(truth * 16);
        ScanEstimate lookup = estimate("SELECT l_orderkey, l_linenumber, l_quantity FROM lineitem WHERE l_orderkey = 1 AND l_linenumber = 1");
        assertThat(lookup.bytes()).as(lookup.detail()).isLessThan(scan.bytes() / 2);
    }

    @Test
    void statisticsGiveTheTablesSize() {
        ScanEstimate statistics = engine.estimateFromStatistics(EngineTesting.query("SELECT * FROM lineitem", Duration.ofSeconds(30)),
                List.of(new TableReference(null, null, "lineitem"))).orElseThrow();
        assertThat(statistics.rows()).as(statistics.detail()).isBetween(6_000.0, 600_000.0);
    }

    private ScanEstimate estimate(String sql) {
        return engine.estimate(EngineTesting.query(sql, Duration.ofSeconds(30))).orElseThrow();
    }
}
