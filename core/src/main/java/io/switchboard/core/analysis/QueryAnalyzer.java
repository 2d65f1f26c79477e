package io.switchboard.core.analysis;

import io.switchboard.core.sql.Dialect;
import io.switchboard.core.sql.SqlLexer;
import io.switchboard.core.sql.SqlToken;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.Statements;
import net.sf.jsqlparser.statement.select.Fetch;
import net.sf.jsqlparser.statement.select.Limit;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SetOperationList;
import net.sf.jsqlparser.statement.select.Top;
import net.sf.jsqlparser.util.TablesNamesFinder;

/**
 * Builds the {@link QueryAnalysis} of a text: one lexing pass (fingerprint, literals, features,
 * statement kinds) and one jsqlparser parse (tables, outermost limit). Thread-safe.
 *
 * <p>jsqlparser runs with a time limit on a shared virtual-thread executor: its backtracking can
 * take very long on adversarial input, and a timed-out parse is stopped by the parser's own
 * interrupt flag. A text that does not parse still gets a fingerprint and kinds from its tokens.
 */
public final class QueryAnalyzer {
    private static final ExecutorService PARSER_EXECUTOR =
            Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("sql-parser-", 0).factory());

    private final long parseTimeoutMillis;

    public QueryAnalyzer() {
        this(2_000);
    }

    public QueryAnalyzer(long parseTimeoutMillis) {
        this.parseTimeoutMillis = parseTimeoutMillis;
    }

    public QueryAnalysis analyze(String sql, Dialect dialect) {
        List<SqlToken> tokens = SqlLexer.tokenize(sql, dialect);
        ShapeFingerprint fingerprint = ShapeFingerprint.of(tokens);
        List<String> literals = new ArrayList<>();
        for (SqlToken token : tokens) {
            if (token.isLiteral()) {
                literals.add(token.text());
            }
        }
        Set<QueryFeature> features = TokenFeatures.of(tokens);
        List<StatementKind> tokenKinds = TokenFeatures.statementKinds(tokens);

        if (tokenKinds.isEmpty()) {
            return new QueryAnalysis(sql, dialect, List.of(), List.of(), null, features, fingerprint, literals, tokens, null,
                    "empty statement");
        }
        Statements statements;
        try {
            statements = CCJSqlParserUtil.parseStatements(sql, PARSER_EXECUTOR,
                    parser -> parser.withAllowComplexParsing(true).withTimeOut(parseTimeoutMillis));
        } catch (JSQLParserException | RuntimeException e) {
            return new QueryAnalysis(sql, dialect, tokenKinds, List.of(), null, features, fingerprint, literals, tokens, null,
                    describe(e));
        }
        if (statements == null || statements.isEmpty()) {
            return new QueryAnalysis(sql, dialect, tokenKinds, List.of(), null, features, fingerprint, literals, tokens, null,
                    "the parser found no statement");
        }
        // Token kinds are authoritative for what a statement does; the parser adds structure.
        Set<TableReference> tables = new LinkedHashSet<>();
        for (Statement statement : statements) {
            try {
                for (String name : new TablesNamesFinder<Void>().getTables(statement)) {
                    tables.add(TableReference.parse(name));
                }
            } catch (UnsupportedOperationException e) {
                // jsqlparser does not walk every statement type (e.g. some DDL); tables stay unknown.
            }
        }
        Long limit = statements.size() == 1 ? outermostLimit(statements.get(0)) : null;
        if (limit != null) {
            features.add(QueryFeature.LIMIT);
        }
        List<StatementKind> kinds = tokenKinds.size() == statements.size() ? tokenKinds : parsedKinds(statements, tokenKinds);
        return new QueryAnalysis(sql, dialect, kinds, List.copyOf(tables), limit, features, fingerprint, literals, tokens,
                statements, null);
    }

    private static List<StatementKind> parsedKinds(Statements statements, List<StatementKind> tokenKinds) {
        // The lexer and the parser disagree on the number of statements (a procedural block
        // with inner semicolons). Keep the token view: it errs towards more statements, which
        // guards treat more strictly.
        return tokenKinds;
    }

    private static Long outermostLimit(Statement statement) {
        if (!(statement instanceof Select select)) {
            return null;
        }
        Long own = limitOf(select);
        if (own != null) {
            return own;
        }
        // jsqlparser attaches "a UNION b LIMIT n" to the last branch; SQL applies it to the whole
        // union, so an unparenthesized last branch's limit is the outermost one.
        if (select instanceof SetOperationList union && !union.getSelects().isEmpty()) {
            Select last = union.getSelects().get(union.getSelects().size() - 1);
            if (last instanceof PlainSelect) {
                return limitOf(last);
            }
        }
        return null;
    }

    private static Long limitOf(Select select) {
        Limit limit = select.getLimit();
        if (limit != null && limit.getRowCount() != null) {
            return constant(limit.getRowCount());
        }
        Fetch fetch = select.getFetch();
        if (fetch != null) {
            return fetch.getExpression() != null ? constant(fetch.getExpression()) : Long.valueOf(fetch.getRowCount());
        }
        if (select instanceof PlainSelect plain) {
            Top top = plain.getTop();
            if (top != null && !top.isPercentage() && top.getExpression() != null) {
                return constant(top.getExpression());
            }
        }
        return null;
    }

    private static Long constant(Expression expression) {
        return expression instanceof LongValue value ? value.getValue() : null;
    }

    private static String describe(Throwable e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        int newline = message.indexOf('\n');
        return newline > 0 ? message.substring(0, newline) : message;
    }
}
