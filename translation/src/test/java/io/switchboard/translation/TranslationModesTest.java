package io.switchboard.translation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.switchboard.core.error.ErrorCode;
import io.switchboard.core.error.SwitchboardException;
import io.switchboard.core.pipeline.TranslationResult;
import io.switchboard.core.pipeline.TranslationStatus;
import io.switchboard.core.sql.Dialect;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** bestEffort sends what sqlglot cannot translate as written; strict fails it; compatible dialects skip. */
final class TranslationModesTest {

    private static SqlglotTranslator translator(TranslationMode mode) {
        TranslationConfig config = new TranslationConfig(mode, List.of(), Map.of(), 100, Duration.ofMinutes(3),
                Duration.ofSeconds(30), Duration.ofSeconds(5));
        SqlglotTranslator translator = SqlglotTranslator.create(config, SharedSqlglot.ready(), new SimpleMeterRegistry());
        translator.readiness().join();
        return translator;
    }

    @Test
    void bestEffortSendsUnparseableSqlAsWrittenWithSqlglotsReason() {
        String sql = "SELECT a FROM t WHERE";
        TranslationResult result = translator(TranslationMode.BEST_EFFORT)
                .translate(SharedSqlglot.context(sql, Dialect.POSTGRES), Dialect.TRINO);

        assertThat(result.status()).isEqualTo(TranslationStatus.FELL_BACK);
        assertThat(result.sql()).isEqualTo(sql);
        assertThat(result.reason()).startsWith("sqlglot could not translate from postgres to trino: ParseError")
                .endsWith("; sent as written");
    }

    @Test
    void bestEffortSendsUnsupportedConstructsAsWritten() {
        String sql = "SELECT ARRAY[1, 2] FROM t";
        TranslationResult result = translator(TranslationMode.BEST_EFFORT)
                .translate(SharedSqlglot.context(sql, Dialect.POSTGRES), Dialect.MYSQL);

        assertThat(result.status()).isEqualTo(TranslationStatus.FELL_BACK);
        assertThat(result.sql()).isEqualTo(sql);
        assertThat(result.reason()).contains("Arrays are not supported by MySQL");
    }

    @Test
    void strictFailsWithTranslationFailedAndSqlglotsMessage() {
        SqlglotTranslator strict = translator(TranslationMode.STRICT);

        assertThatThrownBy(() -> strict.translate(SharedSqlglot.context("SELECT ARRAY[1, 2] FROM t", Dialect.POSTGRES), Dialect.MYSQL))
                .isInstanceOfSatisfying(SwitchboardException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.TRANSLATION_FAILED);
                    assertThat(e.getMessage()).isEqualTo(
                            "sqlglot could not translate from postgres to mysql: UnsupportedError: Arrays are not supported by MySQL");
                });
        assertThatThrownBy(() -> strict.translate(SharedSqlglot.context("SHOW TABLES", Dialect.MYSQL), Dialect.TRINO))
                .isInstanceOfSatisfying(SwitchboardException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.TRANSLATION_FAILED));
    }

    @Test
    void strictTranslatesWhatSqlglotCanTranslate() {
        TranslationResult result = translator(TranslationMode.STRICT)
                .translate(SharedSqlglot.context("SELECT a FROM t WHERE b ILIKE 'x%'", Dialect.POSTGRES), Dialect.TRINO);

        assertThat(result.status()).isEqualTo(TranslationStatus.TRANSLATED);
        assertThat(result.sql()).isEqualTo("SELECT a FROM t WHERE LOWER(b) LIKE LOWER('x%')");
        assertThat(result.reason()).isEqualTo("postgres to trino");
    }

    @Test
    void sameAndCompatibleDialectsSkipTranslation() {
        SqlglotTranslator translator = translator(TranslationMode.STRICT);
        String sql = "SELECT `a` FROM t LIMIT 1, 2";

        TranslationResult same = translator.translate(SharedSqlglot.context(sql, Dialect.MYSQL), Dialect.MYSQL);
        TranslationResult compatible = translator.translate(SharedSqlglot.context(sql, Dialect.MYSQL), Dialect.STARROCKS);

        assertThat(same).isEqualTo(TranslationResult.skipped(sql, "same dialect"));
        assertThat(compatible).isEqualTo(TranslationResult.skipped(sql, "compatible dialects (mysql and starrocks)"));
    }

    @Test
    void statementsSqlglotOnlyKnowsAsCommandsFallBack() {
        TranslationResult result = translator(TranslationMode.BEST_EFFORT)
                .translate(SharedSqlglot.context("VACUUM orders", Dialect.POSTGRES), Dialect.TRINO);

        assertThat(result.status()).isEqualTo(TranslationStatus.FELL_BACK);
        assertThat(result.sql()).isEqualTo("VACUUM orders");
        assertThat(result.reason()).contains("sqlglot does not understand VACUUM statements");
    }
}
