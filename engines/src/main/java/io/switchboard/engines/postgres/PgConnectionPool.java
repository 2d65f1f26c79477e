package io.switchboard.engines.postgres;

import io.switchboard.engines.jdbc.JdbcEngineConfig;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The cluster's connections: at most {@code poolSize} open at once, idle ones reused last-in
 * first-out (so a light load keeps few connections warm), opened on demand. An idle connection
 * is checked before reuse when it has rested long enough for the server to have ended it; one
 * that broke during a statement is closed, never returned.
 */
final class PgConnectionPool implements AutoCloseable {
    /** Reused without a check when idle for less than this: the check is a system call per query. */
    private static final long CHECK_AFTER_IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    /** Idle connections beyond minimumIdle are closed after resting this long. */
    private static final long IDLE_TIMEOUT_NANOS = TimeUnit.MINUTES.toNanos(10);

    private final JdbcEngineConfig config;
    private final Map<String, String> startupParameters;
    private final Semaphore permits;
    private final ConcurrentLinkedDeque<PgBackendConnection> idle = new ConcurrentLinkedDeque<>();
    private volatile boolean closed;

    PgConnectionPool(JdbcEngineConfig config, Map<String, String> startupParameters) {
        this.config = config;
        this.startupParameters = Map.copyOf(startupParameters);
        this.permits = new Semaphore(config.poolSize(), true);
    }

    /** Takes a connection, opening one if none is idle; waits at most the connect timeout for a free slot. */
    PgBackendConnection borrow() throws IOException, InterruptedException {
        Duration timeout = config.connectTimeout();
        if (!permits.tryAcquire(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
            throw new PoolExhaustedException("all " + config.poolSize() + " connections stayed busy for "
                    + timeout.toMillis() + " ms");
        }
        try {
            long now = System.nanoTime();
            for (PgBackendConnection connection = idle.pollFirst(); connection != null; connection = idle.pollFirst()) {
                if (now - connection.idleSinceNanos() < CHECK_AFTER_IDLE_NANOS || connection.idleAndAlive()) {
                    return connection;
                }
                connection.abort();
            }
            return PgBackendConnection.open(config, startupParameters);
        } catch (IOException | RuntimeException | Error e) {
            permits.release();
            throw e;
        }
    }

    /** Gives a connection back: reused when it is healthy, idle and still has the settings it started with; closed otherwise. */
    void release(PgBackendConnection connection, boolean reusable) {
        if (reusable && !closed && !connection.broken() && !connection.sessionChanged()) {
            connection.markIdle();
            idle.addFirst(connection);
            trimIdle();
        } else {
            connection.abort();
        }
        permits.release();
        if (closed) {
            closeIdle();
        }
    }

    /** Opens a connection outside the pool's count, for the adapter's own short work (type lookups). */
    PgBackendConnection openSide() throws IOException {
        return PgBackendConnection.open(config, startupParameters);
    }

    int idleCount() {
        return idle.size();
    }

    int activeCount() {
        return config.poolSize() - permits.availablePermits();
    }

    @Override
    public void close() {
        closed = true;
        closeIdle();
    }

    private void closeIdle() {
        for (PgBackendConnection connection = idle.pollLast(); connection != null; connection = idle.pollLast()) {
            connection.close();
        }
    }

    /** Closes the least recently used idle connections that rested past the idle timeout, keeping minimumIdle. */
    private void trimIdle() {
        while (true) {
            PgBackendConnection oldest = idle.peekLast();
            // The age first: the deque's size() walks every node, and this runs on every release.
            if (oldest == null || System.nanoTime() - oldest.idleSinceNanos() < IDLE_TIMEOUT_NANOS
                    || idle.size() <= config.minimumIdle() || !idle.removeLastOccurrence(oldest)) {
                return;
            }
            oldest.close();
        }
    }

    /** No connection became free within the connect timeout. */
    static final class PoolExhaustedException extends IOException {
        PoolExhaustedException(String message) {
            super(message);
        }
    }
}
