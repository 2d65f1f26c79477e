package io.switchboard.engines.duckdb;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.switchboard.core.analysis.TableReference;
import io.switchboard.core.engine.Engine;
import io.switchboard.core.engine.EngineQuery;
import io.switchboard.core.engine.EngineType;
import io.switchboard.core.engine.HealthStatus;
import io.switchboard.core.engine.ScanEstimate;
import io.switchboard.core.engine.StatementDescription;
import io.switchboard.core.error.ErrorCode;
import io.switchboard.core.error.SwitchboardException;
import io.switchboard.core.result.ResultStream;
import io.switchboard.engines.Termination;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.duckdb.DuckDBConnection;
import org.duckdb.DuckDBDriver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A DuckDB cluster: one embedded database (a file, or in memory) opened once, each query on its
 * own duplicate connection so that queries never share session state.
 *
 * <p>DuckDB's JDBC calls are native calls that pin the carrier of a virtual thread, and queries
 * run on virtual threads. So every JDBC call of this engine runs on its own bounded executor of
 * platform threads ({@code duckdb-<cluster>-N}); the calling virtual thread submits and waits.
 * Interrupts for cancellation and timeouts run on one more platform thread
 * ({@code duckdb-<cluster>-canceller}), health probes on another ({@code duckdb-<cluster>-health})
 * so that a busy executor is not mistaken for a dead database.
 */
public final class DuckDbEngine implements Engine {
    private static final Logger log = LoggerFactory.getLogger(DuckDbEngine.class);
    private static final Duration HEALTH_DEADLINE = Duration.ofSeconds(5);
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(30);

    private final String clusterName;
    private final DuckDbEngineConfig config;
    private final ThreadPoolExecutor executor;
    private final ScheduledThreadPoolExecutor canceller;
    private final ThreadPoolExecutor healthProbes;
    private final Set<DuckDbResultStream> openStreams = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final MeterRegistry meterRegistry;
    private final List<Meter> meters = new ArrayList<>();
    private final DuckDBConnection database;
    private volatile CompletableFuture<HealthStatus> lastProbe;

    /** Opens the database; with {@code demoData: [tpch, pii]}, creates the demo tables on first start. */
    public DuckDbEngine(String clusterName, DuckDbEngineConfig config) {
        this(clusterName, config, null);
    }

