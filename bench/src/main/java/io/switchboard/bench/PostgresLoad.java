package io.switchboard.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Recorder;
import org.HdrHistogram.Histogram;

/**
 * Closed-loop load over the PostgreSQL protocol with pgjdbc: N connections each run one query
 * after another; latencies go into HdrHistograms. Several targets (for example direct
 * PostgreSQL and Switchboard in front of it) are measured in alternating rounds within one run,
 * so that a noisy machine affects both alike and the comparison is a ratio.
 *
 * <pre>
 * PostgresLoad --target NAME=JDBC_URL [--target ...] --user U --password P
 *              --query NAME=SQL [--query ...] --connections 1,8,64
 *              [--rounds 5] [--round-seconds 4] [--warmup-seconds 3] [--mode extended|simple]
 *              [--baseline NAME]
 * </pre>
 * A query may hold one {@code ?}: it is bound to a random integer in [1, --max-key].
 *
 * <p>With {@code --baseline NAME} (say, direct PostgreSQL), each other target also gets an
 * {@code added} line: its latency minus the baseline's, percentile by percentile, over all rounds
 * (the rounds interleave, so both saw the same machine), and its throughput as a ratio.
 */
public final class PostgresLoad {
    private PostgresLoad() {}

    public static void main(String[] args) throws Exception {
        Arguments arguments = Arguments.parse(args);
        System.out.printf(Locale.ROOT, "%-12s %-12s %5s %10s %10s %10s %10s %10s%n",
                "target", "query", "conns", "qps", "p50_us", "p95_us", "p99_us", "errors");
        for (Map.Entry<String, String> query : arguments.queries.entrySet()) {
            for (int connections : arguments.connections) {
                Map<String, Histogram> histograms = new LinkedHashMap<>();
                Map<String, Long> errors = new LinkedHashMap<>();
                Map<String, Double> seconds = new LinkedHashMap<>();
                for (String target : arguments.targets.keySet()) {
                    histograms.put(target, new Histogram(3));
                    errors.put(target, 0L);
                    seconds.put(target, 0.0);
                }
                for (String target : arguments.targets.keySet()) {
                    runRound(arguments, arguments.targets.get(target), query.getValue(), connections,
                            Duration.ofSeconds(arguments.warmupSeconds), null);
                }
                for (int round = 0; round < arguments.rounds; round++) {
                    for (String target : arguments.targets.keySet()) {
                        AtomicLong roundErrors = new AtomicLong();
                        Histogram roundHistogram = runRound(arguments, arguments.targets.get(target), query.getValue(),
                                connections, Duration.ofSeconds(arguments.roundSeconds), roundErrors);
                        histograms.get(target).add(roundHistogram);
                        errors.merge(target, roundErrors.get(), Long::sum);
                        seconds.merge(target, (double) arguments.roundSeconds, Double::sum);
                    }
                }
                for (String target : arguments.targets.keySet()) {
                    Histogram histogram = histograms.get(target);
                    System.out.printf(Locale.ROOT, "%-12s %-12s %5d %10.0f %10.1f %10.1f %10.1f %10d%n",
                            target, query.getKey(), connections, histogram.getTotalCount() / seconds.get(target),
                            histogram.getValueAtPercentile(50) / 1000.0, histogram.getValueAtPercentile(95) / 1000.0,
                            histogram.getValueAtPercentile(99) / 1000.0, errors.get(target));
                }
                if (arguments.baseline != null) {
                    printAdded(arguments, query.getKey(), connections, histograms, seconds);
                }
            }
        }
    }

    /**
     * One line per non-baseline target: {@code added} latency in microseconds at p50, p95 and p99
     * (target minus baseline), and in the qps column the target's throughput relative to the baseline.
     */
    private static void printAdded(Arguments arguments, String query, int connections, Map<String, Histogram> histograms,
            Map<String, Double> seconds) {
        Histogram baseline = histograms.get(arguments.baseline);
        double baselineQps = baseline.getTotalCount() / seconds.get(arguments.baseline);
        for (String target : arguments.targets.keySet()) {
            if (target.equals(arguments.baseline)) {
                continue;
            }
            Histogram histogram = histograms.get(target);
            double qps = histogram.getTotalCount() / seconds.get(target);
            System.out.printf(Locale.ROOT, "%-12s %-12s %5d %9.2fx %10.1f %10.1f %10.1f %10s%n",
                    "added:" + target, query, connections, qps / baselineQps,
                    added(histogram, baseline, 50), added(histogram, baseline, 95), added(histogram, baseline, 99), "-");
        }
    }

