package io.switchboard.translation;

import static java.util.Objects.requireNonNull;

import io.switchboard.core.sql.Dialect;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;
import org.graalvm.python.embedding.GraalPyResources;
import org.graalvm.python.embedding.VirtualFileSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * sqlglot running in one GraalPy context inside the JVM, shared by every query and every
 * translator of the process.
 *
 * <p>A context costs seconds to create and sqlglot more seconds to import, so there is exactly
 * one, warmed in the background by {@link #start()}. All Python runs on one dedicated platform
 * thread: calls are serialized (a context runs one call at a time anyway), the callers' virtual
 * threads never enter the polyglot engine, and the thread gets a stack deep enough for sqlglot's
 * recursive parser. A call that runs past its time limit is interrupted with
 * {@link Context#interrupt}, which leaves the context usable.
 *
 * <p>sqlglot's sources are packed in this module's jar as a GraalPy virtual file system (see
 * {@code build/fetch-sqlglot.sh}); Python gets no access to the host's files, processes or
 * environment, which also sandboxes transform scripts.
 */
public final class GraalPySqlglot implements Sqlglot, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GraalPySqlglot.class);

    /** The resource directory of the virtual file system, as laid out by the build. */
    static final String VIRTUAL_FILE_SYSTEM = "switchboard-python";
    private static final String HELPER = "switchboard_translation.py";
    /** sqlglot's recursive descent needs more than a platform thread's default stack on big queries. */
    private static final long WORKER_STACK_BYTES = 64L << 20;
    private static final Duration WARMUP_CALL_LIMIT = Duration.ofMinutes(2);
    private static final Duration INTERRUPT_GRACE = Duration.ofSeconds(10);
    private static final Pattern TERMINAL_ESCAPES = Pattern.compile("\u001B\\[[0-9;]*m");
    /** One statement that touches the parser and generator paths most queries take. */
    private static final String WARMUP_SQL = "SELECT a, COUNT(*) AS n FROM s.t WHERE b = 'x' AND c > 1 GROUP BY a ORDER BY n DESC LIMIT 10";

    private final ExecutorService worker = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("sqlglot").daemon(true).stackSize(WORKER_STACK_BYTES).factory());
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("sqlglot-watchdog").daemon(true).factory());
    private final CompletableFuture<Void> readiness = new CompletableFuture<>();
    private final long createdNanos = System.nanoTime();
    private final Object interruptLock = new Object();
    /** The call running on the worker, or 0; guarded by {@link #interruptLock}. */
    private long runningCall;
    /** Worker thread only. */
    private long lastCall;

    // Written by the warm-up on the worker thread before readiness completes, read after.
    private volatile Context context;
    private volatile PythonFunctions functions;
    private volatile String version = "";
    private volatile Map<Dialect, StringStyle> styles = Map.of();
    private volatile Duration warmupDuration;

    private record PythonFunctions(Value translate, Value translateProbe, Value renderStrings, Value loadScript, Value runScript) {}

    private GraalPySqlglot() {}

    private static GraalPySqlglot shared;

    /**
     * The process's one sqlglot, started on first use and closed when the JVM exits. A context
     * costs seconds of CPU to warm, and one serves every thread, so a process needs only one
     * (tests that start several servers in one JVM share it too).
     */
    public static synchronized GraalPySqlglot shared() {
        if (shared == null) {
            GraalPySqlglot started = start();
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "sqlglot-shutdown"));
            shared = started;
        }
        return shared;
    }

    /** Creates the context and imports sqlglot in the background; see {@link #readiness()}. */
    public static GraalPySqlglot start() {
        GraalPySqlglot sqlglot = new GraalPySqlglot();
        sqlglot.worker.execute(sqlglot::warmUp);
        return sqlglot;
    }

    @Override
    public CompletableFuture<Void> readiness() {
        return readiness;
    }

    @Override
    public String version() {
        return version;
    }

    /** How long the warm-up took, once it is done. */
    public Duration warmupDuration() {
        return warmupDuration;
    }

    @Override
    public String translate(String sql, Dialect source, Dialect target, Duration timeout) {
        return call(timeout, () -> functions.translate().execute(sql, source.sqlglotName(), target.sqlglotName()).asString());
    }

    @Override
    public ProbeTranslation translateProbe(String sql, Dialect source, Dialect target, List<String> stringSentinels, Duration timeout) {
        return call(timeout, () -> {
            Object[] arguments = new Object[3 + stringSentinels.size()];
            arguments[0] = sql;
            arguments[1] = source.sqlglotName();
            arguments[2] = target.sqlglotName();
            for (int i = 0; i < stringSentinels.size(); i++) {
                arguments[3 + i] = stringSentinels.get(i);
            }
            Value result = functions.translateProbe().execute(arguments);
            return new ProbeTranslation(result.getArrayElement(0).asString(), strings(result.getArrayElement(1)));
        });
    }

    @Override
    public StringStyle stringStyle(Dialect target) {
        StringStyle style = styles.get(target);
        if (style == null) {
            throw unavailable();
        }
        return style;
    }

    @Override
    public TransformScript loadScript(String name, String source, Duration timeout) {
        return call(timeout, () -> new TransformScript(name, functions.loadScript().execute(name, source)));
    }

    @Override
    public String runScript(TransformScript script, String sql, Dialect source, Dialect target, Duration timeout) {
        return call(timeout, () -> functions.runScript()
                .execute((Value) script.handle(), sql, source.sqlglotName(), target.sqlglotName())
                .asString());
    }

    @Override
    public void close() {
        readiness.completeExceptionally(new SqlglotException(SqlglotException.Kind.UNAVAILABLE, "sqlglot was closed"));
        worker.shutdownNow();
        watchdog.shutdownNow();
        Context current = context;
        if (current != null) {
            // Cancels a call still running; the worker thread then leaves the context.
            current.close(true);
        }
    }

    private void warmUp() {
        try {
            if (GraalPySqlglot.class.getClassLoader().getResource(VIRTUAL_FILE_SYSTEM + "/fileslist.txt") == null) {
                throw new IllegalStateException("sqlglot is not packed on the class path (no " + VIRTUAL_FILE_SYSTEM
                        + "/fileslist.txt); build the translation module with Maven, which fetches it");
            }
            VirtualFileSystem files = VirtualFileSystem.newBuilder()
                    .resourceDirectory(VIRTUAL_FILE_SYSTEM)
                    .resourceLoadingClass(GraalPySqlglot.class)
                    .allowHostIO(VirtualFileSystem.HostIO.READ)
                    .build();
            Context created = Context.newBuilder("python")
                    .apply(GraalPyResources.forVirtualFileSystem(files))
                    .option("engine.WarnInterpreterOnly", "false")
                    // Nothing needs site-packages: sqlglot sits on the path directly.
                    .option("python.ForceImportSite", "false")
                    .build();
            context = created;
            long contextReady = System.nanoTime();
            created.eval(Source.newBuilder("python", resource(HELPER), HELPER).build());
            Value bindings = created.getBindings("python");
            functions = new PythonFunctions(bindings.getMember("translate"), bindings.getMember("translate_probe"),
                    bindings.getMember("render_strings"), bindings.getMember("load_script"), bindings.getMember("run_script"));
            version = bindings.getMember("version").execute().asString();
            long imported = System.nanoTime();

            Map<Dialect, StringStyle> learned = new EnumMap<>(Dialect.class);
            List<String> probeValues = StringStyle.probeValues();
            for (Dialect dialect : Dialect.values()) {
                Object[] arguments = new Object[1 + probeValues.size()];
                arguments[0] = dialect.sqlglotName();
                for (int i = 0; i < probeValues.size(); i++) {
                    arguments[1 + i] = probeValues.get(i);
                }
                learned.put(dialect, StringStyle.fromRendered(strings(functions.renderStrings().execute(arguments))));
            }
            styles = Map.copyOf(learned);
            // The first translation through each dialect's parser and generator is the slow one.
            for (Dialect dialect : Dialect.values()) {
                functions.translate().execute(WARMUP_SQL, Dialect.TRINO.sqlglotName(), dialect.sqlglotName());
                functions.translate().execute(WARMUP_SQL, dialect.sqlglotName(), Dialect.POSTGRES.sqlglotName());
            }
            long warmed = System.nanoTime();
            warmupDuration = Duration.ofNanos(warmed - createdNanos);
            log.info("sqlglot {} ready in {} ms (GraalPy context {} ms, import {} ms, dialect warm-up {} ms)", version,
                    millis(warmed - createdNanos), millis(contextReady - createdNanos), millis(imported - contextReady),
                    millis(warmed - imported));
            readiness.complete(null);
        } catch (Throwable t) {
            log.error("sqlglot could not start; queries that need translation cannot be translated", t);
            readiness.completeExceptionally(t);
            Context created = context;
            if (created != null) {
                created.close(true);
            }
        }
    }

    private <T> T call(Duration timeout, Supplier<T> body) {
        requireNonNull(timeout, "timeout is null");
        if (!readiness.isDone() || readiness.isCompletedExceptionally()) {
            throw unavailable();
        }
        Future<T> future;
        AtomicBoolean started = new AtomicBoolean();
        try {
            future = worker.submit(() -> {
                started.set(true);
                return runGuarded(timeout, body);
            });
        } catch (RejectedExecutionException e) {
            throw new SqlglotException(SqlglotException.Kind.UNAVAILABLE, "sqlglot was closed", e);
        }
        try {
            try {
                return future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                if (!started.get() && future.cancel(false)) {
                    throw new SqlglotException(SqlglotException.Kind.TIMED_OUT,
                            "waited " + timeout.toMillis() + " ms for sqlglot, busy with other translations");
                }
                // It started: its watchdog interrupts it at its own limit; report how it ended.
                return future.get(INTERRUPT_GRACE.toNanos() + timeout.toNanos(), TimeUnit.NANOSECONDS);
            }
        } catch (TimeoutException e) {
            throw new SqlglotException(SqlglotException.Kind.TIMED_OUT, "sqlglot ignored its interrupt; the call still runs");
        } catch (InterruptedException e) {
            future.cancel(false);
            Thread.currentThread().interrupt();
            throw new SqlglotException(SqlglotException.Kind.UNAVAILABLE, "interrupted while waiting for sqlglot", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SqlglotException failure) {
                throw failure;
            }
            throw new SqlglotException(SqlglotException.Kind.REJECTED, describe(e.getCause()), e.getCause());
        }
    }

    /** Runs on the worker thread, under a watchdog that interrupts the call when its time is up. */
    private <T> T runGuarded(Duration timeout, Supplier<T> body) {
        long call = ++lastCall;
        synchronized (interruptLock) {
            runningCall = call;
        }
        ScheduledFuture<?> alarm = watchdog.schedule(() -> interrupt(call), timeout.toNanos(), TimeUnit.NANOSECONDS);
        try {
            return body.get();
        } catch (PolyglotException e) {
            if (e.isInterrupted()) {
                throw new SqlglotException(SqlglotException.Kind.TIMED_OUT,
                        "stopped after running longer than " + timeout.toMillis() + " ms", e);
            }
            if (e.isCancelled()) {
                throw new SqlglotException(SqlglotException.Kind.UNAVAILABLE, "sqlglot was closed", e);
            }
            throw new SqlglotException(SqlglotException.Kind.REJECTED, describe(e), e);
        } finally {
            alarm.cancel(false);
            // Waits for an interrupt in flight, so that it can never hit the next call.
            synchronized (interruptLock) {
                runningCall = 0;
            }
        }
    }

    private void interrupt(long call) {
        synchronized (interruptLock) {
            if (runningCall != call) {
                return;
            }
            try {
                context.interrupt(INTERRUPT_GRACE);
            } catch (TimeoutException e) {
                log.error("A sqlglot call ignored its interrupt for {} s; translations wait behind it", INTERRUPT_GRACE.toSeconds());
            } catch (RuntimeException e) {
                log.warn("Could not interrupt a sqlglot call", e);
            }
        }
    }

    private SqlglotException unavailable() {
        if (!readiness.isDone()) {
            return new SqlglotException(SqlglotException.Kind.UNAVAILABLE, "translator warming up");
        }
        Throwable cause = readiness.handle((ignored, failure) -> failure).join();
        return new SqlglotException(SqlglotException.Kind.UNAVAILABLE,
                "sqlglot is unavailable: " + (cause == null ? "no string style for this dialect" : describe(cause)), cause);
    }

    private static List<String> strings(Value array) {
        List<String> result = new ArrayList<>((int) array.getArraySize());
        for (long i = 0; i < array.getArraySize(); i++) {
            result.add(array.getArrayElement(i).asString());
        }
        return result;
    }

    /** The first line of a Python error, without sqlglot's terminal underlining. */
    static String describe(Throwable failure) {
        if (failure instanceof SqlglotException e) {
            return e.getMessage();
        }
        String message = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        message = TERMINAL_ESCAPES.matcher(message).replaceAll("").strip();
        int newline = message.indexOf('\n');
        return newline > 0 ? message.substring(0, newline).strip() : message;
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = GraalPySqlglot.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("resource " + name + " is missing from the translation module");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static long millis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }
}
