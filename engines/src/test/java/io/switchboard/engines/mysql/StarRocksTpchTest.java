package io.switchboard.engines.mysql;

import io.switchboard.core.engine.Engine;
import io.switchboard.engines.testing.EngineTesting;
import io.switchboard.testkit.mariadb.MariaDbServer;
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

/**
 * The 22 TPC-H queries through {@code engine: starRocks} against MariaDB (no StarRocks server runs
 * here): the StarRocks adapter's protocol, streaming and type mapping on real answers. The
 * queries are MariaDB's versions, with the same two rewrites and setting as {@link MySqlTpchTest}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
final class StarRocksTpchTest {
    private Engine engine;

    @BeforeAll
    void start() {
        engine = MariaDbTesting.engine(MariaDbServer.sharedTpch(), "starRocks", new StarRocksEngineFactory(),
                "batchSize: 100\nsessionProperties:\n  div_precision_increment: 30\n");
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
        List<String> statements = query.statements().stream()
                .map(sql -> MySqlTpchTest.inMariaDbDialect(query.number(), sql)).toList();
        for (String setup : statements.subList(0, statements.size() - 1)) {
            EngineTesting.update(engine, setup);
        }
        ResultComparator.assertMatches(query, EngineTesting.rows(engine, statements.get(statements.size() - 1)));
    }
}
