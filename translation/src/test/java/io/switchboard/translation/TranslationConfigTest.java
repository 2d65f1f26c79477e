package io.switchboard.translation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.core.config.ConfigLoader;
import io.switchboard.core.config.ConfigNode;
import io.switchboard.core.error.ErrorCode;
import io.switchboard.core.error.SwitchboardException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

final class TranslationConfigTest {

    private static ConfigNode section(String yaml) {
        return ConfigLoader.load(yaml, List.of(), Map.<String, String>of()::get).translation();
    }

    private static void assertInvalid(String yaml, String... messageParts) {
        assertThatThrownBy(() -> TranslationConfig.parse(section(yaml), Set.of("analytics")))
                .isInstanceOfSatisfying(SwitchboardException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIGURATION);
                    for (String part : messageParts) {
                        assertThat(e.getMessage()).contains(part);
                    }
                });
    }

    @Test
    void everyKeyMaps() {
        TranslationConfig config = TranslationConfig.parse(section("""
                translation:
                  mode: strict
                  pythonScripts:
                    - |
                      def transform(sql, src, dst):
                          return sql
                  groups:
                    analytics:
                      pythonScripts: ["def transform(sql, src, dst):\\n    return sql.lower()\\n"]
                  cacheSize: 42
                  warmupTimeout: 5s
                  translationTimeout: 250ms
                  scriptTimeout: 2s
                """), Set.of("analytics"));

        assertThat(config).isEqualTo(new TranslationConfig(
                TranslationMode.STRICT,
                List.of("def transform(sql, src, dst):\n    return sql\n"),
                Map.of("analytics", List.of("def transform(sql, src, dst):\n    return sql.lower()\n")),
                42,
                Duration.ofSeconds(5),
                Duration.ofMillis(250),
                Duration.ofSeconds(2)));
        assertThat(config.scriptsFor("analytics")).hasSize(2);
        assertThat(config.scriptsFor("other")).hasSize(1);
        assertThat(config.scriptsFor(null)).hasSize(1);
    }

    @Test
    void defaultsAreRecorded() {
        TranslationConfig absent = TranslationConfig.parse(section("clusters: {}\n"));

        assertThat(absent).isEqualTo(TranslationConfig.DEFAULTS);
        assertThat(absent.mode()).isEqualTo(TranslationMode.BEST_EFFORT);
        assertThat(absent.globalScripts()).isEmpty();
        assertThat(absent.groupScripts()).isEmpty();
        assertThat(absent.cacheSize()).isEqualTo(10_000);
        assertThat(absent.warmupTimeout()).isEqualTo(Duration.ZERO);
        assertThat(TranslationConfig.parse(section("translation: {mode: strict}\n")).warmupTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(absent.translationTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(absent.scriptTimeout()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void queryFluxErrorOnUnsupportedMeansStrict() {
        assertThat(TranslationConfig.parse(section("translation: {errorOnUnsupported: true}\n")).mode())
                .isEqualTo(TranslationMode.STRICT);
        assertThat(TranslationConfig.parse(section("translation: {errorOnUnsupported: false, mode: strict}\n")).mode())
                .isEqualTo(TranslationMode.STRICT);
        assertThat(TranslationConfig.parse(section("translation: {errorOnUnsupported: false}\n")).mode())
                .isEqualTo(TranslationMode.BEST_EFFORT);
    }

    @Test
    void problemsNameTheKeyAndLine() {
        assertInvalid("translation:\n  cacheSise: 10\n", "translation.cacheSise (line 2)", "unknown key 'cacheSise'", "did you mean 'cacheSize'?");
        assertInvalid("translation:\n  mode: lenient\n", "translation.mode (line 2)", "must be one of");
        assertInvalid("translation:\n  scriptTimeout: 5\n", "translation.scriptTimeout (line 2)", "a duration");
        assertInvalid("translation:\n  scriptTimeout: 0s\n", "translation.scriptTimeout", "longer than zero");
        assertInvalid("translation:\n  cacheSize: -1\n", "translation.cacheSize", "between 0 and");
        assertInvalid("translation:\n  pythonScripts: ['  ']\n", "translation.pythonScripts", "script 0 is empty");
        assertInvalid("translation:\n  groups:\n    etl:\n      pythonScripts: ['x']\n", "translation.groups.etl (line 4)",
                "unknown cluster group 'etl'");
        assertInvalid("translation:\n  groups:\n    analytics:\n      scripts: ['x']\n", "translation.groups.analytics.scripts (line 4)",
                "unknown key 'scripts'");
    }
}
