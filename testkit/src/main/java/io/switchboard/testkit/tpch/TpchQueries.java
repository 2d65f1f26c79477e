package io.switchboard.testkit.tpch;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Loads the 22 TPC-H queries and their expected answers at scale factor 0.01 from the
 * {@code io.trino.tpch} jar ({@code io/trino/tpch/queries/qN.sql} and {@code qN.result}).
 *
 * <p>An answer file starts with a header such as {@code -- delimiter: |; ignoreOrder: false;}
 * followed by one line per row. Some rows end with the delimiter and some do not; no TPC-H
 * answer holds an empty text value, so one trailing delimiter is dropped.
 */
public final class TpchQueries {
    public static final int COUNT = 22;
    private static final String RESOURCE_DIRECTORY = "io/trino/tpch/queries/";
    private static final String REWRITE_DIRECTORY = "io/switchboard/testkit/tpch/";

    private TpchQueries() {}

    /** All 22 queries, q1 first. */
    public static List<TpchQuery> all() {
        List<TpchQuery> queries = new ArrayList<>(COUNT);
        for (int number = 1; number <= COUNT; number++) {
            queries.add(query(number));
        }
        return List.copyOf(queries);
    }

    public static TpchQuery query(int number) {
        if (number < 1 || number > COUNT) {
            throw new IllegalArgumentException("TPC-H has queries 1 to 22, not " + number);
        }
        String sql = resource("q" + number + ".sql").strip();
        return parse(number, sql, resource("q" + number + ".result"));
    }

    /**
     * The query written for an engine that cannot run the shipped text as it is, with the same
     * meaning, or empty when the shipped text runs there. The files live under
     * {@code io/switchboard/testkit/tpch/<engine>/qN.sql}; each starts with a comment saying what
     * changed and why.
     *
     * @param engine {@code clickhouse} (ClickHouse 18.16), {@code derby} (Apache Derby behind
     *     FlightSqlExample), {@code mariadb} (MariaDB 10.11) or {@code trino} (Trino 476)
     */
    public static Optional<String> rewrite(String engine, int number) {
        if (number < 1 || number > COUNT) {
            throw new IllegalArgumentException("TPC-H has queries 1 to 22, not " + number);
        }
        String path = REWRITE_DIRECTORY + engine + "/q" + number + ".sql";
        try (InputStream in = TpchQueries.class.getClassLoader().getResourceAsStream(path)) {
            return in == null ? Optional.empty() : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }

    /** Parses an answer file; visible for tests of the format's corners. */
    static TpchQuery parse(int number, String sql, String answer) {
        List<String> lines = answer.lines().toList();
        if (lines.isEmpty() || !lines.get(0).startsWith("--")) {
            throw new IllegalStateException("answer of q" + number + " has no header line");
        }
        String header = lines.get(0).substring(2);
        String delimiter = headerValue(header, "delimiter", "|");
        boolean ignoreOrder = Boolean.parseBoolean(headerValue(header, "ignoreOrder", "false"));
        List<List<String>> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            String row = line.endsWith(delimiter) ? line.substring(0, line.length() - delimiter.length()) : line;
            List<String> values = new ArrayList<>(Arrays.asList(row.split(Pattern.quote(delimiter), -1)));
            values.replaceAll(value -> value.equals("null") ? null : value);
            rows.add(values);
        }
        return new TpchQuery(number, sql, rows, ignoreOrder);
    }

    private static String headerValue(String header, String key, String defaultValue) {
        for (String part : header.split(";")) {
            int colon = part.indexOf(':');
            if (colon > 0 && part.substring(0, colon).strip().toLowerCase(Locale.ROOT).equals(key.toLowerCase(Locale.ROOT))) {
                String value = part.substring(colon + 1).strip();
                return value.isEmpty() ? defaultValue : value;
            }
        }
        return defaultValue;
    }

    private static String resource(String name) {
        String path = RESOURCE_DIRECTORY + name;
        try (InputStream in = TpchQueries.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException(path + " is not on the class path (is io.trino.tpch:tpch a dependency?)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }
}
