package io.switchboard.guardrails.cost;

import io.switchboard.core.engine.ScanEstimate;
import io.switchboard.core.error.ErrorCode;
import io.switchboard.core.error.SwitchboardException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs one estimate call on a virtual thread of its own and waits at most the timeout, so that a
 * stuck EXPLAIN (a lock, a slow metastore) cannot hang the query: on timeout the thread is
 * interrupted, which cancels the engine statement, and the caller moves on. The engine statement
 * also carries the timeout itself.
 */
final class BoundedEstimates {
    /** Time past the timeout the engine gets to report its own timeout before the wait gives up. */
    private static final Duration GRACE = Duration.ofMillis(250);

    private BoundedEstimates() {}

    /** The call's estimate; a failure or timeout becomes a {@link SwitchboardException} naming what happened. */
    static Optional<ScanEstimate> call(Callable<Optional<ScanEstimate>> estimate, Duration timeout, String what) {
        FutureTask<Optional<ScanEstimate>> task = new FutureTask<>(estimate);
        Thread thread = Thread.ofVirtual().name("cost-estimate").start(task);
        try {
            return task.get(timeout.plus(GRACE).toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            task.cancel(true);
            throw new SwitchboardException(ErrorCode.QUERY_TIMEOUT, what + " took longer than " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            task.cancel(true);
            Thread.currentThread().interrupt();
            throw new SwitchboardException(ErrorCode.QUERY_CANCELED, what + " was interrupted");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
            if (cause instanceof SwitchboardException failure && failure.code() == ErrorCode.QUERY_TIMEOUT) {
                message = "took longer than " + timeout.toMillis() + " ms (" + message + ")";
            }
            throw new SwitchboardException(ErrorCode.ENGINE_ERROR, what + " failed: " + message, cause);
        } finally {
            if (thread.isAlive() && !task.isDone()) {
                thread.interrupt();
            }
        }
    }
}
