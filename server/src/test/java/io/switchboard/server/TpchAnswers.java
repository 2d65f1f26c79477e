package io.switchboard.server;

import io.switchboard.testkit.tpch.TpchQuery;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs TPC-H statements over JDBC and compares the answers of two engines with each other, where
 * {@link io.switchboard.testkit.tpch.ResultComparator} compares one engine with the published answer.
 *
 * <p>Two engines rarely agree to the last digit: Trino keeps the scale of its decimal types (an
 * average of DECIMAL(15,2) is 25.52), PostgreSQL computes 16 decimals, DuckDB answers in DOUBLE.
 * Two numbers therefore match when they differ by at most one unit of the last digit of the less
 * precise of the two; integers must be equal, text equal up to trailing spaces (CHAR padding),
 * dates and times equal as ISO text (a timestamp at midnight equals its date).
 */
final class TpchAnswers {
    private TpchAnswers() {}

    /** Runs every statement but the last for its effect, then returns the last one's rows. */
    static List<List<Object>> run(Connection connection, List<String> statements) throws SQLException {
        return run(connection, statements, new ArrayList<>());
    }

    /** As {@link #run(Connection, List)}, adding the notices every statement received to {@code notices}. */
    static List<List<Object>> run(Connection connection, List<String> statements, List<String> notices) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (String setup : statements.subList(0, statements.size() - 1)) {
                statement.execute(setup);
                collectNotices(statement, notices);
            }
            try (ResultSet resultSet = statement.executeQuery(statements.getLast())) {
                collectNotices(statement, notices);
                ResultSetMetaData metaData = resultSet.getMetaData();
                List<List<Object>> rows = new ArrayList<>();
                while (resultSet.next()) {
                    List<Object> row = new ArrayList<>(metaData.getColumnCount());
                    for (int column = 1; column <= metaData.getColumnCount(); column++) {
                        row.add(resultSet.getObject(column));
                    }
                    rows.add(row);
                }
                return rows;
            }
        }
    }

    private static void collectNotices(Statement statement, List<String> notices) throws SQLException {
        for (SQLWarning warning = statement.getWarnings(); warning != null; warning = warning.getNextWarning()) {
            notices.add(warning.getMessage());
        }
        statement.clearWarnings();
    }

    /** Without leading comment lines (the rewrites' explanations) and trailing semicolons. */
    static String strip(String sql) {
        StringBuilder kept = new StringBuilder();
        for (String line : sql.lines().toList()) {
            if (!line.strip().startsWith("--")) {
                kept.append(line).append('\n');
            }
        }
        String text = kept.toString().strip();
        while (text.endsWith(";")) {
            text = text.substring(0, text.length() - 1).strip();
        }
        return text;
    }

    /** The first difference between a reference engine's rows and another's, described; empty when they match. */
    static Optional<String> difference(TpchQuery query, List<List<Object>> reference, List<List<Object>> actual) {
        if (reference.size() != actual.size()) {
            return Optional.of(query.name() + ": the reference has " + reference.size() + " rows but the engine returned "
                    + actual.size() + (actual.isEmpty() ? "" : "; its first row: " + actual.get(0)));
        }
        List<List<Object>> unmatched = new ArrayList<>(actual);
        for (int row = 0; row < reference.size(); row++) {
            if (query.ignoreOrder()) {
                List<Object> wanted = reference.get(row);
                Optional<List<Object>> match = unmatched.stream().filter(candidate -> rowMatches(wanted, candidate)).findFirst();
                if (match.isEmpty()) {
                    return Optional.of(query.name() + ": reference row " + (row + 1) + " " + wanted
                            + " matches no row of the engine (rows in any order)");
                }
                unmatched.remove(match.get());
            } else if (!rowMatches(reference.get(row), actual.get(row))) {
                return Optional.of(query.name() + ": row " + (row + 1) + ": reference " + reference.get(row) + " but the engine returned "
                        + actual.get(row));
            }
        }
        return Optional.empty();
    }

    private static boolean rowMatches(List<Object> reference, List<Object> actual) {
        if (reference.size() != actual.size()) {
            return false;
        }
        for (int i = 0; i < reference.size(); i++) {
            if (!valueMatches(reference.get(i), actual.get(i))) {
                return false;
            }
        }
        return true;
    }

    static boolean valueMatches(Object reference, Object actual) {
        if (reference == null || actual == null) {
            return reference == null && actual == null;
        }
        BigDecimal left = number(reference);
        BigDecimal right = number(actual);
        if (left != null && right != null) {
            BigDecimal tolerance = unitOfLastDigit(reference).max(unitOfLastDigit(actual));
            return left.subtract(right).abs().compareTo(tolerance) <= 0;
        }
        return text(reference).equals(text(actual));
    }

    /** The value as a number when it is one (or text that reads as one, as engines without a type for it send), else null. */
    private static BigDecimal number(Object value) {
        if (value instanceof BigDecimal decimal) {
            return decimal;
        }
        if (value instanceof Byte || value instanceof Short || value instanceof Integer || value instanceof Long
                || value instanceof BigInteger) {
            return new BigDecimal(value.toString());
        }
        if (value instanceof Double || value instanceof Float) {
            double number = ((Number) value).doubleValue();
            return Double.isFinite(number) ? new BigDecimal(Double.toString(number)) : null;
        }
        return null;
    }

    /** One unit of the value's last exact digit: zero for integers, 10^-scale for decimals, a relative 1E-12 for floating point. */
    private static BigDecimal unitOfLastDigit(Object value) {
        if (value instanceof BigDecimal decimal) {
            return decimal.scale() <= 0 ? BigDecimal.ZERO : BigDecimal.ONE.scaleByPowerOfTen(-decimal.scale());
        }
        if (value instanceof Double || value instanceof Float) {
            return new BigDecimal(Double.toString(Math.abs(((Number) value).doubleValue()))).multiply(new BigDecimal("1E-12"));
        }
        return BigDecimal.ZERO;
    }

    private static String text(Object value) {
        if (value instanceof Timestamp timestamp) {
            return timestamp.toLocalDateTime().toLocalTime().equals(LocalTime.MIDNIGHT)
                    ? timestamp.toLocalDateTime().toLocalDate().toString() : timestamp.toLocalDateTime().toString();
        }
        if (value instanceof java.sql.Date date) {
            return date.toLocalDate().toString();
        }
        String text = value.toString();
        int end = text.length();
        while (end > 0 && text.charAt(end - 1) == ' ') {
            end--;
        }
        return text.substring(0, end);
    }
}
