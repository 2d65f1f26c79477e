package io.switchboard.core.analysis;

import io.switchboard.core.sql.Dialect;
import io.switchboard.core.sql.SqlLexer;
import io.switchboard.core.sql.SqlToken;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.parser.CCJSqlParser;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.parser.ParseException;
import net.sf.jsqlparser.parser.feature.Feature;
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
 * statement kinds) now, and one jsqlparser parse (tables, outermost limit, the tree) when the
 * analysis is first asked for them. Thread-safe.
 *
 * <p>Analyses of texts seen recently are reused: a bounded cache keyed by the exact text and
 * dialect, so that an application repeating the same statements (health checks, dashboards,
 * prepared statements without parameters) lexes and parses each once. Texts differing only in
 * literals are different keys, since the parse tree holds the literals.
 *
 * <p>jsqlparser runs on the thread that needs the parse, with a time limit: its backtracking can
 * take very long on adversarial input, so a watchdog sets the parser's own interrupt flag when
 * the limit passes, and whatever the parser returns then is discarded. A text that does not
 * parse still gets a fingerprint and kinds from its tokens.
 */
public final class QueryAnalyzer {
    /** Texts longer than this are not cached: they are rarely repeated and their trees are large. */
    static final int MAX_CACHED_TEXT_LENGTH = 2_048;
    /** Analyses kept at most. */
    static final int DEFAULT_CACHE_SIZE = 1_024;
    /**
     * Characters of cached text at most, which is what bounds the memory: an analysis with its
     * parse keeps about 100 bytes per character of text (our tokens, and jsqlparser's tree, which
     * holds its whole token chain), measured with 200- and 1,000-character statements. 64 K
     * characters is then about 7 MB, small next to a 256 MB heap; 1,024 analyses of 1,000
     * characters without this bound would keep about 90 MB.
     */
    static final long MAX_CACHED_CHARS = 64 * 1024;

    private static final ScheduledThreadPoolExecutor PARSE_WATCHDOG = watchdog();
    /** jsqlparser's own limit for its second, complex attempt. */
    private static final int ALLOWED_NESTING_DEPTH = ((Number) Feature.allowedNestingDepth.getDefaultValue()).intValue();

    private final long parseTimeoutMillis;
    private final int cacheSize;
    private final ConcurrentHashMap<CacheKey, QueryAnalysis> cache = new ConcurrentHashMap<>();
    /** Characters of the texts in {@link #cache}; changed only together with an insert or removal that took effect. */
    private final AtomicLong cachedChars = new AtomicLong();

    public QueryAnalyzer() {
        this(2_000);
    }

    public QueryAnalyzer(long parseTimeoutMillis) {
        this(parseTimeoutMillis, DEFAULT_CACHE_SIZE);
    }

    /** @param cacheSize analyses of recent texts kept for reuse; 0 turns the cache off */
    public QueryAnalyzer(long parseTimeoutMillis, int cacheSize) {
        if (parseTimeoutMillis <= 0 || cacheSize < 0) {
            throw new IllegalArgumentException("parseTimeoutMillis must be positive and cacheSize not negative");
        }
        this.parseTimeoutMillis = parseTimeoutMillis;
        this.cacheSize = cacheSize;
    }

    public QueryAnalysis analyze(String sql, Dialect dialect) {
        if (cacheSize == 0 || sql.length() > MAX_CACHED_TEXT_LENGTH) {
            return analyzeUncached(sql, dialect);
        }
        CacheKey key = new CacheKey(sql, dialect);
        QueryAnalysis cached = cache.get(key);
        if (cached != null) {
            return cached;
        }
        QueryAnalysis analysis = analyzeUncached(sql, dialect);
        // Each round drops an eighth; a bounded number of rounds, whatever other threads insert meanwhile.
        for (int round = 0; round < 32 && !cache.isEmpty()
                && (cache.size() >= cacheSize || cachedChars.get() + sql.length() > MAX_CACHED_CHARS); round++) {
            evictSome();
        }
        if (cache.putIfAbsent(key, analysis) == null) {
            cachedChars.addAndGet(sql.length());
        }
        return analysis;
    }

    private QueryAnalysis analyzeUncached(String sql, Dialect dialect) {
        List<SqlToken> tokens = SqlLexer.tokenize(sql, dialect);
        ShapeFingerprint fingerprint = ShapeFingerprint.of(tokens);
        List<String> literals = new ArrayList<>();
        for (SqlToken token : tokens) {
            if (token.isLiteral()) {
                literals.add(token.text());
            }
        }
        Set<QueryFeature> features = TokenFeatures.of(tokens);
        // Token kinds are authoritative for what a statement does; the parser adds structure.
        // Where the lexer and the parser disagree on the number of statements (a procedural
        // block with inner semicolons), the token view errs towards more statements, which
        // guards treat more strictly.
        List<StatementKind> kinds = TokenFeatures.statementKinds(tokens);
        if (kinds.isEmpty()) {
            return new QueryAnalysis(sql, dialect, List.of(), List.of(), null, features, fingerprint, literals, tokens, null,
                    "empty statement");
        }
        long timeout = parseTimeoutMillis;
        return new QueryAnalysis(sql, dialect, kinds, features, fingerprint, literals, tokens, () -> parse(sql, timeout));
    }

