package io.switchboard.translation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.switchboard.core.pipeline.TranslationResult;
import io.switchboard.core.pipeline.TranslationStatus;
import io.switchboard.core.sql.Dialect;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The cache re-binds literals exactly as sqlglot would write them, and refuses when it cannot. */
final class TranslationCacheTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private SqlglotTranslator translator(int cacheSize) {
        TranslationConfig config = new TranslationConfig(TranslationMode.STRICT, List.of(), Map.of(), cacheSize, Duration.ofMinutes(3),
                Duration.ofSeconds(30), Duration.ofSeconds(1));
        SqlglotTranslator translator = SqlglotTranslator.create(config, SharedSqlglot.ready(), registry);
        translator.readiness().join();
        return translator;
    }

    private static TranslationResult translate(SqlglotTranslator translator, String sql, Dialect source, Dialect target) {
        return translator.translate(SharedSqlglot.context(sql, source), target);
    }

    private static String fresh(String sql, Dialect source, Dialect target) {
        return SharedSqlglot.ready().translate(sql, source, target, Duration.ofSeconds(30));
    }

    private double count(String result) {
        return registry.get("switchboard.translation.cache").tag("result", result).counter().count();
    }

    @Test
    void aRepeatedShapeWithNewLiteralsIsRenderedFromTheCache() {
        SqlglotTranslator translator = translator(100);
        translate(translator, "SELECT a FROM t WHERE b = 'x' AND c > 10 AND d = DATE '2024-01-31'", Dialect.TRINO, Dialect.POSTGRES);

        TranslationResult hit = translate(translator, "SELECT a FROM t WHERE b = 'Smith' AND c > 99 AND d = DATE '1998-12-01'",
                Dialect.TRINO, Dialect.POSTGRES);
        // A quote is a new class of value: verified once against sqlglot, then served from the cache.
        TranslationResult quoted = translate(translator, "SELECT a FROM t WHERE b = 'O''Brien' AND c > 5 AND d = DATE '2001-02-03'",
                Dialect.TRINO, Dialect.POSTGRES);
        TranslationResult quotedAgain = translate(translator, "SELECT a FROM t WHERE b = 'd''Arcy' AND c > 6 AND d = DATE '2001-02-04'",
                Dialect.TRINO, Dialect.POSTGRES);

        assertThat(hit.cacheHit()).isTrue();
        assertThat(hit.sql()).isEqualTo("SELECT a FROM t WHERE b = 'Smith' AND c > 99 AND d = CAST('1998-12-01' AS DATE)");
        assertThat(quoted.cacheHit()).isFalse();
        assertThat(quoted.sql()).isEqualTo("SELECT a FROM t WHERE b = 'O''Brien' AND c > 5 AND d = CAST('2001-02-03' AS DATE)");
        assertThat(quotedAgain.cacheHit()).isTrue();
        assertThat(quotedAgain.sql()).isEqualTo("SELECT a FROM t WHERE b = 'd''Arcy' AND c > 6 AND d = CAST('2001-02-04' AS DATE)");
        assertThat(count("miss")).isEqualTo(2);
        assertThat(count("hit")).isEqualTo(2);
    }

    @Test
    void literalsSqlglotMovesAreReboundByIdentityNotPosition() {
        SqlglotTranslator translator = translator(100);
        translate(translator, "SELECT a FROM t LIMIT 10 OFFSET 20", Dialect.POSTGRES, Dialect.TRINO);

        TranslationResult hit = translate(translator, "SELECT a FROM t LIMIT 3 OFFSET 7", Dialect.POSTGRES, Dialect.TRINO);

        assertThat(hit.cacheHit()).isTrue();
        assertThat(hit.sql()).isEqualTo("SELECT a FROM t OFFSET 7 LIMIT 3");
    }

    @Test
    void literalsSqlglotRepeatsArePinned() {
        SqlglotTranslator translator = translator(100);
        String first = "SELECT LOCATE('x', a, 3) FROM t";
        translate(translator, first, Dialect.MYSQL, Dialect.POSTGRES);

        String other = "SELECT LOCATE('y', a, 4) FROM t";
        TranslationResult otherLiterals = translate(translator, other, Dialect.MYSQL, Dialect.POSTGRES);
        TranslationResult sameLiterals = translate(translator, first, Dialect.MYSQL, Dialect.POSTGRES);

        assertThat(otherLiterals.cacheHit()).isFalse();
        assertThat(otherLiterals.sql()).isEqualTo(fresh(other, Dialect.MYSQL, Dialect.POSTGRES))
                .contains("POSITION('y' IN SUBSTRING(a FROM 4))").contains("+ 4 - 1");
        assertThat(sameLiterals.cacheHit()).isTrue();
        assertThat(sameLiterals.sql()).isEqualTo(fresh(first, Dialect.MYSQL, Dialect.POSTGRES));
    }

    @Test
    void literalsSqlglotTurnsIntoKeywordsArePinnedPerValue() {
        SqlglotTranslator translator = translator(100);
        translate(translator, "SELECT DATE_ADD('day', 7, d) FROM t", Dialect.TRINO, Dialect.POSTGRES);

        TranslationResult days = translate(translator, "SELECT DATE_ADD('day', 30, d) FROM t", Dialect.TRINO, Dialect.POSTGRES);
        TranslationResult months = translate(translator, "SELECT DATE_ADD('month', 2, d) FROM t", Dialect.TRINO, Dialect.POSTGRES);
        TranslationResult moreMonths = translate(translator, "SELECT DATE_ADD('month', 5, d) FROM t", Dialect.TRINO, Dialect.POSTGRES);

        assertThat(days.cacheHit()).isTrue();
        assertThat(days.sql()).isEqualTo("SELECT d + INTERVAL '30 DAY' FROM t");
        assertThat(months.cacheHit()).isFalse();
        assertThat(months.sql()).isEqualTo("SELECT d + INTERVAL '2 MONTH' FROM t");
        assertThat(moreMonths.cacheHit()).isTrue();
        assertThat(moreMonths.sql()).isEqualTo("SELECT d + INTERVAL '5 MONTH' FROM t");
    }

    @Test
    void stringsAreEscapedTheWayTheTargetDialectWritesThem() {
        SqlglotTranslator translator = translator(100);
        translate(translator, "SELECT a FROM t WHERE b = 'plain'", Dialect.POSTGRES, Dialect.MYSQL);

        for (String value : List.of("'it''s'", "'a\\b'", "'100%'", "'line\nbreak'", "'naïve'")) {
            String sql = "SELECT a FROM t WHERE b = " + value;
            TranslationResult result = translate(translator, sql, Dialect.POSTGRES, Dialect.MYSQL);
            assertThat(result.sql()).as(sql).isEqualTo(fresh(sql, Dialect.POSTGRES, Dialect.MYSQL));
        }
        TranslationResult backslash = translate(translator, "SELECT a FROM t WHERE b = 'c\\d'", Dialect.POSTGRES, Dialect.MYSQL);
        assertThat(backslash.sql()).isEqualTo("SELECT a FROM t WHERE b = 'c\\\\d'");
        assertThat(backslash.cacheHit()).as("the backslash class of value was verified above").isTrue();
    }

    @Test
    void namesKeepTheirCaseAndCommentsTheirText() {
        SqlglotTranslator translator = translator(100);
        translate(translator, "SELECT Col /* one */ FROM t WHERE x = 1", Dialect.TRINO, Dialect.CLICKHOUSE);

        TranslationResult otherCase = translate(translator, "SELECT col /* one */ FROM t WHERE x = 2", Dialect.TRINO, Dialect.CLICKHOUSE);
        TranslationResult otherComment = translate(translator, "SELECT Col /* two */ FROM t WHERE x = 3", Dialect.TRINO, Dialect.CLICKHOUSE);

        assertThat(otherCase.sql()).isEqualTo("SELECT col /* one */ FROM t WHERE x = 2");
        assertThat(otherComment.sql()).isEqualTo("SELECT Col /* two */ FROM t WHERE x = 3");
    }

    @Test
    void untranslatableStatementsAreNeverCached() {
        SqlglotTranslator translator = translator(100);
        String sql = "SELECT ARRAY[1, 2] FROM t";

        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> translate(translator, sql, Dialect.POSTGRES, Dialect.MYSQL))
                    .hasMessageContaining("Arrays are not supported");
        }
        assertThat(count("hit")).isZero();
    }

    @Test
    void theCacheHoldsAtMostItsSizeInShapes() {
        SqlglotTranslator translator = translator(2);
        translate(translator, "SELECT a FROM t WHERE b = 10", Dialect.TRINO, Dialect.POSTGRES);
        translate(translator, "SELECT a FROM u WHERE b = 10", Dialect.TRINO, Dialect.POSTGRES);
        translate(translator, "SELECT a FROM v WHERE b = 10", Dialect.TRINO, Dialect.POSTGRES);

        assertThat(registry.get("switchboard.translation.cache.size").gauge().value()).isEqualTo(2);
        // The least recently used shape was evicted; the newest two still hit.
        assertThat(translate(translator, "SELECT a FROM v WHERE b = 5", Dialect.TRINO, Dialect.POSTGRES).cacheHit()).isTrue();
        assertThat(translate(translator, "SELECT a FROM t WHERE b = 5", Dialect.TRINO, Dialect.POSTGRES).cacheHit()).isFalse();
    }

    @Test
    void aZeroSizeTurnsTheCacheOff() {
        SqlglotTranslator translator = translator(0);
        translate(translator, "SELECT a FROM t WHERE b = 1", Dialect.TRINO, Dialect.POSTGRES);

        TranslationResult again = translate(translator, "SELECT a FROM t WHERE b = 1", Dialect.TRINO, Dialect.POSTGRES);

        assertThat(again.cacheHit()).isFalse();
        assertThat(again.status()).isEqualTo(TranslationStatus.TRANSLATED);
        assertThat(count("miss") + count("hit") + count("uncacheable")).isZero();
    }
}
