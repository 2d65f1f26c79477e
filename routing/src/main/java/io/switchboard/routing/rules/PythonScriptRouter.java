package io.switchboard.routing.rules;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.switchboard.core.config.ConfigNode;
import io.switchboard.core.error.ErrorCode;
import io.switchboard.core.error.SwitchboardException;
import io.switchboard.core.pipeline.QueryContext;
import io.switchboard.core.pipeline.RouteAnswer;
import io.switchboard.core.pipeline.Router;
import io.switchboard.routing.rules.PythonRuntime.ScriptException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.graalvm.polyglot.Value;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code type: pythonScript}: a Python function {@code route(query, ctx)} returns a group name, or
 * None to pass (QueryFlux's contract; see {@link ScriptCall} for {@code ctx}). The script is
 * {@code script} (inline) or {@code scriptFile} (which wins when both are set, as in QueryFlux);
 * each call has a time limit ({@code timeoutMs}).
 *
 * <p>A script that raises, times out or names an unknown group makes the router pass, with the
 * reason in the trace and a counted error. A {@code scriptFile} is watched: a new version that
 * loads replaces the old; one that does not is reported (log, metric, {@link #status()}) and the
 * last good version keeps routing. At start a broken script is a configuration error.
 */
public final class PythonScriptRouter implements Router {
    private static final Logger log = LoggerFactory.getLogger(PythonScriptRouter.class);
    static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(100);
    private static final Duration LOAD_TIMEOUT = Duration.ofSeconds(30);
    private static final RouteAnswer RETURNED_NONE = RouteAnswer.pass("route() returned None");
    private static final long WARN_INTERVAL_NANOS = Duration.ofSeconds(10).toNanos();

    private final String name;
    private final PythonRuntime runtime;
    private final Path scriptFile;
    private final Duration timeout;
    private final Map<String, RouteAnswer> answers;
    private final Map<String, Counter> errors = new HashMap<>();
    private final AtomicLong calls = new AtomicLong();
    private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - WARN_INTERVAL_NANOS);
    private volatile Loaded current;
    private volatile FileTime fileModified;
    private volatile String lastError;
    private volatile Instant lastErrorAt;

    private record Loaded(Value route, String source, Instant loadedAt) {}

    /** What the admin API shows of a script router. */
    public record ScriptStatus(String router, String scriptFile, Instant loadedAt, long calls, String lastError, Instant lastErrorAt) {}

    private PythonScriptRouter(String name, PythonRuntime runtime, Path scriptFile, Duration timeout, List<String> groups,
            MeterRegistry registry) {
        this.name = name;
        this.runtime = runtime;
        this.scriptFile = scriptFile;
        this.timeout = timeout;
        Map<String, RouteAnswer> byGroup = new HashMap<>();
        for (String group : groups) {
            byGroup.put(group, RouteAnswer.to(group, 1.0, "route() returned " + group));
        }
        this.answers = Map.copyOf(byGroup);
        for (String kind : List.of("error", "timeout", "unknown_group", "load")) {
            errors.put(kind, Counter.builder("switchboard.routing.script.errors")
                    .description("Routing script calls and reloads that gave no answer, by kind")
                    .tag("router", name)
                    .tag("kind", kind)
                    .register(registry));
        }
    }

    /** @param runtime gives the chain's GraalPy runtime, started on first use (it takes seconds) */
    static PythonScriptRouter parse(String name, ConfigNode node, KnownGroups groups, Supplier<PythonRuntime> runtime, MeterRegistry registry) {
        String inline = node.optionalString("script").orElse("");
        Path file = node.optionalString("scriptFile").filter(s -> !s.isBlank()).map(Path::of).orElse(null);
        Duration timeout = Duration.ofMillis(node.longValue("timeoutMs", DEFAULT_TIMEOUT.toMillis(), 1, 60_000));
        node.rejectUnknownKeys();
        if (file == null && inline.isBlank()) {
            throw node.error("a pythonScript router needs 'script' (inline Python) or 'scriptFile'");
        }
        String source;
        String key;
        FileTime modified = null;
        if (file != null) {
            key = "scriptFile";
            try {
                modified = Files.getLastModifiedTime(file);
                source = Files.readString(file);
            } catch (IOException e) {
                throw node.valueError("scriptFile", "cannot read " + file.toAbsolutePath() + ": " + e.getMessage());
            }
        } else {
            key = "script";
            source = inline;
        }
        PythonScriptRouter router = new PythonScriptRouter(name, runtime.get(), file, timeout, groups.names(), registry);
        router.fileModified = modified;
        try {
            router.current = router.load(source);
        } catch (ScriptException e) {
            throw node.valueError(key, "the script does not load: " + e.getMessage());
        }
        return router;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public RouteAnswer route(QueryContext context) {
        calls.incrementAndGet();
        ScriptCall call = ScriptCall.of(context);
        String group;
        try {
            group = runtime.route(current.route(), call, timeout);
        } catch (ScriptException e) {
            String kind = e.kind() == ScriptException.Kind.TIMEOUT ? "timeout" : "error";
            failed(kind, e.getMessage());
            return RouteAnswer.pass("script " + (kind.equals("timeout") ? "timed out" : "failed") + ": " + e.getMessage());
        }
        if (group == null) {
            return RETURNED_NONE;
        }
        RouteAnswer answer = answers.get(group);
        if (answer == null) {
            failed("unknown_group", "route() returned '" + group + "', which is not a cluster group");
            return RouteAnswer.pass("route() returned unknown group '" + group + "'");
        }
        return answer;
    }

    /**
     * Replaces the script after checking that it loads (the admin API's run-time change). A
     * script that does not load is refused with the Python error; the current one keeps routing.
     */
    public synchronized void replaceScript(String source) {
        requireNonNull(source, "source is null");
        try {
            current = load(source);
            lastError = null;
            log.info("Routing script of router {} replaced", name);
        } catch (ScriptException e) {
            failed("load", e.getMessage());
            throw new SwitchboardException(ErrorCode.INVALID_CONFIGURATION,
                    "The script of router " + name + " does not load; the previous one stays: " + e.getMessage());
        }
    }

    /** Reloads {@code scriptFile} when it changed; a version that does not load is reported and ignored. */
    synchronized void reloadIfChanged() {
        if (scriptFile == null) {
            return;
        }
        String source;
        try {
            FileTime modified = Files.getLastModifiedTime(scriptFile);
            if (modified.equals(fileModified)) {
                return;
            }
            fileModified = modified;
            source = Files.readString(scriptFile);
        } catch (IOException e) {
            failed("load", "cannot read " + scriptFile + ": " + e.getMessage());
            return;
        }
        if (source.equals(current.source())) {
            return;
        }
        try {
            current = load(source);
            lastError = null;
            log.info("Routing script {} of router {} reloaded", scriptFile, name);
        } catch (ScriptException e) {
            failed("load", e.getMessage());
            log.warn("Routing script {} of router {} changed but does not load; the last good version keeps routing: {}",
                    scriptFile, name, e.getMessage());
        }
    }

    public ScriptStatus status() {
        return new ScriptStatus(name, scriptFile == null ? null : scriptFile.toString(), current.loadedAt(), calls.get(), lastError, lastErrorAt);
    }

    private Loaded load(String source) {
        return new Loaded(runtime.load(name, source, LOAD_TIMEOUT), source, Instant.now());
    }

    private void failed(String kind, String message) {
        errors.get(kind).increment();
        lastError = kind.replace('_', ' ') + ": " + message;
        lastErrorAt = Instant.now();
        long now = System.nanoTime();
        long previous = lastWarning.get();
        if (!kind.equals("load") && now - previous >= WARN_INTERVAL_NANOS && lastWarning.compareAndSet(previous, now)) {
            // At most one warning per interval: a broken script must not flood the log at the query rate.
            log.warn("Routing script of router {} gave no answer ({}): {}; further problems within {} s are only counted",
                    name, kind.replace('_', ' ').toLowerCase(Locale.ROOT), message, WARN_INTERVAL_NANOS / 1_000_000_000);
        }
    }
}
