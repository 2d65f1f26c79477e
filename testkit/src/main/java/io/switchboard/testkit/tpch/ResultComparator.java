package io.switchboard.testkit.tpch;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Compares the rows a query returned (from any engine adapter or any JDBC driver) with the
 * expected answer of a {@link TpchQuery}, value by value.
 *
 * <p>The rules, strict where the answer is exact and tolerant only where it is printed rounded:
 * <ul>
 * <li><b>NULL</b>: an expected {@code null} matches only a null value, and a null value only an expected {@code null}.</li>
 * <li><b>Integers</b> ({@code Byte}, {@code Short}, {@code Integer}, {@code Long}, {@code BigInteger}, and a
 *     {@code BigDecimal} of scale 0): exactly equal.</li>
 * <li><b>Decimals and floating point</b> ({@code BigDecimal}, {@code Double}, {@code Float}): the answer files
 *     print values rounded, sometimes with trailing zeros dropped ({@code 374331.534} for 374331.5340). The
 *     actual value must lie within one unit of the last digit the expected value shows: expected
 *     {@code 25.58} accepts [25.57, 25.59], expected {@code 15.4865458122841} accepts a difference of at
 *     most 1E-13. One unit rather than half absorbs rounding-mode differences and binary floating-point
 *     error in the last shown digit; a wrong aggregate is off by far more.</li>
 * <li><b>Text</b>: equal after removing trailing spaces on both sides (CHAR(n) padding).</li>
 * <li><b>Dates and times</b> ({@code java.time} values, {@code java.sql.Date}, {@code java.sql.Timestamp}):
 *     their ISO text ({@code 1995-03-15}) equals the expected text.</li>
 * <li>Anything else: its {@code toString()} equals the expected text.</li>
 * </ul>
 * Rows are compared in order unless the query says {@code ignoreOrder}; then each expected row
 * must match a distinct actual row. A failure names the query, the row and column (1-based), the
 * expected and the actual value.
 */
public final class ResultComparator {
    private ResultComparator() {}

    /** Throws an {@link AssertionError} describing the first difference, if any. */
    public static void assertMatches(TpchQuery query, List<? extends List<?>> actualRows) {
        Optional<String> difference = firstDifference(query, actualRows);
        if (difference.isPresent()) {
            throw new AssertionError(difference.get());
        }
    }

    /** The first difference between the expected answer and the actual rows, described; empty when they match. */
    public static Optional<String> firstDifference(TpchQuery query, List<? extends List<?>> actualRows) {
        requireNonNull(query, "query is null");
        requireNonNull(actualRows, "actualRows is null");
        List<List<String>> expected = query.expectedRows();
        if (expected.size() != actualRows.size()) {
            return Optional.of(query.name() + ": expected " + expected.size() + " rows but got " + actualRows.size()
                    + (actualRows.isEmpty() ? "" : "; first actual row: " + render(actualRows.get(0))));
        }
        if (query.ignoreOrder()) {
            return unorderedDifference(query, expected, actualRows);
        }
        for (int row = 0; row < expected.size(); row++) {
            Optional<String> difference = rowDifference(expected.get(row), actualRows.get(row));
            if (difference.isPresent()) {
                return Optional.of(query.name() + ": row " + (row + 1) + difference.get());
            }
        }
        return Optional.empty();
    }

    /** Whether one actual value matches one expected text under the rules above. */
    public static boolean valueMatches(String expected, Object actual) {
        if (expected == null || actual == null) {
            return expected == null && actual == null;
        }
        if (actual instanceof Byte || actual instanceof Short || actual instanceof Integer || actual instanceof Long
                || actual instanceof BigInteger) {
            BigDecimal expectedNumber = parseDecimal(expected);
            return expectedNumber != null && expectedNumber.compareTo(new BigDecimal(actual.toString())) == 0;
        }
        if (actual instanceof BigDecimal || actual instanceof Double || actual instanceof Float) {
            return decimalMatches(expected, actual);
        }
        if (actual instanceof CharSequence text) {
            return stripTrailingSpaces(text.toString()).equals(stripTrailingSpaces(expected));
        }
        if (actual instanceof java.sql.Date date) {
            return date.toLocalDate().toString().equals(expected);
        }
        if (actual instanceof java.sql.Timestamp timestamp) {
            return timestamp.toLocalDateTime().toString().equals(expected);
        }
        if (actual instanceof TemporalAccessor) {
            return actual.toString().equals(expected);
        }
        return actual.toString().equals(expected);
    }

    private static boolean decimalMatches(String expected, Object actual) {
        BigDecimal expectedNumber = parseDecimal(expected);
        if (expectedNumber == null) {
            return false;
        }
        BigDecimal actualNumber;
        if (actual instanceof BigDecimal decimal) {
            actualNumber = decimal;
            if (decimal.scale() <= 0) {
                // An exact integral decimal (a count, a sum of integers) must match exactly.
                return expectedNumber.compareTo(decimal) == 0;
            }
        } else {
            double value = ((Number) actual).doubleValue();
            if (Double.isNaN(value) || Double.isInfinite(value)) {
                return expected.equals(Double.toString(value));
            }
            actualNumber = new BigDecimal(Double.toString(value));
        }
        BigDecimal unitOfLastDigit = BigDecimal.ONE.scaleByPowerOfTen(-Math.max(0, expectedNumber.scale()));
        return actualNumber.subtract(expectedNumber).abs().compareTo(unitOfLastDigit) <= 0;
    }

    private static Optional<String> rowDifference(List<String> expected, List<?> actual) {
        if (expected.size() != actual.size()) {
            return Optional.of(": expected " + expected.size() + " columns but got " + actual.size() + " (expected "
                    + expected + ", actual " + render(actual) + ")");
        }
        for (int column = 0; column < expected.size(); column++) {
            if (!valueMatches(expected.get(column), actual.get(column))) {
                Object value = actual.get(column);
                return Optional.of(", column " + (column + 1) + ": expected " + quote(expected.get(column)) + " but was "
                        + quote(value) + (value == null ? "" : " (" + value.getClass().getName() + ")"));
            }
        }
        return Optional.empty();
    }

    private static Optional<String> unorderedDifference(TpchQuery query, List<List<String>> expected,
            List<? extends List<?>> actualRows) {
        List<List<?>> unmatched = new ArrayList<>(actualRows);
        for (int row = 0; row < expected.size(); row++) {
            List<String> expectedRow = expected.get(row);
            boolean found = false;
            for (int i = 0; i < unmatched.size(); i++) {
                if (rowDifference(expectedRow, unmatched.get(i)).isEmpty()) {
                    unmatched.remove(i);
                    found = true;
                    break;
                }
            }
            if (!found) {
                return Optional.of(query.name() + ": expected row " + (row + 1) + " " + expectedRow
                        + " matches no actual row (rows in any order); unmatched actual rows start with "
                        + (unmatched.isEmpty() ? "nothing" : render(unmatched.get(0))));
            }
        }
        return Optional.empty();
    }

    private static BigDecimal parseDecimal(String text) {
        try {
            return new BigDecimal(text.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String stripTrailingSpaces(String text) {
        int end = text.length();
        while (end > 0 && text.charAt(end - 1) == ' ') {
            end--;
        }
        return text.substring(0, end);
    }

    private static String quote(Object value) {
        return value == null ? "null" : "'" + value + "'";
    }

    private static String render(List<?> row) {
        List<String> values = new ArrayList<>(row.size());
        for (Object value : row) {
            values.add(String.valueOf(value));
        }
        return values.toString();
    }
}
