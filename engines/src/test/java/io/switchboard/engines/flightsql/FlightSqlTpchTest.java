package io.switchboard.engines.flightsql;

import io.switchboard.core.result.ResultStream;
import io.switchboard.core.sql.Dialect;
import io.switchboard.core.sql.StatementSplitter;
import io.switchboard.engines.testing.EngineTesting;
import io.switchboard.engines.testing.TpchStatements;
import io.switchboard.testkit.tpch.ResultComparator;
import io.switchboard.testkit.tpch.TpchQueries;
import io.switchboard.testkit.tpch.TpchQuery;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The 22 TPC-H queries through the Flight SQL engine against Arrow's FlightSqlExample, whose
 * Apache Derby holds TPC-H at scale 0.01. Five run as shipped (q11, q13, q16, q17, q22); the
 * other seventeen are written in Derby's dialect with the same meaning —
 * {@code io/switchboard/testkit/tpch/derby/qN.sql} in the testkit, each saying what changed: Derby has no
 * {@code DATE '...'} literals, interval arithmetic, {@code LIMIT} or {@code extract}, and q14's
 * answer was computed in DOUBLE. q19 factors its repeated join condition out of the OR, without
 * which Derby needs more than a minute.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
final class FlightSqlTpchTest {
    private FlightSqlEngine engine;

    @BeforeAll
    void start() {
        engine = FlightSqlTesting.engine("");
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
    void answersTheTpchQueryInDerbysDialect(int number) {
        TpchQuery query = TpchQueries.query(number);
        String text = rewrite(number);
        List<String> statements = StatementSplitter.split(text == null ? query.sql() : text, Dialect.ANSI);
        for (String setup : statements.subList(0, statements.size() - 1)) {
            run(TpchStatements.strip(setup));
        }
        try {
            ResultComparator.assertMatches(query, EngineTesting.rows(engine, TpchStatements.strip(statements.getLast())));
        } finally {
            if (number == 15) {
                run("DROP VIEW revenue");
            }
        }
    }

    private void run(String sql) {
        try (ResultStream stream = engine.execute(EngineTesting.query(sql))) {
            EngineTesting.drain(stream);
        }
    }

    private static String rewrite(int number) {
        try (InputStream in = FlightSqlTpchTest.class.getResourceAsStream("/io/switchboard/testkit/tpch/derby/q" + number + ".sql")) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
