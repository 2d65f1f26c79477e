package io.switchboard.translation;

import static java.util.Objects.requireNonNull;

import io.switchboard.core.sql.Dialect;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * sqlglot started only when something needs it. A GraalPy context costs seconds of CPU to warm
 * and about 130 MB of heap once warm; a Switchboard whose frontends and engines all speak the same
 * dialect never pays that. {@link #ensureStarted()} is idempotent: the server calls it at boot when the
 * configuration already needs translation, the translator calls it on the first query that does.
 */
public final class OnDemandSqlglot implements Sqlglot {
    private final Supplier<? extends Sqlglot> starter;
    private final CompletableFuture<Void> readiness = new CompletableFuture<>();
    private volatile Sqlglot started;

    public OnDemandSqlglot(Supplier<? extends Sqlglot> starter) {
        this.starter = requireNonNull(starter, "starter is null");
    }

    /** The process-wide GraalPy sqlglot, started on demand. */
    public static OnDemandSqlglot graalPy() {
        return new OnDemandSqlglot(GraalPySqlglot::shared);
    }

    @Override
    public void ensureStarted() {
        if (started != null) {
            return;
        }
        synchronized (this) {
            if (started != null) {
                return;
            }
            try {
                Sqlglot sqlglot = requireNonNull(starter.get(), "starter returned null");
                started = sqlglot;
                sqlglot.readiness().whenComplete((ignored, failure) -> {
                    if (failure == null) {
                        readiness.complete(null);
                    } else {
                        readiness.completeExceptionally(failure);
                    }
                });
            } catch (RuntimeException e) {
                readiness.completeExceptionally(e);
                throw e;
            }
        }
    }

    public boolean isStarted() {
        return started != null;
    }

    @Override
    public CompletableFuture<Void> readiness() {
        return readiness;
    }

    @Override
    public String version() {
        return require().version();
    }

    @Override
    public String translate(String sql, Dialect source, Dialect target, Duration timeout) {
        return require().translate(sql, source, target, timeout);
    }

    @Override
    public ProbeTranslation translateProbe(String sql, Dialect source, Dialect target, List<String> stringSentinels, Duration timeout) {
        return require().translateProbe(sql, source, target, stringSentinels, timeout);
    }

    @Override
    public StringStyle stringStyle(Dialect target) {
        return require().stringStyle(target);
    }

    @Override
    public TransformScript loadScript(String name, String source, Duration timeout) {
        return require().loadScript(name, source, timeout);
    }

    @Override
    public String runScript(TransformScript script, String sql, Dialect source, Dialect target, Duration timeout) {
        return require().runScript(script, sql, source, target, timeout);
    }

    private Sqlglot require() {
        Sqlglot sqlglot = started;
        if (sqlglot == null) {
            throw new SqlglotException(SqlglotException.Kind.UNAVAILABLE, "sqlglot has not been started");
        }
        return sqlglot;
    }
}
