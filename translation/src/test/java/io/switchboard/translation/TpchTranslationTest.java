package io.switchboard.translation;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.switchboard.core.pipeline.TranslationResult;
import io.switchboard.core.pipeline.TranslationStatus;
import io.switchboard.core.sql.Dialect;
import io.switchboard.core.sql.StatementSplitter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The 22 TPC-H queries as Trino writes them (from the {@code io.trino.tpch} jar) translated to the
 * engines' dialects: every statement translates, and the cache gives exactly sqlglot's answer for
 * them with other literals. Whether the engines then return Trino's answers is the result
 * equivalence test that comes with the engines.
 */
final class TpchTranslationTest {
    private static final List<Dialect> TARGETS = List.of(Dialect.POSTGRES, Dialect.MYSQL, Dialect.DUCKDB, Dialect.CLICKHOUSE);
    private static SqlglotTranslator translator;

    @BeforeAll
    static void startTranslator() {
        translator = SqlglotTranslator.create(TranslationConfig.DEFAULTS, SharedSqlglot.ready(), new SimpleMeterRegistry());
        translator.readiness().join();
    }

    /** Every statement of the 22 queries (q15 creates a view, then selects from it). */
    static List<String> statements() {
        List<String> statements = new ArrayList<>();
        for (int query = 1; query <= 22; query++) {
            String text = resource("/io/trino/tpch/queries/q" + query + ".sql").lines()
                    .filter(line -> !line.startsWith("--"))
                    .collect(Collectors.joining("\n"));
            for (String statement : StatementSplitter.split(text, Dialect.TRINO)) {
                if (!statement.isBlank()) {
                    statements.add(statement.strip());
                }
            }
        }
        return statements;
    }

    @Test
    void everyTpchStatementTranslatesToEveryEngineDialect() {
        List<String> statements = statements();
        assertThat(statements).hasSize(23);
        List<String> failures = new ArrayList<>();
        for (String sql : statements) {
            for (Dialect target : TARGETS) {
                TranslationResult result = translator.translate(SharedSqlglot.context(sql, Dialect.TRINO), target);
                if (result.status() != TranslationStatus.TRANSLATED) {
                    failures.add(target + ": " + result.reason());
                }
            }
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void cachedTpchTranslationsEqualFreshOnesForOtherLiterals() {
        Random random = new Random(22);
        GraalPySqlglot sqlglot = SharedSqlglot.ready();
        int hits = 0;
        int checked = 0;
        for (String sql : statements()) {
            for (Dialect target : TARGETS) {
                translator.translate(SharedSqlglot.context(sql, Dialect.TRINO), target);
                String varied = CachePropertyTest.withRandomLiterals(sql, Dialect.TRINO, random);
                String fresh;
                try {
                    fresh = sqlglot.translate(varied, Dialect.TRINO, target, Duration.ofSeconds(60));
                } catch (SqlglotException e) {
                    continue; // random text where sqlglot reads it (a date, an interval): nothing to compare
                }
                TranslationResult result = translator.translate(SharedSqlglot.context(varied, Dialect.TRINO), target);
                assertThat(result.sql()).as(varied + " to " + target).isEqualTo(fresh);
                checked++;
                hits += result.cacheHit() ? 1 : 0;
            }
        }
        System.out.printf("TPC-H with other literals: %d compared, %d from the cache%n", checked, hits);
        assertThat(checked).isGreaterThan(40);
    }

    private static String resource(String name) {
        try (InputStream in = TpchTranslationTest.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is not on the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
