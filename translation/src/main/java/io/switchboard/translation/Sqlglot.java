package io.switchboard.translation;

import io.switchboard.core.sql.Dialect;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * What the translator needs from sqlglot. {@link GraalPySqlglot} runs the real sqlglot in a
 * shared GraalPy context; the interface exists so that the translator's policy (modes, cache,
 * warm-up) does not depend on how that context is created and started.
 *
 * <p>Every call may block while earlier calls run (sqlglot calls are serialized) and throws
 * {@link SqlglotException} when sqlglot, a script or the wait fails.
 */
public interface Sqlglot {

    /** Starts sqlglot if it is started on demand; idempotent, returns at once. */
    default void ensureStarted() {}

    /** Completes when calls can be made; completes exceptionally when sqlglot cannot start. */
    CompletableFuture<Void> readiness();

    /** The sqlglot version, for the record. Only after {@link #readiness()} completed. */
    String version();

    /** The statement in the target dialect. */
    String translate(String sql, Dialect source, Dialect target, Duration timeout);

    /**
     * Translates a probe statement (literals replaced by sentinels) and reports which string
     * sentinels sqlglot holds as plain values (compared, listed, projected), as opposed to
     * values whose letters it may interpret (date parts, formats, paths).
     */
    ProbeTranslation translateProbe(String sql, Dialect source, Dialect target, List<String> stringSentinels, Duration timeout);

    /** How the target dialect writes string literals, learned from sqlglot's own generator. */
    StringStyle stringStyle(Dialect target);

    /** Runs a transform script's top level and returns a handle to its {@code transform} function. */
    TransformScript loadScript(String name, String source, Duration timeout);

    /** Calls a loaded script's {@code transform(sql, src, dst)}. */
    String runScript(TransformScript script, String sql, Dialect source, Dialect target, Duration timeout);

    /** The output of {@link #translateProbe}. */
    record ProbeTranslation(String sql, List<String> plainStringSentinels) {
        public ProbeTranslation {
            Objects.requireNonNull(sql, "sql is null");
            plainStringSentinels = List.copyOf(plainStringSentinels);
        }
    }
}
