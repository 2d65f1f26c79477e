package io.switchboard.translation.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.switchboard.core.sql.Dialect;
import io.switchboard.translation.GraalPySqlglot;
import io.switchboard.translation.SqlglotTranslator;
import io.switchboard.translation.TranslationConfig;
import java.lang.management.ManagementFactory;
import java.time.Duration;

/**
 * Time from process start to translation ready, and to the first translations, for a fresh JVM.
 * Run it as its own process (see docs/translation.md#benchmarks); it prints one line per mark.
 */
public final class TranslationStartup {
    private TranslationStartup() {}

    public static void main(String[] args) {
        long processStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        mark("main() entered", processStart);
        GraalPySqlglot sqlglot = GraalPySqlglot.start();
        SqlglotTranslator translator = SqlglotTranslator.create(TranslationConfig.DEFAULTS, sqlglot, new SimpleMeterRegistry());
        translator.readiness().join();
        mark("translation ready (sqlglot " + sqlglot.version() + ")", processStart);
        String sql = "SELECT l_returnflag, COUNT(*) FROM lineitem WHERE l_shipdate <= DATE '1998-12-01' - INTERVAL '90' DAY GROUP BY 1";
        for (Dialect target : new Dialect[] {Dialect.POSTGRES, Dialect.MYSQL, Dialect.CLICKHOUSE}) {
            long start = System.nanoTime();
            sqlglot.translate(sql, Dialect.TRINO, target, Duration.ofMinutes(1));
            System.out.printf("first translation trino -> %s: %.1f ms%n", target.sqlglotName(), (System.nanoTime() - start) / 1e6);
        }
        sqlglot.close();
    }

    private static void mark(String what, long processStart) {
        System.out.printf("%s: %d ms after process start%n", what, System.currentTimeMillis() - processStart);
    }
}
