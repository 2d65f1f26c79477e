package io.switchboard.engines.postgres;

import io.switchboard.core.engine.Engine;
import io.switchboard.engines.testing.EngineTesting;
import io.switchboard.testkit.tpch.ResultComparator;
import io.switchboard.testkit.tpch.TpchQueries;
import io.switchboard.testkit.tpch.TpchQuery;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The 22 TPC-H queries, as shipped, through the PostgreSQL adapter against real PostgreSQL at scale 0.01. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
final class PostgresTpchTest {
    private Engine engine;

    @BeforeAll
    void start() {
        engine = PostgresTesting.tpchEngine("batchSize: 100\n");
    }

    @AfterAll
    void close() {
        if (engine != null) {
            engine.close();
        }
    }

    Stream<TpchQuery> queries() {
        return TpchQueries.all().stream();
    }

    @ParameterizedTest(name = "q{0}")
    @MethodSource("queries")
    void answersTheTpchQuery(TpchQuery query) {
        List<String> statements = query.statements();
        for (String setup : statements.subList(0, statements.size() - 1)) {
            EngineTesting.update(engine, setup);
        }
        ResultComparator.assertMatches(query, EngineTesting.rows(engine, statements.get(statements.size() - 1)));
    }
}
