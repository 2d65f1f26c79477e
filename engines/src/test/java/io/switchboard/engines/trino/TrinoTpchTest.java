package io.switchboard.engines.trino;

import io.switchboard.engines.testing.EngineTesting;
import io.switchboard.engines.testing.TpchStatements;
import io.switchboard.testkit.tpch.ResultComparator;
import io.switchboard.testkit.tpch.TpchQueries;
import io.switchboard.testkit.tpch.TpchQuery;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The 22 TPC-H queries through the Trino engine against Trino's {@code tpch.tiny} (scale 0.01),
 * compared with the published answers. All run as shipped except q15, whose {@code CREATE VIEW}
 * the read-only tpch catalog cannot hold: it runs as the same query with the view inlined as a
 * {@code WITH} clause.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
final class TrinoTpchTest {
    private TrinoEngine engine;

    @BeforeAll
    void start() {
        engine = TrinoTesting.engine("");
    }

    @AfterAll
    void stop() {
        if (engine != null) {
            engine.close();
        }
    }

    IntStream queries() {
        return IntStream.rangeClosed(1, TpchQueries.COUNT);
    }

    @ParameterizedTest(name = "q{0}")
    @MethodSource("queries")
    void answersTheTpchQuery(int number) {
        TpchQuery query = TpchQueries.query(number);
        ResultComparator.assertMatches(query, EngineTesting.rows(engine, TpchStatements.singleStatement(query)));
    }
}
