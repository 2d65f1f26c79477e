package io.switchboard.bench.guards;

import io.switchboard.core.analysis.QueryAnalysis;
import io.switchboard.core.analysis.QueryAnalyzer;
import io.switchboard.core.pipeline.GuardVerdict;
import io.switchboard.core.pipeline.QueryContext;
import io.switchboard.core.result.Column;
import io.switchboard.core.result.ResultStream;
import io.switchboard.core.result.ResultStreams;
import io.switchboard.core.result.RowBatch;
import io.switchboard.core.session.FrontendProtocol;
import io.switchboard.core.session.QueryRequest;
import io.switchboard.core.session.Session;
import io.switchboard.core.sql.Dialect;
import io.switchboard.core.types.DataType;
import io.switchboard.guardrails.pii.MaskingOperator;
import io.switchboard.guardrails.pii.PiiEntity;
import io.switchboard.guardrails.pii.PiiMaskGuard;
import io.switchboard.guardrails.pii.PiiPolicy;
import io.switchboard.guardrails.readonly.ReadOnlyGuard;
import io.switchboard.guardrails.readonly.ReadOnlyOptions;
import io.switchboard.guardrails.rowlimit.RowLimitGuard;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The guard chain of the embedded default for agents (ReadOnly, RowLimit, PIIMask) on one query
 * whose analysis is already made (the pipeline analyzes once; guards read that analysis), and
 * PIIMask's throughput on a streaming result.
 *
 * <ul>
 *   <li>{@code chainOnAnalyzedQuery}: ReadOnly and RowLimit judge a TPC-H-like query (RowLimit's
 *       rewrite included), then RowLimit and PIIMask wrap a 20-row result and it is read through.</li>
 *   <li>{@code chainWithReanalysis}: the same, plus the analysis of RowLimit's rewritten text that
 *       the pipeline makes after a rewrite (one jsqlparser parse).</li>
 *   <li>{@code piiMaskValues}: values per second through PIIMask on 64 batches of 1024 rows with
 *       email, phone, card, id, city and amount columns (three of them masked).</li>
 * </ul>
 * Run: {@code ./bench/guards.sh} (or java -cp "bench/target/classes:bench/target/lib/*" org.openjdk.jmh.Main GuardChainBenchmark).
 */
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class GuardChainBenchmark {
    private static final String SQL = """
            SELECT l_orderkey, sum(l_extendedprice * (1 - l_discount)) AS revenue, o_orderdate, o_shippriority
            FROM customer, orders, lineitem
            WHERE c_mktsegment = 'BUILDING' AND c_custkey = o_custkey AND l_orderkey = o_orderkey
              AND o_orderdate < DATE '1995-03-15' AND l_shipdate > DATE '1995-03-15'
            GROUP BY l_orderkey, o_orderdate, o_shippriority
            ORDER BY revenue DESC, o_orderdate""";
    private static final List<Column> COLUMNS = List.of(new Column("customer_id", DataType.BIGINT),
            new Column("email", DataType.VARCHAR), new Column("phone", DataType.VARCHAR),
            new Column("card", DataType.VARCHAR), new Column("city", DataType.VARCHAR), new Column("amount", DataType.DOUBLE));
    private static final int BATCHES = 64;
    private static final int BATCH_ROWS = 1024;

    private final QueryAnalyzer analyzer = new QueryAnalyzer();
    private ReadOnlyGuard readOnly;
    private RowLimitGuard rowLimit;
    private PiiMaskGuard piiMask;
    private QueryContext context;
    private List<Object[]> smallResult;

    @Setup(Level.Trial)
    public void setUp() {
        readOnly = new ReadOnlyGuard(ReadOnlyOptions.DEFAULTS);
        rowLimit = new RowLimitGuard(1000);
        piiMask = new PiiMaskGuard(new PiiPolicy(Map.of(PiiEntity.EMAIL, MaskingOperator.HASH), MaskingOperator.MASK, Map.of(),
                PiiPolicy.DEFAULT_REDACTED_TEXT, "a-benchmark-key-of-some-length".getBytes(StandardCharsets.UTF_8),
                PiiPolicy.DEFAULT_SAMPLE_ROWS, PiiPolicy.DEFAULT_MIN_MATCH_RATIO, Map.of(), Set.of()));
        QueryRequest request = QueryRequest.of(SQL, Dialect.TRINO, Session.builder("agent", FrontendProtocol.MCP).build());
        QueryAnalysis analysis = analyzer.analyze(SQL, Dialect.TRINO);
        context = QueryContext.of(request, analysis);
        smallResult = rows(20, 0);
    }

    /** Fresh rows per invocation: masking works in place. */
    @Setup(Level.Invocation)
    public void freshRows() {
        fill(smallResult, 0);
    }

    /** The large result of the throughput benchmark, refilled before each pass (masking works in place). */
    @State(Scope.Thread)
    public static class LargeResult {
        final List<List<Object[]>> batches = new ArrayList<>();

        @Setup(Level.Invocation)
        public void refill() {
            if (batches.isEmpty()) {
                for (int b = 0; b < BATCHES; b++) {
                    batches.add(rows(BATCH_ROWS, b * BATCH_ROWS));
                }
            } else {
                for (int b = 0; b < BATCHES; b++) {
                    fill(batches.get(b), b * BATCH_ROWS);
                }
            }
        }
    }

    private static List<Object[]> rows(int count, int first) {
        List<Object[]> rows = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            rows.add(new Object[6]);
        }
        fill(rows, first);
        return rows;
    }

    private static void fill(List<Object[]> rows, int first) {
        for (int i = 0; i < rows.size(); i++) {
            int n = first + i;
            Object[] row = rows.get(i);
            row[0] = (long) n;
            row[1] = "customer" + n + "@example.com";
            row[2] = "(415) 555-" + String.format("%04d", n % 10_000);
            row[3] = "4111 1111 1111 " + String.format("%04d", n % 10_000);
            row[4] = n % 2 == 0 ? "Lisbon" : "Osaka";
            row[5] = n * 1.5;
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public void chainOnAnalyzedQuery(Blackhole sink) {
        sink.consume(readOnly.evaluate(context));
        GuardVerdict limit = rowLimit.evaluate(context);
        sink.consume(limit);
        drain(sink, ResultStreams.of(COLUMNS, smallResult));
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public void chainWithReanalysis(Blackhole sink) {
        sink.consume(readOnly.evaluate(context));
        GuardVerdict limit = rowLimit.evaluate(context);
        sink.consume(analyzer.analyze(limit.rewrittenSql(), Dialect.TRINO));
        drain(sink, ResultStreams.of(COLUMNS, smallResult));
    }

    private void drain(Blackhole sink, ResultStream engine) {
        ResultStream stream = piiMask.filterResult(context, rowLimit.filterResult(context, engine));
        for (RowBatch batch = stream.nextBatch(); batch != null; batch = stream.nextBatch()) {
            sink.consume(batch);
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(BATCHES * BATCH_ROWS * 6)
    public void piiMaskValues(LargeResult large, Blackhole sink) {
        ResultStream engine = new ResultStream() {
            private int next;

            @Override
            public List<Column> columns() {
                return COLUMNS;
            }

            @Override
            public RowBatch nextBatch() {
                return next < BATCHES ? new RowBatch(large.batches.get(next++)) : null;
            }

            @Override
            public void cancel() { }

            @Override
            public void close() { }
        };
        ResultStream stream = piiMask.filterResult(context, engine);
        for (RowBatch batch = stream.nextBatch(); batch != null; batch = stream.nextBatch()) {
            sink.consume(batch);
        }
    }
}
