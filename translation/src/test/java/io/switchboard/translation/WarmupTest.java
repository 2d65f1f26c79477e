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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Start-up: queries that need no translation are served while sqlglot warms up; those that need
 * it wait (bounded) or, past the bound, fall back (bestEffort) or fail (strict). The warm-up is
 * held back by a gate in front of the shared, real sqlglot, so no second context is needed.
 */
final class WarmupTest {

    /** The real sqlglot, ready only once the test opens the gate. */
    private static final class GatedSqlglot implements Sqlglot {
        private final Sqlglot real = SharedSqlglot.get();
        private final CompletableFuture<Void> gate = new CompletableFuture<>();
        private final CompletableFuture<Void> readiness = gate.thenCompose(ignored -> real.readiness());

        void open() {
            gate.complete(null);
        }

        void fail(Throwable cause) {
            gate.completeExceptionally(cause);
        }

        @Override
        public CompletableFuture<Void> readiness() {
            return readiness;
        }

        @Override
        public String version() {
            return real.version();
        }

        @Override
        public String translate(String sql, Dialect source, Dialect target, Duration timeout) {
            return real.translate(sql, source, target, timeout);
        }

        @Override
        public ProbeTranslation translateProbe(String sql, Dialect source, Dialect target, List<String> sentinels, Duration timeout) {
            return real.translateProbe(sql, source, target, sentinels, timeout);
        }

        @Override
        public StringStyle stringStyle(Dialect target) {
            return real.stringStyle(target);
        }

        @Override
        public TransformScript loadScript(String name, String source, Duration timeout) {
            return real.loadScript(name, source, timeout);
        }

        @Override
        public String runScript(TransformScript script, String sql, Dialect source, Dialect target, Duration timeout) {
            return real.runScript(script, sql, source, target, timeout);
        }
    }

    private static SqlglotTranslator translator(GatedSqlglot sqlglot, TranslationMode mode, Duration warmupTimeout) {
        TranslationConfig config = new TranslationConfig(mode, List.of(), Map.of(), 100, warmupTimeout, Duration.ofSeconds(30),
                Duration.ofSeconds(1));
        return SqlglotTranslator.create(config, sqlglot, new SimpleMeterRegistry());
    }

    @Test
    void compatibleQueriesAreServedAtOnceWhileWarmingUp() {
        GatedSqlglot sqlglot = new GatedSqlglot();
        SqlglotTranslator translator = translator(sqlglot, TranslationMode.STRICT, Duration.ofMinutes(5));

        CompletableFuture<TranslationResult> result = CompletableFuture.supplyAsync(
                () -> translator.translate(SharedSqlglot.context("SELECT 1", Dialect.TRINO), Dialect.TRINO));

        // Bounded: a skipped translation must not wait for the gate that nobody opens.
        assertThat(result.orTimeout(30, TimeUnit.SECONDS).join().status()).isEqualTo(TranslationStatus.SKIPPED);
        assertThat(translator.readiness()).isNotDone();
    }

    @Test
    void bestEffortFallsBackWhenTheWarmupTakesLongerThanTheQueryMayWait() {
        GatedSqlglot sqlglot = new GatedSqlglot();
        SqlglotTranslator translator = translator(sqlglot, TranslationMode.BEST_EFFORT, Duration.ofMillis(200));
        String sql = "SELECT a FROM t WHERE b ILIKE 'x'";

        TranslationResult result = translator.translate(SharedSqlglot.context(sql, Dialect.POSTGRES), Dialect.TRINO);

        assertThat(result.status()).isEqualTo(TranslationStatus.FELL_BACK);
        assertThat(result.sql()).isEqualTo(sql);
        assertThat(result.reason()).isEqualTo("translator warming up");
    }

    @Test
    void strictFailsWhenTheWarmupTakesLongerThanTheQueryMayWait() {
        GatedSqlglot sqlglot = new GatedSqlglot();
        SqlglotTranslator translator = translator(sqlglot, TranslationMode.STRICT, Duration.ofMillis(200));

        assertThatThrownBy(() -> translator.translate(SharedSqlglot.context("SELECT 1", Dialect.POSTGRES), Dialect.TRINO))
                .isInstanceOfSatisfying(SwitchboardException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.TRANSLATION_FAILED);
                    assertThat(e.getMessage()).isEqualTo("Translation from postgres to trino is not available: translator warming up");
                });
    }

    @Test
    void aQueryThatArrivesDuringWarmupIsTranslatedOnceItIsReady() throws Exception {
        GatedSqlglot sqlglot = new GatedSqlglot();
        SqlglotTranslator translator = translator(sqlglot, TranslationMode.STRICT, Duration.ofMinutes(5));

        CompletableFuture<TranslationResult> waiting = CompletableFuture.supplyAsync(
                () -> translator.translate(SharedSqlglot.context("SELECT a FROM t WHERE b ILIKE 'x'", Dialect.POSTGRES), Dialect.TRINO));
        Thread.sleep(200); // let it reach the wait; the assertion below holds either way
        assertThat(waiting).isNotDone();
        sqlglot.open();

        TranslationResult result = waiting.get(SharedSqlglot.WARMUP_LIMIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(result.status()).isEqualTo(TranslationStatus.TRANSLATED);
        assertThat(result.sql()).isEqualTo("SELECT a FROM t WHERE LOWER(b) LIKE LOWER('x')");
    }

    @Test
    void aFailedStartIsReportedAsTheReason() {
        GatedSqlglot sqlglot = new GatedSqlglot();
        sqlglot.fail(new IllegalStateException("sqlglot is not packed on the class path"));
        SqlglotTranslator translator = translator(sqlglot, TranslationMode.BEST_EFFORT, Duration.ofSeconds(5));

        TranslationResult result = translator.translate(SharedSqlglot.context("SELECT 1", Dialect.POSTGRES), Dialect.TRINO);

        assertThat(result.status()).isEqualTo(TranslationStatus.FELL_BACK);
        assertThat(result.reason()).isEqualTo("sqlglot is unavailable: sqlglot is not packed on the class path");
    }

    @Test
    void theSharedContextWarmsUpAndReportsItsVersion() {
        GraalPySqlglot sqlglot = SharedSqlglot.ready();

        assertThat(sqlglot.version()).isEqualTo("30.30.0");
        assertThat(sqlglot.warmupDuration()).isPositive();
    }
}
