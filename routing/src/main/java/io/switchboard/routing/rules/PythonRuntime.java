package io.switchboard.routing.rules;

import io.switchboard.core.error.ErrorCode;
import io.switchboard.core.error.SwitchboardException;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
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
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One GraalPy context for the routing scripts of a router chain, with its own platform thread:
 * every Python call runs there, one at a time, so the context is never entered from two threads
 * (nor from a query's virtual thread). A call has a time limit that covers waiting for the thread
 * and running: past it the caller gets a timeout, and a call still running is interrupted (the
 * context stays usable).
 *
 * <p>The context is sandboxed by GraalPy's defaults: no file system or network, no host classes,
 * no processes or threads. Scripts may import the pure-Python standard library ({@code re},
 * {@code json}).
 */
final class PythonRuntime implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PythonRuntime.class);
    private static final String HELPER = """
            def load(name, source):
                namespace = {"__name__": name}
                exec(compile(source, name, "exec"), namespace)
                route = namespace.get("route")
                if not callable(route):
                    raise ValueError("the script defines no function route(query, ctx)")
                return route

            def call(route, query, protocol, user, database, authenticated, groups, names, values,
                     tag_names, tag_values, hint_names, hint_values, statement_kind, tables):
                ctx = {
                    "protocol": protocol,
                    "user": user,
                    "database": database,
                    "extra": dict(zip(names, values)),
                    "groups": list(groups),
                    "tags": dict(zip(tag_names, tag_values)),
                    "hints": dict(zip(hint_names, hint_values)),
                    "statementKind": statement_kind,
                    "tables": list(tables),
                }
                if authenticated:
                    ctx["auth"] = {"user": user, "groups": list(groups), "roles": []}
                result = route(query, ctx)
                if result is None or isinstance(result, str):
                    return result
                raise TypeError("route() must return a group name (str) or None, not " + type(result).__name__)

            (load, call)
            """;

    private final ExecutorService worker;
    private final ScheduledExecutorService watchdog;
    private final Context context;
    private final Value load;
    private final Value call;
    private final AtomicBoolean closed = new AtomicBoolean();

    /** Creates the context and warms the call path; takes seconds (GraalPy runs interpreted on a stock JDK). */
    PythonRuntime() {
        worker = Executors.newSingleThreadExecutor(Thread.ofPlatform().daemon().name("routing-python").factory());
        watchdog = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("routing-python-watchdog").factory());
        long start = System.nanoTime();
        try {
            Started started = worker.submit(() -> {
                Context created = Context.newBuilder("python")
                        .option("engine.WarnInterpreterOnly", "false")
                        .build();
                Value pair = created.eval(Source.create("python", HELPER));
                Value loadFunction = pair.getArrayElement(0);
                Value callFunction = pair.getArrayElement(1);
                // The first calls through a path are slow in GraalPy's interpreter; take them now, not on a query.
                Value warmRoute = loadFunction.execute("warm-up", "import re\ndef route(query, ctx):\n    return None\n");
                for (int i = 0; i < 20; i++) {
                    callFunction.execute(ScriptCall.WARM_UP.toArguments(warmRoute));
                }
                return new Started(created, loadFunction, callFunction);
            }).get();
            this.context = started.context();
            this.load = started.load();
            this.call = started.call();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new SwitchboardException(ErrorCode.INTERNAL, "interrupted while starting GraalPy for routing scripts", e);
        } catch (ExecutionException e) {
            close();
            throw new SwitchboardException(ErrorCode.INTERNAL, "GraalPy could not start for routing scripts: " + e.getCause(), e.getCause());
        }
        log.info("GraalPy ready for routing scripts in {} ms", (System.nanoTime() - start) / 1_000_000);
    }

    /** Compiles a script and returns its {@code route} function; a broken script throws {@link ScriptException}. */
    Value load(String name, String source, Duration timeout) {
        return run(() -> load.execute(name, source), timeout);
    }

    /** Calls a script's {@code route} with the query and its context; returns the group or null. */
    String route(Value route, ScriptCall arguments, Duration timeout) {
        Value result = run(() -> call.execute(arguments.toArguments(route)), timeout);
        return result.isNull() ? null : result.asString();
    }

    private Value run(Callable<Value> body, Duration timeout) {
        if (closed.get()) {
            throw new ScriptException(ScriptException.Kind.UNAVAILABLE, "the routing script runtime is closed");
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        AtomicBoolean started = new AtomicBoolean();
        Future<Value> future;
        try {
            future = worker.submit(() -> {
                if (!started.compareAndSet(false, true)) {
                    return null;
                }
                AtomicBoolean running = new AtomicBoolean(true);
                ScheduledFuture<?> interrupter = watchdog.schedule(() -> {
                    if (running.get()) {
                        interrupt();
                    }
                }, Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                try {
                    return body.call();
                } finally {
                    running.set(false);
                    if (!interrupter.cancel(false)) {
                        // The interrupt is under way: let it finish before the next call can start,
                        // so that it never reaches a call it was not meant for.
                        awaitQuietly(interrupter);
                    }
                }
            });
        } catch (RejectedExecutionException e) {
            throw new ScriptException(ScriptException.Kind.UNAVAILABLE, "the routing script runtime is closed");
        }
        try {
            // A little longer than the deadline, so that a call interrupted at its deadline reports how it ended.
            return future.get(Math.max(0, deadline - System.nanoTime()) + TimeUnit.MILLISECONDS.toNanos(50), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            if (started.compareAndSet(false, true)) {
                throw new ScriptException(ScriptException.Kind.TIMEOUT, "waited " + timeout.toMillis() + " ms for the script thread, busy with other queries");
            }
            throw new ScriptException(ScriptException.Kind.TIMEOUT, "the script ran longer than " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(false);
            throw new ScriptException(ScriptException.Kind.TIMEOUT, "interrupted while waiting for the script");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof PolyglotException polyglot) {
                if (polyglot.isInterrupted() || polyglot.isCancelled()) {
                    throw new ScriptException(ScriptException.Kind.TIMEOUT, "the script ran longer than " + timeout.toMillis() + " ms");
                }
                throw new ScriptException(ScriptException.Kind.ERROR, polyglot.getMessage());
            }
            throw new ScriptException(ScriptException.Kind.ERROR, String.valueOf(cause));
        }
    }

    private static void awaitQuietly(ScheduledFuture<?> task) {
        try {
            task.get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | CancellationException e) {
            log.debug("The routing script watchdog did not finish cleanly", e);
        }
    }

    private void interrupt() {
        try {
            context.interrupt(Duration.ofSeconds(5));
        } catch (TimeoutException e) {
            log.warn("A routing script did not stop within 5 s of being interrupted");
        } catch (RuntimeException e) {
            // The call finished (or the context closed) as the interrupt arrived.
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        watchdog.shutdownNow();
        Context current = context;
        if (current != null) {
            try {
                current.close(true);
            } catch (RuntimeException e) {
                log.debug("Closing the routing script context", e);
            }
        }
        worker.shutdownNow();
    }

    private record Started(Context context, Value load, Value call) {}

    /** Why a script call gave no answer. */
    static final class ScriptException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        enum Kind {
            /** The script raised, did not compile, or returned something other than a str or None. */
            ERROR,
            /** The call (or the wait for the script thread) passed the time limit. */
            TIMEOUT,
            /** The runtime was closed. */
            UNAVAILABLE
        }

        private final Kind kind;

        ScriptException(Kind kind, String message) {
            super(message);
            this.kind = kind;
        }

        Kind kind() {
            return kind;
        }
    }
}
