package io.switchboard.core.analysis;

import static java.util.Objects.requireNonNull;

import io.switchboard.core.sql.Dialect;
import io.switchboard.core.sql.SqlToken;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Supplier;
import net.sf.jsqlparser.statement.Statements;

/**
 * Everything the pipeline knows about a statement's text, computed once by
 * {@link QueryAnalyzer} and read by every guard and router. Nobody parses again.
 *
 * <p>The lexical view (kinds, features, fingerprint, literals, tokens) is computed up front. The
 * parser's view ({@link #tables()}, {@link #outermostLimit()}, {@link #statements()},
 * {@link #parseError()}) is computed on first use, once, and shared: a query that no guard or
 * router asks about never pays for jsqlparser, which costs more than the rest of a simple query's
 * walk through Switchboard. Immutable and thread-safe; analyses of the same text in the same
 * dialect are equal.
 *
 * <p>Components, all available whichever way the analysis was made:
 * {@code sql} the text as received (or as rewritten by a guard); {@code dialect} the dialect it is
 * written in; {@code kinds} the kind of each statement in the text, in order, usually one;
 * {@code tables} tables referenced (CTE names excluded), as written, empty when unparsed;
 * {@code outermostLimit} the row limit of the outermost query ({@code LIMIT}, {@code FETCH FIRST},
 * {@code TOP}) when it is a constant, else null; {@code features} structural features, from
 * tokens, so they exist even when the parser failed; {@code fingerprint} the shape of the text;
 * {@code literals} the text of every literal in order of appearance (what the shape replaced);
 * {@code tokens} the lexical tokens, trivia included, for guards and rewriters;
 * {@code statements} the parsed statements, or null when the parser rejected the text, shared and
 * read-only (a guard that rewrites works on a copy or on text); {@code parseError} why the parser
 * rejected the text, or null.
 */
public final class QueryAnalysis {
    private final String sql;
    private final Dialect dialect;
    private final List<StatementKind> kinds;
    private final Set<QueryFeature> features;
    private final ShapeFingerprint fingerprint;
    private final List<String> literals;
    private final List<SqlToken> tokens;
    /** Makes the parser's view; dropped once it has run. Guarded by {@code this}. */
    private Supplier<Parse> parser;
    private volatile Parse parse;

    /** An analysis whose parse is already known (tests, hand-made analyses). */
    public QueryAnalysis(
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
        this(sql, dialect, kinds, features, fingerprint, literals, tokens, null,
                new Parse(statements, tables, outermostLimit, parseError));
    }

    /** An analysis that parses on first use; {@link QueryAnalyzer} makes these. */
    QueryAnalysis(
            String sql,
            Dialect dialect,
            List<StatementKind> kinds,
            Set<QueryFeature> features,
            ShapeFingerprint fingerprint,
            List<String> literals,
            List<SqlToken> tokens,
            Supplier<Parse> parser) {
        this(sql, dialect, kinds, features, fingerprint, literals, tokens, requireNonNull(parser, "parser is null"), null);
    }

    private QueryAnalysis(String sql, Dialect dialect, List<StatementKind> kinds, Set<QueryFeature> features,
            ShapeFingerprint fingerprint, List<String> literals, List<SqlToken> tokens, Supplier<Parse> parser, Parse parse) {
        this.sql = requireNonNull(sql, "sql is null");
        this.dialect = requireNonNull(dialect, "dialect is null");
        this.kinds = List.copyOf(requireNonNull(kinds, "kinds is null"));
        this.features = Set.copyOf(requireNonNull(features, "features is null"));
        this.fingerprint = requireNonNull(fingerprint, "fingerprint is null");
        this.literals = List.copyOf(requireNonNull(literals, "literals is null"));
        this.tokens = List.copyOf(requireNonNull(tokens, "tokens is null"));
        this.parser = parser;
        this.parse = parse;
    }

    /**
     * What jsqlparser made of a text.
     *
     * @param statements the parsed statements, or null when the parser rejected the text
     * @param tables tables referenced, empty when unparsed
     * @param outermostLimit the constant outermost row limit, or null
     * @param error why the parser rejected the text, or null
     */
    record Parse(Statements statements, List<TableReference> tables, Long outermostLimit, String error) {
        Parse {
            tables = List.copyOf(requireNonNull(tables, "tables is null"));
            if (statements == null && error == null) {
                throw new IllegalArgumentException("an unparsed analysis needs a parse error");
            }
        }

        static Parse failed(String error) {
            return new Parse(null, List.of(), null, requireNonNull(error, "error is null"));
        }
    }

    public String sql() {
        return sql;
    }

    public Dialect dialect() {
        return dialect;
    }

    public List<StatementKind> kinds() {
        return kinds;
    }

    public List<TableReference> tables() {
        return parse().tables();
    }

    public Long outermostLimit() {
        return parse().outermostLimit();
    }

    public Set<QueryFeature> features() {
        return features;
    }

    public ShapeFingerprint fingerprint() {
        return fingerprint;
    }

    public List<String> literals() {
        return literals;
    }

    public List<SqlToken> tokens() {
        return tokens;
    }

    public Statements statements() {
        return parse().statements();
    }

    public String parseError() {
        return parse().error();
    }

    /** The kind of the first statement; {@link StatementKind#UNKNOWN} for empty text. */
    public StatementKind kind() {
        return kinds.isEmpty() ? StatementKind.UNKNOWN : kinds.get(0);
    }

    public int statementCount() {
        return kinds.size();
    }

    public boolean parsed() {
        return statements() != null;
    }

    public Optional<String> parseErrorMessage() {
        return Optional.ofNullable(parseError());
    }

    public OptionalLong limit() {
        Long limit = outermostLimit();
        return limit == null ? OptionalLong.empty() : OptionalLong.of(limit);
    }

    public boolean has(QueryFeature feature) {
        return features.contains(feature);
    }

    private Parse parse() {
        Parse known = parse;
        if (known != null) {
            return known;
        }
        synchronized (this) {
            if (parse == null) {
                parse = requireNonNull(parser.get(), "the parser returned nothing");
                parser = null;
            }
            return parse;
        }
    }

    /** The analysis is a function of the text and its dialect. */
    @Override
    public boolean equals(Object other) {
        return other instanceof QueryAnalysis that && sql.equals(that.sql) && dialect == that.dialect;
    }

    @Override
    public int hashCode() {
        return 31 * sql.hashCode() + dialect.hashCode();
    }

    /** Does not parse: a log line must not cost a parse. */
    @Override
    public String toString() {
        return "QueryAnalysis[" + dialect + ", " + kinds + ", shape " + fingerprint.hash() + ", sql=" + sql + "]";
    }
}
