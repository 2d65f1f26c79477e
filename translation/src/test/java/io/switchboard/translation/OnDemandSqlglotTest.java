package io.switchboard.translation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.switchboard.core.pipeline.TranslationStatus;
import io.switchboard.core.sql.Dialect;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

final class OnDemandSqlglotTest {
    @Test
    void startsOnlyWhenATranslationNeedsIt() {
        AtomicInteger starts = new AtomicInteger();
        OnDemandSqlglot sqlglot = new OnDemandSqlglot(() -> {
            starts.incrementAndGet();
            return SharedSqlglot.get();
        });
        SqlglotTranslator translator = SqlglotTranslator.create(TranslationConfig.DEFAULTS, sqlglot, new SimpleMeterRegistry());

        assertThat(translator.translate(SharedSqlglot.context("SELECT 1", Dialect.POSTGRES), Dialect.POSTGRES).status())
                .isEqualTo(TranslationStatus.SKIPPED);
        assertThat(sqlglot.isStarted()).isFalse();
        assertThat(starts).hasValue(0);
        assertThatThrownBy(() -> sqlglot.translate("SELECT 1", Dialect.TRINO, Dialect.POSTGRES, Duration.ofSeconds(1)))
                .isInstanceOf(SqlglotException.class);

        translator.translate(SharedSqlglot.context("SELECT 1", Dialect.TRINO), Dialect.POSTGRES);
        assertThat(sqlglot.isStarted()).isTrue();
        sqlglot.ensureStarted();
        assertThat(starts).hasValue(1);
        // The translator's readiness, not sqlglot's: the translator loads its scripts after sqlglot is up.
        translator.readiness().orTimeout(SharedSqlglot.WARMUP_LIMIT.toSeconds(), TimeUnit.SECONDS).join();
        assertThat(translator.translate(SharedSqlglot.context("SELECT CAST(x AS VARCHAR) FROM t", Dialect.TRINO), Dialect.POSTGRES)
                .status()).isEqualTo(TranslationStatus.TRANSLATED);
    }
}
