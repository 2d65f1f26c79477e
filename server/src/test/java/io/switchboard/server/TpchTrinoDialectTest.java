package io.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.testkit.tpch.ResultComparator;
import io.switchboard.testkit.tpch.TpchQueries;
import io.switchboard.testkit.tpch.TpchQuery;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One dialect reaches every engine (issue #6): the 22 TPC-H queries as Trino writes them (the
 * shipped text), sent through the PostgreSQL frontend with {@code switchboard.dialect = 'trino'},
 * translated by sqlglot and run on DuckDB, PostgreSQL, MariaDB and ClickHouse, must give the
 * answers Trino itself gives for the same text (compared with {@link TpchAnswers}) and the
 * published answers (compared with {@link ResultComparator}).
 *
 * <p>Every pair that does not is listed in {@link #KNOWN_FAILURES} with its reason, which
 * {@code docs/translation.md} explains; the test checks that a listed pair still fails, so the
 * list cannot go stale. Translation runs in strict mode, so a statement sqlglot cannot carry
 * fails as such instead of reaching the engine as written.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
final class TpchTrinoDialectTest {
    private static final Logger log = LoggerFactory.getLogger(TpchTrinoDialectTest.class);
    static final List<TpchEngine> TARGETS = List.of(TpchEngine.DUCKDB, TpchEngine.POSTGRES, TpchEngine.MARIADB, TpchEngine.CLICKHOUSE);
    static final String TRANSLATION = """
            translation:
              mode: strict
              warmupTimeout: 300s
            """;

    /**
     * Engine and query that do not give Trino's answer through the Trino-dialect path: why, and what
     * the engine says (the test checks that the failure is still this one). docs/translation.md
     * ("TPC-H in Trino's dialect on every engine") explains each. sqlglot translates all 22 for
     * ClickHouse; ClickHouse 18.16 refuses the SQL of these (see docs/engines.md).
     */
    static final Map<TpchEngine, Map<Integer, KnownFailure>> KNOWN_FAILURES = Map.of(
            TpchEngine.DUCKDB, Map.of(),
            TpchEngine.POSTGRES, Map.of(),
            TpchEngine.MARIADB, Map.of(),
            TpchEngine.CLICKHOUSE, clickHouseFailures());

    /** Why a query fails on an engine, and a fragment of the engine's error that shows it. */
    record KnownFailure(String reason, String engineSays) {}

    private static Map<Integer, KnownFailure> clickHouseFailures() {
        Map<Integer, KnownFailure> failures = new TreeMap<>();
        KnownFailure manyJoins = new KnownFailure("more than one JOIN in one SELECT; 18.16 joins two tables per SELECT",
                "Support for more than one JOIN in query is not implemented");
        for (int number : new int[] {2, 3, 5, 7, 8, 9, 10, 11, 18}) {
            failures.put(number, manyJoins);
        }
        KnownFailure commaJoin = new KnownFailure("two tables joined by a comma with the join condition in WHERE",
                "unknown combination of JOIN");
        for (int number : new int[] {12, 16, 19}) {
            failures.put(number, commaJoin);
        }
        failures.put(4, new KnownFailure("correlated EXISTS; 18.16 has no EXISTS", "Syntax error"));
        failures.put(13, new KnownFailure("an outer join whose ON holds a condition other than column equality",
                "Invalid expression for JOIN ON"));
        failures.put(14, new KnownFailure("100.00 is Float64 in ClickHouse (DECIMAL in Trino); 18.16 cannot multiply Float64 by Decimal",
                "Illegal types Float64 and Decimal"));
        failures.put(15, new KnownFailure("CREATE OR REPLACE VIEW; 18.16 only has CREATE VIEW (and cannot run the query on the view)",
                "Syntax error: failed at position 8: OR REPLACE VIEW"));
        failures.put(17, new KnownFailure("a correlated scalar subquery", "Unknown identifier: p_partkey"));
        failures.put(20, new KnownFailure("a correlated scalar subquery inside IN", "Unknown identifier: ps_suppkey"));
        failures.put(21, new KnownFailure("correlated EXISTS and NOT EXISTS", "Syntax error"));
        failures.put(22, new KnownFailure("correlated NOT EXISTS", "Syntax error"));
        return Map.copyOf(failures);
    }

    @TempDir
    static Path dataDirectory;

    private final Map<TpchEngine, TestingSwitchboard> switchboards = new EnumMap<>(TpchEngine.class);
    private final Map<Integer, List<List<Object>>> trinoAnswers = new ConcurrentHashMap<>();
    private final Map<TpchEngine, Map<Integer, String>> problems = new ConcurrentHashMap<>();
    private final Set<TpchEngine> ran = ConcurrentHashMap.newKeySet();

    @BeforeAll
    void start() {
        for (TpchEngine engine : Stream.concat(Stream.of(TpchEngine.TRINO), TARGETS.stream()).toList()) {
            switchboards.put(engine, engine.startSwitchboard(dataDirectory.resolve(engine.cluster()), TRANSLATION));
        }
    }

    @AfterAll
    void stop() {
        StringBuilder summary = new StringBuilder("TPC-H in Trino's dialect through the Trino-dialect path:");
        for (TpchEngine engine : TARGETS) {
            if (!ran.contains(engine)) {
                continue;
            }
            Map<Integer, String> failed = new TreeMap<>(problems.getOrDefault(engine, Map.of()));
            summary.append("\n  ").append(engine.cluster()).append(": ").append(TpchQueries.COUNT - failed.size()).append(" of ")
                    .append(TpchQueries.COUNT).append(" give Trino's and the published answers");
            failed.forEach((number, problem) -> summary.append("\n    q").append(number).append(": ").append(problem));
        }
        log.info("{}", summary);
        System.out.println(summary);
        switchboards.values().forEach(TestingSwitchboard::close);
    }

    Stream<Arguments> cases() {
        return TARGETS.stream().flatMap(engine -> IntStream.rangeClosed(1, TpchQueries.COUNT).mapToObj(n -> Arguments.of(engine, n)));
    }

    @ParameterizedTest(name = "{0} q{1}")
    @MethodSource("cases")
    void theTrinoDialectGivesTrinosAnswer(TpchEngine engine, int number) {
        TpchQuery query = TpchQueries.query(number);
        ran.add(engine);
        Optional<String> problem = problem(query, engine);
        problem.ifPresent(text -> problems.computeIfAbsent(engine, ignored -> new ConcurrentHashMap<>()).put(number, text));
        KnownFailure known = KNOWN_FAILURES.get(engine).get(number);
        if (known == null) {
            assertThat(problem).as("%s q%d in Trino's dialect", engine, number).isEmpty();
        } else {
            assertThat(problem).as("%s q%d is listed as failing (%s) but gave the right answer; remove it from the list",
                    engine, number, known.reason()).isPresent();
            assertThat(problem.get()).as("%s q%d is listed as failing because of %s", engine, number, known.reason())
                    .contains(known.engineSays());
        }
    }

    /** What is wrong with the engine's answer, or empty when it matches Trino's and the published one. */
    private Optional<String> problem(TpchQuery query, TpchEngine engine) {
        List<List<Object>> rows;
        try {
            rows = runInTrinoDialect(engine, query);
        } catch (SQLException e) {
            return Optional.of("fails: " + e.getMessage().lines().findFirst().orElse(""));
        }
        Optional<String> fromTrino = TpchAnswers.difference(query, trinoAnswer(query), rows);
        if (fromTrino.isPresent()) {
            return Optional.of("differs from Trino: " + fromTrino.get());
        }
        return ResultComparator.firstDifference(query, rows).map(difference -> "differs from the published answer: " + difference);
    }

    private List<List<Object>> trinoAnswer(TpchQuery query) {
        return trinoAnswers.computeIfAbsent(query.number(), number -> {
            try {
                return runInTrinoDialect(TpchEngine.TRINO, query);
            } catch (SQLException e) {
                throw new AssertionError("Trino itself cannot run " + query.name() + ": " + e.getMessage(), e);
            }
        });
    }

    private List<List<Object>> runInTrinoDialect(TpchEngine engine, TpchQuery query) throws SQLException {
        try (Connection connection = switchboards.get(engine).connect()) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("SET switchboard.dialect = 'trino'");
            }
            try {
                return TpchAnswers.run(connection, query.statements().stream().map(TpchAnswers::strip).toList());
            } finally {
                if (query.number() == 15) {
                    try (Statement statement = connection.createStatement()) {
                        statement.execute("DROP VIEW IF EXISTS revenue");
                    } catch (SQLException e) {
                        log.debug("Could not drop q15's view on {}", engine, e);
                    }
                }
            }
        }
    }
}
