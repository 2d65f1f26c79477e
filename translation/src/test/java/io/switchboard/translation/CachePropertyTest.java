package io.switchboard.translation;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.switchboard.core.pipeline.TranslationResult;
import io.switchboard.core.pipeline.TranslationStatus;
import io.switchboard.core.sql.Dialect;
import io.switchboard.core.sql.SqlLexer;
import io.switchboard.core.sql.SqlToken;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The cache's promise: for every golden shape, whatever literals a query carries, the cached
 * translation is exactly what sqlglot gives for that query. Literals are drawn at random (a fixed
 * seed, printed on failure) to stress the re-binding: quotes, backslashes, percent signs,
 * non-ASCII text, dates, zero and one, long numbers, decimals.
 */
final class CachePropertyTest {
    private static final long SEED = 20261121L;
    private static final int VARIANTS_PER_SHAPE = 4;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Test
    void cachedTranslationEqualsFreshTranslationForRandomLiterals() {
        GraalPySqlglot sqlglot = SharedSqlglot.ready();
        SqlglotTranslator translator = SqlglotTranslator.create(TranslationConfig.DEFAULTS, sqlglot, new SimpleMeterRegistry());
        translator.readiness().join();
        Random random = new Random(SEED);
        int checked = 0;
        int hits = 0;
        Set<String> seen = new LinkedHashSet<>();
        for (GoldenFile.Case golden : GoldenFile.allCases()) {
            if (golden.expected().isEmpty() || !seen.add(golden.source() + "|" + golden.target() + "|" + golden.input())) {
                continue;
            }
            translator.translate(SharedSqlglot.context(golden.input(), golden.source()), golden.target());
            for (int i = 0; i < VARIANTS_PER_SHAPE; i++) {
                String query = withRandomLiterals(golden.input(), golden.source(), random);
                String fresh;
                try {
                    fresh = sqlglot.translate(query, golden.source(), golden.target(), TIMEOUT);
                } catch (SqlglotException e) {
                    fresh = null;
                }
                TranslationResult result = translator.translate(SharedSqlglot.context(query, golden.source()), golden.target());
                String where = golden + " with literals: " + query + " (seed " + SEED + ")";
                if (fresh == null) {
                    assertThat(result.status()).as(where).isEqualTo(TranslationStatus.FELL_BACK);
                    assertThat(result.sql()).as(where).isEqualTo(query);
                } else {
                    assertThat(result.sql()).as(where).isEqualTo(fresh);
                }
                checked++;
                if (result.cacheHit()) {
                    hits++;
                }
            }
        }
        System.out.printf("cache property: %d random queries, %d served from the cache%n", checked, hits);
        assertThat(checked).isGreaterThan(400);
        // Without enough hits the comparison above would not exercise the cache at all.
        assertThat(hits).isGreaterThan(checked / 3);
    }

    /** The statement with each plain literal replaced by a random one of the same kind. */
    static String withRandomLiterals(String sql, Dialect dialect, Random random) {
        StringBuilder out = new StringBuilder();
        for (SqlToken token : SqlLexer.tokenize(sql, dialect)) {
            if (token.type() == SqlToken.Type.NUMBER && SourceLiteral.numberForm(token.text()) != null) {
                out.append(randomNumber(token.text(), random));
            } else if (token.type() == SqlToken.Type.STRING && token.text().startsWith("'")) {
                out.append(randomString(dialect, random));
            } else {
                out.append(token.text());
            }
        }
        return out.toString();
    }

    private static String randomNumber(String original, Random random) {
        boolean decimal = "decimal".equals(SourceLiteral.numberForm(original));
        return switch (random.nextInt(5)) {
            case 0 -> decimal ? "0.5" : "0";
            case 1 -> decimal ? "1.0" : "1";
            case 2 -> original;
            case 3 -> decimal ? random.nextInt(1000) + "." + random.nextInt(100) : Integer.toString(random.nextInt(100) + 2);
            default -> decimal ? random.nextInt(1_000_000) + ".0" + random.nextInt(10) : Long.toString(Math.abs(random.nextLong() % 10_000_000_000L));
        };
    }

    private static final List<String> PIECES = List.of("a", "Zeta", "x", "day", "month", "2024", "07", "-", " ", "%", "_", "'", "\\",
            ":", "/", "é", "€", "日本", ".", "O'Brien", "100%", "\t");

    private static String randomString(Dialect dialect, Random random) {
        StringBuilder value = new StringBuilder();
        switch (random.nextInt(4)) {
            case 0 -> value.append(String.format("%04d-%02d-%02d", 1990 + random.nextInt(40), 1 + random.nextInt(12), 1 + random.nextInt(28)));
            case 1 -> value.append(random.nextInt(500));
            default -> {
                int length = random.nextInt(4);
                for (int i = 0; i < length; i++) {
                    value.append(PIECES.get(random.nextInt(PIECES.size())));
                }
            }
        }
        boolean backslashes = dialect == Dialect.MYSQL || dialect == Dialect.STARROCKS || dialect == Dialect.CLICKHOUSE;
        StringBuilder literal = new StringBuilder("'");
        for (char c : value.toString().toCharArray()) {
            if (c == '\'') {
                literal.append("''");
            } else if (c == '\\' && backslashes) {
                literal.append("\\\\");
            } else if (c == '\t' && backslashes) {
                literal.append("\\t");
            } else {
                literal.append(c);
            }
        }
        return literal.append('\'').toString();
    }

    @Test
    void randomLiteralsKeepTheShape() {
        Random random = new Random(SEED);
        String sql = "SELECT a FROM t WHERE b = 'x' AND c > 10 AND d = 1.5";
        String varied = withRandomLiterals(sql, Dialect.POSTGRES, random);
        List<String> tokens = new ArrayList<>();
        for (SqlToken token : SqlLexer.tokenize(varied, Dialect.POSTGRES)) {
            if (!token.isTrivia()) {
                tokens.add(token.isLiteral() ? "?" : token.text());
            }
        }
        assertThat(String.join(" ", tokens)).isEqualTo("SELECT a FROM t WHERE b = ? AND c > ? AND d = ?");
    }
}
