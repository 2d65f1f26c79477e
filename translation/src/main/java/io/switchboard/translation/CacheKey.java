package io.switchboard.translation;

import static java.util.Objects.requireNonNull;

import io.switchboard.core.sql.Dialect;
import io.switchboard.core.sql.SqlToken;
import java.util.List;

/**
 * What a cached translation is keyed by: the statement's shape, the two dialects, and the
 * transform scripts that ran after sqlglot.
 *
 * <p>The shape is the shape fingerprint's normalized text with two refinements that sqlglot's
 * output needs: names keep their case (sqlglot writes {@code Col} as {@code Col}, and ClickHouse
 * and MySQL table names are case-sensitive), and comments count (sqlglot carries them into its
 * output). Literals are placeholders that say whether a string or a number stood there.
 *
 * @param scripts which script chain ran after sqlglot ("" for the global chain alone, else the
 *     group whose scripts ran too)
 */
record CacheKey(String shape, Dialect source, Dialect target, String scripts) {

    CacheKey {
        requireNonNull(shape, "shape is null");
        requireNonNull(source, "source is null");
        requireNonNull(target, "target is null");
        requireNonNull(scripts, "scripts is null");
    }

    static CacheKey of(List<SqlToken> tokens, Dialect source, Dialect target, String scripts) {
        StringBuilder shape = new StringBuilder(tokens.size() * 6);
        for (SqlToken token : tokens) {
            switch (token.type()) {
                case WHITESPACE -> {
                    continue;
                }
                case STRING -> shape.append("\u0000s");
                case NUMBER -> shape.append("\u0000n");
                default -> shape.append(token.text());
            }
            shape.append(' ');
        }
        return new CacheKey(shape.toString(), source, target, scripts);
    }
}