    private static double added(Histogram target, Histogram baseline, double percentile) {
        return (target.getValueAtPercentile(percentile) - baseline.getValueAtPercentile(percentile)) / 1000.0;
    }

    /** Runs one timed round; returns the latencies in nanoseconds. */
    private static Histogram runRound(Arguments arguments, String url, String sql, int connections, Duration duration,
            AtomicLong errors) throws Exception {
        Recorder recorder = new Recorder(3);
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch ready = new CountDownLatch(connections);
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            threads.add(Thread.ofPlatform().start(() -> {
                try (Connection connection = connect(arguments, url);
                        PreparedStatement statement = connection.prepareStatement(sql)) {
                    ready.countDown();
                    go.await();
                    boolean bound = sql.contains("?");
                    while (!stop.get()) {
                        if (bound) {
                            statement.setInt(1, 1 + ThreadLocalRandom.current().nextInt(arguments.maxKey));
                        }
                        long start = System.nanoTime();
                        try (ResultSet resultSet = statement.executeQuery()) {
                            while (resultSet.next()) {
                                resultSet.getObject(1);
                            }
                            recorder.recordValue(System.nanoTime() - start);
                        } catch (SQLException e) {
                            if (errors != null) {
                                errors.incrementAndGet();
                            }
                        }
                    }
                } catch (Exception e) {
                    ready.countDown();
                    if (errors != null) {
                        errors.incrementAndGet();
                    }
                    System.err.println("connection failed: " + e.getMessage());
                }
            }));
        }
        ready.await();
        recorder.reset();
        go.countDown();
        Thread.sleep(duration.toMillis());
        Histogram histogram = recorder.getIntervalHistogram();
        stop.set(true);
        for (Thread thread : threads) {
            thread.join();
        }
        return histogram;
    }

    static Connection connect(Arguments arguments, String url) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", arguments.user);
        properties.setProperty("password", arguments.password);
        properties.setProperty("preferQueryMode", arguments.mode);
        properties.setProperty("sslmode", "disable");
        return DriverManager.getConnection(url, properties);
    }

    static final class Arguments {
        final Map<String, String> targets = new LinkedHashMap<>();
        final Map<String, String> queries = new LinkedHashMap<>();
        List<Integer> connections = List.of(1, 8, 64);
        String user = "switchboard";
        String password = "switchboard";
        String mode = "extended";
        int rounds = 5;
        int roundSeconds = 4;
        int warmupSeconds = 3;
        int maxKey = 1500;
        String baseline;

        static Arguments parse(String[] args) {
            Arguments arguments = new Arguments();
            for (int i = 0; i < args.length; i++) {
                String value = i + 1 < args.length ? args[i + 1] : null;
                switch (args[i]) {
                    case "--target" -> putNamed(arguments.targets, value);
                    case "--query" -> putNamed(arguments.queries, value);
                    case "--connections" -> arguments.connections = java.util.Arrays.stream(value.split(",")).map(Integer::parseInt).toList();
                    case "--user" -> arguments.user = value;
                    case "--password" -> arguments.password = value;
                    case "--mode" -> arguments.mode = value;
                    case "--rounds" -> arguments.rounds = Integer.parseInt(value);
                    case "--round-seconds" -> arguments.roundSeconds = Integer.parseInt(value);
                    case "--warmup-seconds" -> arguments.warmupSeconds = Integer.parseInt(value);
                    case "--max-key" -> arguments.maxKey = Integer.parseInt(value);
                    case "--baseline" -> arguments.baseline = value;
                    default -> throw new IllegalArgumentException("unknown argument " + args[i]);
                }
                i++;
            }
            if (arguments.targets.isEmpty() || arguments.queries.isEmpty()) {
                throw new IllegalArgumentException("need at least one --target NAME=URL and one --query NAME=SQL");
            }
            if (arguments.baseline != null && !arguments.targets.containsKey(arguments.baseline)) {
                throw new IllegalArgumentException("--baseline " + arguments.baseline + " is not one of the targets");
            }
            return arguments;
        }

        private static void putNamed(Map<String, String> map, String value) {
            int equals = value == null ? -1 : value.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException("expected NAME=VALUE but got " + value);
            }
            map.put(value.substring(0, equals), value.substring(equals + 1));
        }
    }
}
