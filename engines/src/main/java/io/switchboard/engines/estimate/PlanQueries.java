package io.switchboard.engines.estimate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.core.engine.Engine;
import io.switchboard.core.engine.EngineQuery;
import io.switchboard.core.error.ErrorCode;
import io.switchboard.core.error.SwitchboardException;
import io.switchboard.core.result.ResultStream;
import io.switchboard.core.result.RowBatch;
import io.switchboard.core.sql.Dialect;
import io.switchboard.core.sql.SqlLexer;
import io.switchboard.core.sql.SqlToken;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What the estimators share: running an EXPLAIN or a statistics query through the engine itself
 * (same connections, same timeout and cancellation as the query it estimates), reading JSON
 * plans, quoting names into literals.
 */
public final class PlanQueries {
    private static final ObjectMapper JSON = new ObjectMapper();

    private PlanQueries() {}

    /** Every row of {@code sql}, run for {@code query} (its id, session and timeout). */
    public static List<Object[]> rows(Engine engine, EngineQuery query, String sql) {
        List<Object[]> rows = new ArrayList<>();
        try (ResultStream result = engine.execute(new EngineQuery(query.queryId(), sql, query.session(), query.timeout()))) {
            for (RowBatch batch = result.nextBatch(); batch != null; batch = result.nextBatch()) {
                rows.addAll(batch.rows());
            }
        }
        return rows;
    }

    /** The values of {@code column} of every row joined by newlines: a plan an engine returns as text. */
    public static String text(Engine engine, EngineQuery query, String sql, int column) {
        StringBuilder text = new StringBuilder();
        for (Object[] row : rows(engine, query, sql)) {
            if (row.length > column && row[column] != null) {
                if (!text.isEmpty()) {
                    text.append('\n');
                }
                text.append(row[column]);
            }
        }
        return text.toString();
    }

    public static JsonNode json(String text, String what) {
        try {
            return JSON.readTree(text);
        } catch (java.io.IOException e) {
            throw new SwitchboardException(ErrorCode.ENGINE_ERROR, what + " is not the JSON expected: " + e.getMessage(), e);
        }
    }

    /** A number from a JSON value that may be a number or a numeric string; negative when absent or not a number. */
    public static double number(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return -1;
        }
        if (node.isNumber()) {
            double value = node.asDouble();
            return Double.isFinite(value) ? value : -1;
        }
        try {
            double value = Double.parseDouble(node.asText().strip());
            return Double.isFinite(value) ? value : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** A single-quoted SQL string literal of {@code text} (quotes doubled; backslashes too where they escape). */
    public static String literal(String text, boolean backslashEscapes) {
        String escaped = text.replace("'", "''");
        if (backslashEscapes) {
            escaped = escaped.replace("\\", "\\\\");
        }
        return "'" + escaped + "'";
    }

    /** The names a statement mentions (words and quoted identifiers, lower-cased), and whether it has a {@code *}. */
    public static Mentions mentions(String sql, Dialect dialect) {
        Set<String> names = new HashSet<>();
        boolean star = false;
        for (SqlToken token : SqlLexer.tokenize(sql, dialect)) {
            switch (token.type()) {
                case WORD -> names.add(token.text().toLowerCase(Locale.ROOT));
                case QUOTED_IDENTIFIER -> names.add(token.text().substring(1, token.text().length() - 1).toLowerCase(Locale.ROOT));
                case OPERATOR -> star |= token.text().equals("*");
                default -> { }
            }
        }
        return new Mentions(Set.copyOf(names), star);
    }

    /** Names a statement mentions; {@code star} when it has a {@code *} (all columns, or a product: counted as all). */
    public record Mentions(Set<String> names, boolean star) {
        public boolean mayRead(String column) {
            return star || names.contains(column.toLowerCase(Locale.ROOT));
        }
    }

    /** Numbers for a detail line: whole, with thousands separators. */
    public static String figure(double value) {
        return value < 0 ? "unknown" : String.format(Locale.ROOT, "%,.0f", value);
    }
}
