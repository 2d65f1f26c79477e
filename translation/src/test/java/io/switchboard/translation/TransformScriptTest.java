package io.switchboard.translation;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.switchboard.core.pipeline.TranslationResult;
import io.switchboard.core.pipeline.TranslationStatus;
import io.switchboard.core.sql.Dialect;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Transform scripts run after sqlglot; a broken or slow one is reported and skipped, never fatal. */
final class TransformScriptTest {
    private static final String UPPER_TABLES = """
            import sqlglot
            import sqlglot.expressions as exp

            def transform(sql, src, dst):
                tree = sqlglot.parse_one(sql, read=dst)
                for table in tree.find_all(exp.Table):
                    table.set("this", exp.to_identifier(table.name.upper()))
                return tree.sql(dialect=dst)
            """;
    private static final String TAG = """
            def transform(sql, src, dst):
                return sql + " /* " + src + " to " + dst + " */"
            """;
    private static final String RAISES = """
            def transform(sql, src, dst):
                raise ValueError("no thanks")
            """;
    private static final String SPINS = """
            def transform(sql, src, dst):
                while True:
                    pass
            """;
    private static final String SYNTAX_ERROR = "def transform(sql, src, dst)\n    return sql\n";
    private static final String NO_FUNCTION = "x = 1\n";
    private static final String RETURNS_NONE = "def transform(sql, src, dst):\n    pass\n";

    private static SqlglotTranslator translator(List<String> global, Map<String, List<String>> groups) {
        TranslationConfig config = new TranslationConfig(TranslationMode.STRICT, global, groups, 100, Duration.ofMinutes(3),
                Duration.ofSeconds(30), Duration.ofMillis(500));
        SqlglotTranslator translator = SqlglotTranslator.create(config, SharedSqlglot.ready(), new SimpleMeterRegistry());
        translator.readiness().join();
        return translator;
    }

    @Test
    void scriptsRunAfterSqlglotInOrderAndTheirOutputIsCached() {
        SqlglotTranslator translator = translator(List.of(UPPER_TABLES, TAG), Map.of());

        TranslationResult first = translator.translate(SharedSqlglot.context("SELECT a FROM orders WHERE b ILIKE 'x%'", Dialect.POSTGRES),
                Dialect.TRINO);
        TranslationResult second = translator.translate(SharedSqlglot.context("SELECT a FROM orders WHERE b ILIKE 'y%'", Dialect.POSTGRES),
                Dialect.TRINO);

        assertThat(first.sql()).isEqualTo("SELECT a FROM ORDERS WHERE LOWER(b) LIKE LOWER('x%') /* postgres to trino */");
        assertThat(second.sql()).isEqualTo("SELECT a FROM ORDERS WHERE LOWER(b) LIKE LOWER('y%') /* postgres to trino */");
        assertThat(second.cacheHit()).isTrue();
        assertThat(translator.scriptProblems()).isEmpty();
    }

    @Test
    void scriptsRunEvenWhenTheDialectsAreTheSame() {
        SqlglotTranslator translator = translator(List.of(TAG), Map.of());

        TranslationResult result = translator.translate(SharedSqlglot.context("SELECT 1", Dialect.TRINO), Dialect.TRINO);

        assertThat(result.status()).isEqualTo(TranslationStatus.TRANSLATED);
        assertThat(result.sql()).isEqualTo("SELECT 1 /* trino to trino */");
    }

    @Test
    void groupScriptsRunAfterGlobalScriptsForThatGroupOnly() {
        SqlglotTranslator translator = translator(List.of(UPPER_TABLES), Map.of("analytics", List.of(TAG)));
        String sql = "SELECT a FROM orders";

        TranslationResult analytics = translator.translate(SharedSqlglot.context(sql, Dialect.POSTGRES), Dialect.TRINO, "analytics");
        TranslationResult other = translator.translate(SharedSqlglot.context(sql, Dialect.POSTGRES), Dialect.TRINO, "etl");

        assertThat(analytics.sql()).isEqualTo("SELECT a FROM ORDERS /* postgres to trino */");
        assertThat(other.sql()).isEqualTo("SELECT a FROM ORDERS");
    }

    @Test
    void scriptsThatCannotLoadAreReportedAndSkipped() {
        SqlglotTranslator translator = translator(List.of(SYNTAX_ERROR, TAG, NO_FUNCTION), Map.of());

        TranslationResult result = translator.translate(SharedSqlglot.context("SELECT 1", Dialect.POSTGRES), Dialect.TRINO);

        assertThat(result.sql()).isEqualTo("SELECT 1 /* postgres to trino */");
        assertThat(translator.scriptProblems()).hasSize(2);
        assertThat(translator.scriptProblems().get(0))
                .startsWith("transform script translation.pythonScripts[0] cannot be loaded and is skipped: SyntaxError");
        assertThat(translator.scriptProblems().get(1))
                .contains("translation.pythonScripts[2]").contains("defines no function transform(sql, src, dst)");
    }

    @Test
    void aScriptThatRaisesIsSkippedAndNamedInTheReason() {
        SqlglotTranslator translator = translator(List.of(RAISES, TAG, RETURNS_NONE), Map.of());

        TranslationResult result = translator.translate(SharedSqlglot.context("SELECT 1", Dialect.POSTGRES), Dialect.TRINO);

        assertThat(result.status()).isEqualTo(TranslationStatus.TRANSLATED);
        assertThat(result.sql()).isEqualTo("SELECT 1 /* postgres to trino */");
        assertThat(result.reason())
                .contains("skipped script translation.pythonScripts[0] (ValueError: no thanks)")
                .contains("script translation.pythonScripts[2] (TypeError: transform returned NoneType instead of a str)");
        assertThat(result.cacheHit()).isFalse();
    }

    @Test
    void aSlowScriptIsStoppedAtItsTimeLimitAndTheContextKeepsWorking() {
        SqlglotTranslator translator = translator(List.of(SPINS), Map.of());

        TranslationResult result = translator.translate(SharedSqlglot.context("SELECT a FROM t WHERE b ILIKE 'x'", Dialect.POSTGRES),
                Dialect.TRINO);

        assertThat(result.status()).isEqualTo(TranslationStatus.TRANSLATED);
        assertThat(result.sql()).isEqualTo("SELECT a FROM t WHERE LOWER(b) LIKE LOWER('x')");
        assertThat(result.reason()).contains("skipped script translation.pythonScripts[0] (stopped after running longer than 500 ms)");
        // The interrupted context still translates.
        assertThat(SharedSqlglot.ready().translate("SELECT 1", Dialect.POSTGRES, Dialect.TRINO, Duration.ofSeconds(30)))
                .isEqualTo("SELECT 1");
    }
}
