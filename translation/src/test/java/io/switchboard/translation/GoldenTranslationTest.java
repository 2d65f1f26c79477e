package io.switchboard.translation;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.switchboard.core.pipeline.QueryContext;
import io.switchboard.core.pipeline.TranslationResult;
import io.switchboard.core.pipeline.TranslationStatus;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every golden case through the translator: first fresh from sqlglot, then again from the cache. */
final class GoldenTranslationTest {
    private static SqlglotTranslator translator;

    @BeforeAll
    static void startTranslator() {
        translator = SqlglotTranslator.create(TranslationConfig.DEFAULTS, SharedSqlglot.ready(), new SimpleMeterRegistry());
        translator.readiness().join();
    }

    static List<GoldenFile.Case> cases() {
        return GoldenFile.allCases();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void translatesAsRecordedFreshAndCached(GoldenFile.Case golden) {
        QueryContext context = SharedSqlglot.context(golden.input(), golden.source());
        TranslationResult fresh = translator.translate(context, golden.target());
        TranslationResult cached = translator.translate(context, golden.target());
        if (golden.expected().isPresent()) {
            assertThat(fresh.status()).isEqualTo(TranslationStatus.TRANSLATED);
            assertThat(fresh.sql()).isEqualTo(golden.expected().get());
            assertThat(cached.sql()).isEqualTo(golden.expected().get());
            assertThat(cached.cacheHit()).as("the repeated statement is served from the cache").isTrue();
        } else {
            assertThat(fresh.status()).isEqualTo(TranslationStatus.FELL_BACK);
            assertThat(fresh.sql()).isEqualTo(golden.input());
            assertThat(fresh.reason()).startsWith("sqlglot could not translate from");
            assertThat(cached.status()).isEqualTo(TranslationStatus.FELL_BACK);
        }
    }

    @Test
    void goldenFilesCoverManyDialectPairsOfEveryConstruct() {
        List<GoldenFile.Case> cases = cases();
        Set<String> pairs = cases.stream().map(c -> c.source() + ">" + c.target()).collect(Collectors.toSet());
        Set<String> files = cases.stream().map(GoldenFile.Case::file).collect(Collectors.toSet());
        assertThat(cases).hasSizeGreaterThanOrEqualTo(60);
        assertThat(pairs).hasSizeGreaterThanOrEqualTo(30);
        assertThat(files).containsExactlyInAnyOrderElementsOf(GoldenFile.files());
    }
}