    public DuckDbEngine(String clusterName, DuckDbEngineConfig config, MeterRegistry meterRegistry) {
        this.clusterName = requireNonNull(clusterName, "clusterName is null");
        this.config = requireNonNull(config, "config is null");
        this.meterRegistry = meterRegistry;
        int threads = config.executorThreads();
        this.executor = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                Thread.ofPlatform().name("duckdb-" + clusterName + "-", 1).daemon(true).factory());
        // Idle clusters give their threads back; a burst brings them back at once.
        executor.allowCoreThreadTimeOut(true);
        this.canceller = new ScheduledThreadPoolExecutor(1,
                Thread.ofPlatform().name("duckdb-" + clusterName + "-canceller").daemon(true).factory());
        canceller.setRemoveOnCancelPolicy(true);
        this.healthProbes = new ThreadPoolExecutor(1, 1, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                Thread.ofPlatform().name("duckdb-" + clusterName + "-health").daemon(true).factory());
        healthProbes.allowCoreThreadTimeOut(true);
        DuckDBConnection opened = null;
        try {
            opened = call(this::open);
            if (config.demoData().contains(DuckDbEngineConfig.DemoData.TPCH)) {
                DuckDBConnection connection = opened;
                call(() -> {
                    try (DuckDBConnection loader = connection.duplicate()) {
                        return TpchDemoData.ensure(loader, config.demoScale(), config.readOnly(), clusterName);
                    }
                });
            }
            if (config.demoData().contains(DuckDbEngineConfig.DemoData.PII)) {
                DuckDBConnection connection = opened;
                call(() -> {
                    try (DuckDBConnection loader = connection.duplicate()) {
                        return PiiDemoData.ensure(loader, config.readOnly(), clusterName);
                    }
                });
            }
        } catch (RuntimeException | Error e) {
            closeQuietly(opened);
            executor.shutdownNow();
            canceller.shutdownNow();
            healthProbes.shutdownNow();
            throw e;
        }
        this.database = opened;
        registerMeters();
        log.info("DuckDB cluster '{}' opened {} with {} executor threads", clusterName,
                config.databasePath().map(Path::toString).orElse("an in-memory database"), threads);
    }

    @Override
    public String clusterName() {
        return clusterName;
    }

    @Override
    public EngineType type() {
        return EngineType.DUCKDB;
    }

    public DuckDbEngineConfig config() {
        return config;
    }

    @Override
    public ResultStream execute(EngineQuery query) {
        requireNonNull(query, "query is null");
        ensureOpen();
        return DuckDbResultStream.start(this, query, config.batchSize());
    }

    @Override
    public StatementDescription describe(EngineQuery query) {
        requireNonNull(query, "query is null");
        ensureOpen();
        return call(() -> {
            try (DuckDBConnection connection = newConnection()) {
                return DuckDbDescriber.describe(connection, query.sql());
            }
        });
    }

    @Override
    public Optional<ScanEstimate> estimate(EngineQuery query) {
        requireNonNull(query, "query is null");
        return DuckDbEstimator.fromPlan(this, query);
    }

    @Override
    public Optional<ScanEstimate> estimateFromStatistics(EngineQuery query,
            List<TableReference> tables) {
        requireNonNull(query, "query is null");
        return DuckDbEstimator.fromStatistics(this, query, tables);
    }

    @Override
    public HealthStatus checkHealth() {
        try {
            if (closed.get()) {
                return HealthStatus.unhealthy("DuckDB cluster '" + clusterName + "' is closed");
            }
            CompletableFuture<HealthStatus> previous = lastProbe;
            if (previous != null && !previous.isDone()) {
                return HealthStatus.unhealthy("the previous health probe (SELECT 1) has not answered yet");
            }
            CompletableFuture<HealthStatus> probe = CompletableFuture.supplyAsync(this::probe, healthProbes);
            lastProbe = probe;
            return probe.get(HEALTH_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return HealthStatus.unhealthy("SELECT 1 did not answer within " + HEALTH_DEADLINE.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return HealthStatus.unhealthy("the health probe was interrupted");
        } catch (ExecutionException e) {
            return HealthStatus.unhealthy(String.valueOf(e.getCause().getMessage()));
        } catch (RuntimeException e) {
            return HealthStatus.unhealthy("the health probe could not run: " + e);
        }
    }

    /**
     * Stops every running statement, lets the executor finish its tasks (at most 30 s), then
     * closes the database. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        for (DuckDbResultStream stream : openStreams) {
            stream.terminate(Termination.ENGINE_CLOSED);
            stream.scheduleRelease();
        }
        executor.shutdown();
        boolean stopped = awaitTermination(executor, CLOSE_GRACE);
        if (!stopped) {
            log.warn("DuckDB cluster '{}': statements still running after {} s; stopping its threads", clusterName,
                    CLOSE_GRACE.toSeconds());
            executor.shutdownNow();
            stopped = awaitTermination(executor, Duration.ofSeconds(5));
        }
        for (DuckDbResultStream stream : openStreams) {
            // Wakes consumers whose task was dropped, and frees what no task is left to free.
            stream.abandon();
            if (stopped) {
                stream.releaseNow();
            }
        }
        canceller.shutdownNow();
        healthProbes.shutdownNow();
        // The executor is gone: nothing else touches the database connection any more.
        closeQuietly(database);
        meters.forEach(meter -> meterRegistry.remove(meter));
        log.info("DuckDB cluster '{}' closed", clusterName);
    }

    // ---- for DuckDbResultStream -------------------------------------------------------------

    ExecutorService executor() {
        return executor;
    }

    ScheduledExecutorService canceller() {
        return canceller;
    }

    /** A connection of the query's own; called on the executor. */
    DuckDBConnection newConnection() throws SQLException {
        ensureOpen();
        return database.duplicate();
    }

    void register(DuckDbResultStream stream) {
        ensureOpen();
        openStreams.add(stream);
    }

    void unregister(DuckDbResultStream stream) {
        openStreams.remove(stream);
    }

    SwitchboardException closedError() {
        return new SwitchboardException(ErrorCode.ENGINE_UNAVAILABLE, "DuckDB cluster '" + clusterName + "' is closed");
    }

    // ---- internals --------------------------------------------------------------------------

    private DuckDBConnection open() {
        Properties properties = new Properties();
        // Results are pulled chunk by chunk from DuckDB instead of being materialized first.
        properties.setProperty(DuckDBDriver.JDBC_STREAM_RESULTS, "true");
        config.threads().ifPresent(threads -> properties.setProperty("threads", threads.toString()));
        config.memoryLimit().ifPresent(limit -> properties.setProperty("memory_limit", limit));
        if (config.readOnly()) {
            properties.setProperty(DuckDBDriver.DUCKDB_READONLY_PROPERTY, "true");
        }
        String location = config.databasePath().map(Path::toString).orElse("");
        try {
            if (config.databasePath().isPresent() && !config.readOnly()) {
                Path parent = config.databasePath().get().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
            }
            return (DuckDBConnection) new DuckDBDriver().connect("jdbc:duckdb:" + location, properties);
        } catch (IOException e) {
            throw new SwitchboardException(ErrorCode.ENGINE_UNAVAILABLE, "DuckDB cluster '" + clusterName
                    + "' cannot create the directory of " + location + ": " + e.getMessage(), e);
        } catch (SQLException e) {
            String message = String.valueOf(e.getMessage());
            if (message.contains("configuration option")) {
                throw new SwitchboardException(ErrorCode.INVALID_CONFIGURATION, "clusters." + clusterName
                        + ": DuckDB rejected a setting (threads or memoryLimit): " + message, e);
            }
            throw new SwitchboardException(ErrorCode.ENGINE_UNAVAILABLE, "DuckDB cluster '" + clusterName + "' cannot open "
                    + (location.isEmpty() ? "an in-memory database" : location) + ": " + message, e);
        }
    }

    private HealthStatus probe() {
        long start = System.nanoTime();
        try (DuckDBConnection connection = newConnection();
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT 1")) {
            if (!result.next() || result.getInt(1) != 1) {
                return HealthStatus.unhealthy("SELECT 1 returned an unexpected answer");
            }
            return HealthStatus.healthy("SELECT 1 answered in " + (System.nanoTime() - start) / 1_000_000 + " ms");
        } catch (SQLException | RuntimeException e) {
            return HealthStatus.unhealthy("SELECT 1 failed: " + e.getMessage());
        }
    }

    /** Runs work on the executor and waits for it; SQL errors come back as SwitchboardExceptions. */
    private <T> T call(Callable<T> work) {
        CompletableFuture<T> future = new CompletableFuture<>();
        try {
            executor.execute(() -> {
                try {
                    future.complete(work.call());
                } catch (SQLException e) {
                    future.completeExceptionally(DuckDbErrors.translate(e));
                } catch (Throwable t) {
                    future.completeExceptionally(t);
                }
            });
        } catch (RejectedExecutionException e) {
            throw closedError();
        }
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SwitchboardException(ErrorCode.QUERY_CANCELED, "interrupted while waiting for DuckDB cluster '"
                    + clusterName + "'", "57014", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Error error) {
                throw error;
            }
            throw SwitchboardException.wrap(cause, ErrorCode.INTERNAL);
        }
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw closedError();
        }
    }

    private void registerMeters() {
        if (meterRegistry == null) {
            return;
        }
        meters.add(Gauge.builder("switchboard.engine.executor.queued", executor, pool -> pool.getQueue().size())
                .description("JDBC tasks waiting for a thread of the cluster's executor")
                .tag("cluster", clusterName).tag("engine", EngineType.DUCKDB.configName())
                .register(meterRegistry));
        meters.add(Gauge.builder("switchboard.engine.executor.active", executor, ThreadPoolExecutor::getActiveCount)
                .description("Threads of the cluster's executor running a JDBC task")
                .tag("cluster", clusterName).tag("engine", EngineType.DUCKDB.configName())
                .register(meterRegistry));
        meters.add(Gauge.builder("switchboard.engine.streams.open", openStreams, Set::size)
                .description("Result streams of the cluster not yet released")
                .tag("cluster", clusterName).tag("engine", EngineType.DUCKDB.configName())
                .register(meterRegistry));
    }

    private static boolean awaitTermination(ExecutorService service, Duration timeout) {
        try {
            return service.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void closeQuietly(DuckDBConnection connection) {
        if (connection == null) {
            return;
        }
        try {
            connection.close();
        } catch (SQLException e) {
            log.debug("Closing a DuckDB connection failed", e);
        }
    }
}