    /** Drops about an eighth of the entries, whichever the map yields first: cheap, and a hot text comes right back. */
    private void evictSome() {
        int toRemove = Math.max(1, cache.size() / 8);
        Iterator<Map.Entry<CacheKey, QueryAnalysis>> entries = cache.entrySet().iterator();
        while (toRemove-- > 0 && entries.hasNext()) {
            Map.Entry<CacheKey, QueryAnalysis> entry = entries.next();
            if (cache.remove(entry.getKey(), entry.getValue())) {
                cachedChars.addAndGet(-entry.getKey().sql().length());
            }
        }
    }

    /** Number of analyses cached now, for tests. */
    int cachedTexts() {
        return cache.size();
    }

    /** Characters of cached text now, for tests. */
    long cachedChars() {
        return cachedChars.get();
    }

    private record CacheKey(String sql, Dialect dialect) {}

    /**
     * Parses as {@link CCJSqlParserUtil#parseStatements(String)} does — a quick attempt, then one
     * with complex parsing allowed if the nesting is not too deep — but on this thread.
     */
    static QueryAnalysis.Parse parse(String sql, long timeoutMillis) {
        Statements statements;
        try {
            statements = parseOnce(sql, false, timeoutMillis);
        } catch (ParseTimeout e) {
            return QueryAnalysis.Parse.failed(e.getMessage());
        } catch (ParseException | RuntimeException | StackOverflowError first) {
            if (ALLOWED_NESTING_DEPTH >= 0 && CCJSqlParserUtil.getNestingDepth(sql) > ALLOWED_NESTING_DEPTH) {
                return QueryAnalysis.Parse.failed(describe(first));
            }
            try {
                statements = parseOnce(sql, true, timeoutMillis);
            } catch (ParseTimeout e) {
                return QueryAnalysis.Parse.failed(e.getMessage());
            } catch (ParseException | RuntimeException | StackOverflowError second) {
                return QueryAnalysis.Parse.failed(describe(second));
            }
        }
        if (statements == null || statements.isEmpty()) {
            return QueryAnalysis.Parse.failed("the parser found no statement");
        }
        Set<TableReference> tables = new LinkedHashSet<>();
        for (Statement statement : statements) {
            try {
                for (String name : new TablesNamesFinder<Void>().getTables(statement)) {
                    tables.add(TableReference.parse(name));
                }
            } catch (RuntimeException e) {
                // jsqlparser does not walk every statement type (some DDL) and trips over some
                // trees it built itself (a DELETE without a table): tables stay unknown. The
                // parse runs when a guard or router first asks, so this must not throw there.
            }
        }
        Long limit = statements.size() == 1 ? outermostLimit(statements.get(0)) : null;
        return new QueryAnalysis.Parse(statements, List.copyOf(tables), limit, null);
    }

    private static Statements parseOnce(String sql, boolean complexParsing, long timeoutMillis) throws ParseException {
        CCJSqlParser parser = CCJSqlParserUtil.newParser(sql).withAllowComplexParsing(complexParsing);
        ScheduledFuture<?> watchdog = PARSE_WATCHDOG.schedule(() -> {
            parser.interrupted = true;
        }, timeoutMillis, TimeUnit.MILLISECONDS);
        try {
            Statements statements = parser.Statements();
            if (parser.interrupted) {
                // Interrupted, the parser skips alternatives: what it returns is not the text's tree.
                throw new ParseTimeout(timeoutMillis);
            }
            return statements;
        } catch (ParseException | RuntimeException | StackOverflowError e) {
            if (parser.interrupted) {
                throw new ParseTimeout(timeoutMillis);
            }
            throw e;
        } finally {
            watchdog.cancel(false);
        }
    }

    private static final class ParseTimeout extends RuntimeException {
        ParseTimeout(long timeoutMillis) {
            super("the parser gave up after " + timeoutMillis + " ms", null, false, false);
        }
    }

    private static ScheduledThreadPoolExecutor watchdog() {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1,
                Thread.ofPlatform().name("sql-parser-watchdog").daemon(true).factory());
        // Nearly every parse ends long before its deadline: drop cancelled deadlines at once.
        executor.setRemoveOnCancelPolicy(true);
        return executor;
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

    /**
     * The first line of what the parser threw, with its class name, as the error read when
     * jsqlparser ran on an executor (which wrapped the throwable and kept its {@code toString}).
     */
    private static String describe(Throwable e) {
        String message = e.toString();
        int newline = message.indexOf('\n');
        return newline > 0 ? message.substring(0, newline) : message;
    }
}
