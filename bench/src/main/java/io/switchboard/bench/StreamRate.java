package io.switchboard.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Rows per second of one large streamed result read with pgjdbc (cursor fetch), for one or more
 * targets measured in alternating repetitions.
 *
 * <pre>
 * StreamRate --target NAME=JDBC_URL [--target ...] --user U --password P --sql SQL
 *            [--fetch-size 10000] [--repetitions 3] [--baseline NAME]
 * </pre>
 * With {@code --baseline NAME}, each other target's median rate is also given relative to it.
 */
public final class StreamRate {
    private StreamRate() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> targets = new LinkedHashMap<>();
        String user = "switchboard";
        String password = "switchboard";
        String sql = null;
        int fetchSize = 10_000;
        int repetitions = 3;
        String baseline = null;
        for (int i = 0; i < args.length; i += 2) {
            String value = args[i + 1];
            switch (args[i]) {
                case "--target" -> targets.put(value.substring(0, value.indexOf('=')), value.substring(value.indexOf('=') + 1));
                case "--user" -> user = value;
                case "--password" -> password = value;
                case "--sql" -> sql = value;
                case "--fetch-size" -> fetchSize = Integer.parseInt(value);
                case "--repetitions" -> repetitions = Integer.parseInt(value);
                case "--baseline" -> baseline = value;
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (targets.isEmpty() || sql == null) {
            throw new IllegalArgumentException("need --target NAME=URL and --sql SQL");
        }
        Map<String, List<Double>> rates = new LinkedHashMap<>();
        for (int repetition = 0; repetition < repetitions; repetition++) {
            for (Map.Entry<String, String> target : targets.entrySet()) {
                Properties properties = new Properties();
                properties.setProperty("user", user);
                properties.setProperty("password", password);
                long rows = 0;
                long start = System.nanoTime();
                try (Connection connection = DriverManager.getConnection(target.getValue(), properties)) {
                    connection.setAutoCommit(false);
                    try (Statement statement = connection.createStatement()) {
                        statement.setFetchSize(fetchSize);
                        try (ResultSet resultSet = statement.executeQuery(sql)) {
                            int columns = resultSet.getMetaData().getColumnCount();
                            while (resultSet.next()) {
                                for (int column = 1; column <= columns; column++) {
                                    resultSet.getObject(column);
                                }
                                rows++;
                            }
                        }
                    }
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                rates.computeIfAbsent(target.getKey(), k -> new ArrayList<>()).add(rows / seconds);
                System.out.printf(Locale.ROOT, "%-12s repetition %d: %d rows in %.2f s = %.0f rows/s%n",
                        target.getKey(), repetition + 1, rows, seconds, rows / seconds);
            }
        }
        Map<String, Double> medians = new LinkedHashMap<>();
        rates.forEach((target, values) -> {
            List<Double> sorted = new ArrayList<>(values);
            Collections.sort(sorted);
            medians.put(target, sorted.get(sorted.size() / 2));
            System.out.printf(Locale.ROOT, "%-12s median %.0f rows/s over %d repetitions%n", target, sorted.get(sorted.size() / 2), sorted.size());
        });
        if (baseline != null && medians.containsKey(baseline)) {
            for (Map.Entry<String, Double> median : medians.entrySet()) {
                if (!median.getKey().equals(baseline)) {
                    System.out.printf(Locale.ROOT, "%-12s ratio %.3f of %s%n", median.getKey(), median.getValue() / medians.get(baseline), baseline);
                }
            }
        }
    }
}
