package io.switchboard.core.analysis;

import static java.util.Objects.requireNonNull;

import io.switchboard.core.sql.Dialect;
import io.switchboard.core.sql.SqlToken;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import net.sf.jsqlparser.statement.Statements;

/**
 * Everything the pipeline knows about a statement's text, computed once by
 * {@link QueryAnalyzer} and read by every guard and router. Nobody parses again.
 *
 * @param sql the text as received (or as rewritten by a guard)
 * @param dialect the dialect the text is written in
 * @param kinds the kind of each statement in the text, in order; usually one
 * @param tables tables referenced (CTE names excluded), as written; empty when unparsed
 * @param outermostLimit the row limit of the outermost query ({@code LIMIT}, {@code FETCH FIRST},
 *     {@code TOP}) when it is a constant, else null
 * @param features structural features, from tokens, so they exist even when the parser failed
 * @param fingerprint the shape of the text
 * @param literals the text of every literal in order of appearance (what the shape replaced)
 * @param tokens the lexical tokens, trivia included, for guards and rewriters
 * @param statements the parsed statements, or null when the parser rejected the text. Shared
 *     and read-only: a guard that rewrites works on a copy or on text
 * @param parseError why the parser rejected the text, or null
 */
public record QueryAnalysis(
        String sql,
        Dialect dialect,
        List<StatementKind> kinds,
        List<TableReference> tables,
        Long outermostLimit,
        Set<QueryFeature> features,
        ShapeFingerprint fingerprint,
        List<String> literals,
        List<SqlToken> tokens,
        Statements statements,
        String parseError) {

    public QueryAnalysis {
        requireNonNull(sql, "sql is null");
        requireNonNull(dialect, "dialect is null");
        kinds = List.copyOf(requireNonNull(kinds, "kinds is null"));
        tables = List.copyOf(requireNonNull(tables, "tables is null"));
        features = Set.copyOf(requireNonNull(features, "features is null"));
        requireNonNull(fingerprint, "fingerprint is null");
        literals = List.copyOf(requireNonNull(literals, "literals is null"));
        tokens = List.copyOf(requireNonNull(tokens, "tokens is null"));
        if (statements == null && parseError == null) {
            throw new IllegalArgumentException("an unparsed analysis needs a parse error");
        }
    }

    /** The kind of the first statement; {@link StatementKind#UNKNOWN} for empty text. */
    public StatementKind kind() {
        return kinds.isEmpty() ? StatementKind.UNKNOWN : kinds.get(0);
    }

    public int statementCount() {
        return kinds.size();
    }

    public boolean parsed() {
        return statements != null;
    }

    public Optional<String> parseErrorMessage() {
        return Optional.ofNullable(parseError);
    }

    public OptionalLong limit() {
        return outermostLimit == null ? OptionalLong.empty() : OptionalLong.of(outermostLimit);
    }

    public boolean has(QueryFeature feature) {
        return features.contains(feature);
    }
}
