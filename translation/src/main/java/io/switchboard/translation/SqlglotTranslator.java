package io.switchboard.translation;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.switchboard.core.error.ErrorCode;
import io.switchboard.core.error.SwitchboardException;
import io.switchboard.core.pipeline.QueryContext;
import io.switchboard.core.pipeline.TranslationResult;
import io.switchboard.core.pipeline.TranslationStatus;
import io.switchboard.core.pipeline.Translator;
import io.switchboard.core.sql.Dialect;
import io.switchboard.core.sql.SqlLexer;
import io.switchboard.core.sql.SqlToken;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The translate stage of the pipeline: from the dialect the client wrote to the engine's, with
 * sqlglot, then the configured transform scripts, cached by statement shape.
 *
 * <p>Compatible dialects with no scripts skip everything and are served at once, even while
 * sqlglot warms up. A query that needs sqlglot waits for the warm-up up to
 * {@code warmupTimeout}. A cache hit re-binds the query's literals into a template verified to
 * reproduce sqlglot's output (see {@link TranslationTemplate}), so it costs microseconds. When
 * translation is impossible, {@link TranslationMode#BEST_EFFORT} sends the SQL as written
 * ({@code FELL_BACK} with the reason) and {@link TranslationMode#STRICT} fails the query with
 * {@code TRANSLATION_FAILED}. A transform script that fails or runs too long is skipped and named in
 * the reason; it never fails the query.
 */
public final class SqlglotTranslator implements Translator {
    private static final Logger log = LoggerFactory.getLogger(SqlglotTranslator.class);

    private final TranslationConfig config;
    private final Sqlglot sqlglot;
    private final TranslationCache cache;
    private final MeterRegistry registry;
    private final Map<String, Counter> outcomes = new ConcurrentHashMap<>();
    private final Counter scriptFailures;
    private final CompletableFuture<Void> readiness;
    private final List<String> scriptProblems = new CopyOnWriteArrayList<>();
    /** Loaded scripts per group ("" = global only); filled once before {@link #readiness} completes. */
    private volatile Map<String, List<TransformScript>> scripts = Map.of();

    private SqlglotTranslator(TranslationConfig config, Sqlglot sqlglot, MeterRegistry registry) {
        this.config = requireNonNull(config, "config is null");
        this.sqlglot = requireNonNull(sqlglot, "sqlglot is null");
        this.registry = requireNonNull(registry, "registry is null");
        this.cache = new TranslationCache(config.cacheSize(), registry);
        this.scriptFailures = Counter.builder("switchboard.translation.script.failures")
                .description("Transform script calls that raised or ran too long and were skipped")
                .register(registry);
        // Scripts load on their own thread: sqlglot's worker completes its readiness and must not wait on itself.
        this.readiness = sqlglot.readiness().thenRunAsync(this::loadScripts,
                command -> Thread.ofVirtual().name("translation-scripts").start(command));
    }

    /** A translator over a started (or starting) sqlglot; its scripts load once sqlglot is ready. */
    public static SqlglotTranslator create(TranslationConfig config, Sqlglot sqlglot, MeterRegistry registry) {
        return new SqlglotTranslator(config, sqlglot, registry);
    }

    /** Completes when sqlglot is warm and the scripts are loaded. */
    public CompletableFuture<Void> readiness() {
        return readiness;
    }

    /** Scripts that could not be loaded and are skipped, with why. */
    public List<String> scriptProblems() {
        return List.copyOf(scriptProblems);
    }

    public TranslationConfig config() {
        return config;
    }

    /** Translates without knowing the cluster group, so only global scripts run. The pipeline passes the group. */
    @Override
    public TranslationResult translate(QueryContext context, Dialect target) {
        return translate(context, target, null);
    }

    /** Translates for a query routed to {@code group} (null when unknown): global, then the group's scripts run. */
    @Override
    public TranslationResult translate(QueryContext context, Dialect target, String group) {
        Dialect source = context.request().sourceDialect();
        String sql = context.sql();
        boolean needsSqlglot = !source.isCompatibleWith(target);
        boolean hasScripts = !config.scriptsFor(group).isEmpty();
        if (!needsSqlglot && !hasScripts) {
            return count(TranslationResult.skipped(sql, source == target ? "same dialect"
                    : "compatible dialects (" + name(source) + " and " + name(target) + ")"), source, target);
        }
        String direction = name(source) + " to " + name(target);
        sqlglot.ensureStarted();
        String unavailable = awaitReadiness();
        if (unavailable != null) {
            return fail(sql, source, target, unavailable, "Translation from " + direction + " is not available: " + unavailable);
        }
        String scriptChain = group != null && config.groupScripts().containsKey(group) ? group : "";
        List<TransformScript> chain = scripts.getOrDefault(scriptChain, List.of());
        List<SqlToken> tokens = context.analysis().sql().equals(sql) && context.analysis().dialect() == source
                ? context.analysis().tokens()
                : SqlLexer.tokenize(sql, source);
        List<SourceLiteral> literals = SourceLiteral.of(tokens, source);
        TranslationCache.ShapeEntry entry = cache.entry(CacheKey.of(tokens, source, target, scriptChain));
        String reason = needsSqlglot ? direction : "scripts only, " + direction;

        if (entry != null) {
            String cached = entry.render(literals);
            if (cached != null) {
                cache.recordHit();
                return count(new TranslationResult(cached, TranslationStatus.TRANSLATED, reason, true), source, target);
            }
        }

        String translated;
        try {
            translated = needsSqlglot ? sqlglot.translate(sql, source, target, config.translationTimeout()) : sql;
        } catch (SqlglotException e) {
            String why = "sqlglot could not translate from " + direction + ": " + e.getMessage();
            return fail(sql, source, target, why + "; sent as written", why);
        }
        List<String> failures = new ArrayList<>();
        translated = runScripts(chain, translated, source, target, failures);
        if (entry != null) {
            if (failures.isEmpty()) {
                teach(entry, sql, literals, translated, source, target, chain, needsSqlglot);
            } else {
                cache.recordUncacheable();
            }
        }
        if (!failures.isEmpty()) {
            reason = reason + "; skipped " + String.join("; ", failures);
        }
        return count(new TranslationResult(translated, TranslationStatus.TRANSLATED, reason, false), source, target);
    }

    /** Lets the cache learn from a fresh translation: verify an existing template, or build a new one. */
    private void teach(TranslationCache.ShapeEntry entry, String sql, List<SourceLiteral> literals, String translated,
            Dialect source, Dialect target, List<TransformScript> chain, boolean needsSqlglot) {
        if (entry.uncacheableReason() != null) {
            cache.recordUncacheable();
            return;
        }
        if (entry.learn(literals, translated)) {
            cache.recordMiss();
            return;
        }
        if (entry.hasVariantPinnedLike(literals)) {
            // A template holds for these fixed literals but renders this value differently from
            // sqlglot: this class of value stays with sqlglot.
            cache.recordUncacheable();
            return;
        }
        if (!entry.hasRoomForVariant()) {
            entry.markUncacheable("more than " + TranslationCache.MAX_VARIANTS_PER_SHAPE + " variants of fixed literals");
            cache.recordUncacheable();
            return;
        }
        cache.recordMiss();
        TemplateBuilder.Outcome outcome;
        try {
            outcome = TemplateBuilder.build(sql, literals, translated, target, sqlglot.stringStyle(target), (probeSql, sentinels) -> {
                Sqlglot.ProbeTranslation probe = needsSqlglot
                        ? sqlglot.translateProbe(probeSql, source, target, sentinels, config.translationTimeout())
                        : new Sqlglot.ProbeTranslation(probeSql, List.of());
                List<String> failures = new ArrayList<>();
                String scripted = runScripts(chain, probe.sql(), source, target, failures);
                if (!failures.isEmpty()) {
                    throw new SqlglotException(SqlglotException.Kind.REJECTED, "a script failed on the probe");
                }
                return new Sqlglot.ProbeTranslation(scripted, probe.plainStringSentinels());
            });
        } catch (SqlglotException e) {
            // The sentinels upset sqlglot or a script; the exact translation is still right for this text.
            outcome = new TemplateBuilder.Outcome(TranslationTemplate.exact(translated, literals), "probe failed: " + e.getMessage());
        }
        entry.add(outcome.template());
    }

    private String runScripts(List<TransformScript> chain, String sql, Dialect source, Dialect target, List<String> failures) {
        String current = sql;
        for (TransformScript script : chain) {
            try {
                current = sqlglot.runScript(script, current, source, target, config.scriptTimeout());
            } catch (SqlglotException e) {
                scriptFailures.increment();
                failures.add("script " + script.name() + " (" + e.getMessage() + ")");
                log.warn("Transform script {} failed and was skipped: {}", script.name(), e.getMessage());
            }
        }
        return current;
    }

    /** Null when sqlglot is ready; else why it is not (still warming up, or failed to start). */
    private String awaitReadiness() {
        try {
            readiness.get(config.warmupTimeout().toNanos(), TimeUnit.NANOSECONDS);
            return null;
        } catch (TimeoutException e) {
            return "translator warming up";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while waiting for the translator to warm up";
        } catch (ExecutionException e) {
            return "sqlglot is unavailable: " + GraalPySqlglot.describe(e.getCause());
        }
    }

    private TranslationResult fail(String sql, Dialect source, Dialect target, String fallbackReason, String errorMessage) {
        if (config.mode() == TranslationMode.STRICT) {
            count(TranslationStatus.FELL_BACK, "failed", source, target);
            throw new SwitchboardException(ErrorCode.TRANSLATION_FAILED, errorMessage);
        }
        return count(new TranslationResult(sql, TranslationStatus.FELL_BACK, fallbackReason, false), source, target);
    }

    private void loadScripts() {
        Map<String, List<TransformScript>> loaded = new HashMap<>();
        List<TransformScript> global = load("translation.pythonScripts", config.globalScripts());
        loaded.put("", global);
        config.groupScripts().forEach((group, sources) -> {
            List<TransformScript> chain = new ArrayList<>(global);
            chain.addAll(load("translation.groups." + group + ".pythonScripts", sources));
            loaded.put(group, List.copyOf(chain));
        });
        scripts = Map.copyOf(loaded);
    }

    private List<TransformScript> load(String key, List<String> sources) {
        List<TransformScript> loaded = new ArrayList<>();
        for (int i = 0; i < sources.size(); i++) {
            String name = key + "[" + i + "]";
            try {
                loaded.add(sqlglot.loadScript(name, sources.get(i), config.scriptTimeout()));
            } catch (SqlglotException e) {
                String problem = "transform script " + name + " cannot be loaded and is skipped: " + e.getMessage();
                scriptProblems.add(problem);
                log.error(problem);
            }
        }
        return List.copyOf(loaded);
    }

    private TranslationResult count(TranslationResult result, Dialect source, Dialect target) {
        String via = result.status() == TranslationStatus.SKIPPED ? "none" : result.cacheHit() ? "cache" : "sqlglot";
        count(result.status(), via, source, target);
        return result;
    }

    private void count(TranslationStatus status, String via, Dialect source, Dialect target) {
        String key = status + "/" + via + "/" + source + "/" + target;
        outcomes.computeIfAbsent(key, ignored -> Counter.builder("switchboard.translations")
                        .description("Translations by status, source and target dialect")
                        .tag("status", status.name().toLowerCase(Locale.ROOT))
                        .tag("via", via)
                        .tag("source", name(source))
                        .tag("target", name(target))
                        .register(registry))
                .increment();
    }

    private static String name(Dialect dialect) {
        return dialect.sqlglotName().isEmpty() ? "ansi" : dialect.sqlglotName();
    }
}
