package io.switchboard.testkit.tpch;

import static java.util.Objects.requireNonNull;

import io.switchboard.core.sql.Dialect;
import io.switchboard.core.sql.StatementSplitter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One of the 22 TPC-H queries with its expected answer at scale factor 0.01, as shipped in the
 * {@code io.trino.tpch} jar.
 *
 * @param number 1 to 22
 * @param sql the query text as shipped (Trino dialect; q15 holds a {@code CREATE VIEW} before its query)
 * @param expectedRows the expected rows, each value as the text the answer file prints ({@code null} for SQL NULL)
 * @param ignoreOrder whether the rows may come in any order
 */
public record TpchQuery(int number, String sql, List<List<String>> expectedRows, boolean ignoreOrder) {
    public TpchQuery {
        if (number < 1) {
            throw new IllegalArgumentException("number must be positive");
        }
        requireNonNull(sql, "sql is null");
        requireNonNull(expectedRows, "expectedRows is null");
        List<List<String>> rows = new ArrayList<>(expectedRows.size());
        for (List<String> row : expectedRows) {
            // Values may be null (SQL NULL), which List.copyOf rejects.
            rows.add(Collections.unmodifiableList(new ArrayList<>(requireNonNull(row, "row is null"))));
        }
        expectedRows = Collections.unmodifiableList(rows);
    }

    /** {@code q1} .. {@code q22}, for messages. */
    public String name() {
        return "q" + number;
    }

    /**
     * The statements to run in order; the answer belongs to the last one. Only q15 has more than
     * one (it creates a view first).
     */
    public List<String> statements() {
        return StatementSplitter.split(sql, Dialect.TRINO);
    }
}
