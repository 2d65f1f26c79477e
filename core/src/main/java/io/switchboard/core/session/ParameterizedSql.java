package io.switchboard.core.session;

import static java.util.Objects.requireNonNull;

/**
 * A statement as a PostgreSQL client sent it: text with {@code $n} placeholders and the values
 * of its Bind message, untouched. The pipeline works on the statement with the values written in
 * as literals ({@link QueryRequest#sql()}); this second form lets a PostgreSQL engine run the
 * very same statement as a prepared statement, so that PostgreSQL parses and plans it once per
 * connection instead of once per execution. The pipeline hands it to the engine only when the
 * SQL it would send is exactly the request's (no guard rewrote it, no translation changed it).
 *
 * <p>The arrays are owned by this value once it is made: nobody changes them afterwards.
 *
 * @param sql the statement text with {@code $1 … $n}, in PostgreSQL's dialect
 * @param typeOids one per parameter: the PostgreSQL type OID the client declared, 0 where it left
 *     the type to the server
 * @param formats one per parameter: 0 for text, 1 for PostgreSQL's binary format
 * @param values one per parameter, exactly as received; {@code null} for SQL NULL
 */
public record ParameterizedSql(String sql, int[] typeOids, short[] formats, byte[][] values) {
    public ParameterizedSql {
        requireNonNull(sql, "sql is null");
        requireNonNull(typeOids, "typeOids is null");
        requireNonNull(formats, "formats is null");
        requireNonNull(values, "values is null");
        if (typeOids.length != values.length || formats.length != values.length) {
            throw new IllegalArgumentException("typeOids, formats and values must have one entry per parameter");
        }
        for (short format : formats) {
            if (format != 0 && format != 1) {
                throw new IllegalArgumentException("unknown parameter format " + format);
            }
        }
    }
}
