package io.switchboard.translation.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.switchboard.core.analysis.QueryAnalyzer;
import io.switchboard.core.pipeline.QueryContext;
import io.switchboard.core.pipeline.TranslationResult;
import io.switchboard.core.session.FrontendProtocol;
import io.switchboard.core.session.QueryRequest;
import io.switchboard.core.session.Session;
import io.switchboard.core.sql.Dialect;
import io.switchboard.translation.GraalPySqlglot;
import io.switchboard.translation.SqlglotTranslator;
import io.switchboard.translation.TranslationConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Translation latency, Trino dialect to PostgreSQL, of a TPC-H-like statement: a cache hit (the
 * shape seen before, new literals), sqlglot alone (cache off), and a miss (a new shape: sqlglot
 * plus the probe that builds the template). The query's analysis is done beforehand, as the
 * pipeline does it before the translate stage. SampleTime mode reports p50 and p99.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xss16m"})
@Warmup(iterations = 3, time = 10)
@Measurement(iterations = 5, time = 10)
public class TranslationBenchmark {
    private static final String SHAPE = "SELECT l_returnflag, SUM(l_quantity) AS qty, COUNT(*) AS n FROM lineitem "
            + "WHERE l_shipdate <= DATE '%s' - INTERVAL '%d' DAY AND l_discount BETWEEN %s AND 0.07 AND l_comment ILIKE '%s' "
            + "GROUP BY l_returnflag ORDER BY l_returnflag LIMIT %d";
    private static final QueryAnalyzer ANALYZER = new QueryAnalyzer();

    @State(Scope.Benchmark)
    public static class Translators {
        GraalPySqlglot sqlglot;
        SqlglotTranslator cached;
        SqlglotTranslator uncached;
        final List<QueryContext> variants = new ArrayList<>();
        int next;

        @Setup(Level.Trial)
        public void start() {
            sqlglot = GraalPySqlglot.start();
            sqlglot.readiness().join();
            cached = SqlglotTranslator.create(TranslationConfig.DEFAULTS, sqlglot, new SimpleMeterRegistry());
            TranslationConfig off = new TranslationConfig(TranslationConfig.DEFAULT_MODE, List.of(), Map.of(), 0,
                    Duration.ofMinutes(5), Duration.ofSeconds(30), Duration.ofSeconds(1));
            uncached = SqlglotTranslator.create(off, sqlglot, new SimpleMeterRegistry());
            cached.readiness().join();
            uncached.readiness().join();
            for (int i = 0; i < 1_000; i++) {
                String sql = String.format(SHAPE, String.format("199%d-%02d-%02d", i % 9, 1 + i % 12, 1 + i % 28), 30 + i % 90,
                        "0.0" + (1 + i % 5), "%" + (char) ('a' + i % 26) + "x%", 10 + i);
                variants.add(context(sql));
            }
            cached.translate(variants.get(0), Dialect.POSTGRES);
        }

        @TearDown(Level.Trial)
        public void stop() {
            sqlglot.close();
        }

        QueryContext nextVariant() {
            next = (next + 1) % variants.size();
            return variants.get(next);
        }
    }

    /** A new shape for every call of the miss benchmark: a column name that changes. */
    @State(Scope.Thread)
    public static class NewShape {
        private int counter;
        QueryContext context;

        @Setup(Level.Invocation)
        public void nextShape() {
            counter++;
            context = context(String.format(SHAPE.replace("l_returnflag", "l_returnflag_" + counter), "1998-12-01", 90, "0.05", "%x%", 100));
        }
    }

    @Benchmark
    public TranslationResult cacheHit(Translators state) {
        return state.cached.translate(state.nextVariant(), Dialect.POSTGRES);
    }

    @Benchmark
    public TranslationResult sqlglotOnly(Translators state) {
        return state.uncached.translate(state.nextVariant(), Dialect.POSTGRES);
    }

    @Benchmark
    public TranslationResult cacheMissWithTemplateBuild(Translators state, NewShape shape) {
        return state.cached.translate(shape.context, Dialect.POSTGRES);
    }

    static QueryContext context(String sql) {
        Session session = Session.builder("bench", FrontendProtocol.TRINO_HTTP).build();
        return QueryContext.of(QueryRequest.of(sql, Dialect.TRINO, session), ANALYZER.analyze(sql, Dialect.TRINO));
    }
}
