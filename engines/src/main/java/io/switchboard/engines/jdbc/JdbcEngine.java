package io.switchboard.engines.jdbc;

import static java.util.Objects.requireNonNull;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
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
import io.switchboard.engines.HealthProbe;
import io.switchboard.engines.Termination;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A cluster reached over JDBC (PostgreSQL, MySQL, MariaDB, StarRocks): a HikariCP pool of
 * connections, one connection per running statement, results streamed batch by batch.
 *
 * <p>The drivers are plain Java with blocking sockets, so they run well on virtual threads. Each
 * statement executes on a virtual thread of its own while the caller waits, so that interrupting
 * the caller can cancel the statement on the server (closing a socket does not stop a running
 * query). Batches are then read on the consumer's own thread. Cancels, which open a connection
 * of their own (PostgreSQL's cancel request, MySQL's {@code KILL QUERY}), run on virtual threads
 * too, so that {@link ResultStream#cancel()} never blocks its caller.
 */
public final class JdbcEngine implements Engine {
    private static final Logger log = LoggerFactory.getLogger(JdbcEngine.class);

    private final String clusterName;
    private final JdbcEngineConfig config;
    private final JdbcEngineFlavor flavor;
    private final HikariDataSource pool;
    private final ExecutorService statements;
    private final ScheduledThreadPoolExecutor timers;
    private final Set<JdbcResultStream> openStreams = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final HealthProbe health;

    /** Creates the pool without connecting: a cluster that is down at start is unhealthy, not fatal. */
    public JdbcEngine(String clusterName, JdbcEngineConfig config, JdbcEngineFlavor flavor, MeterRegistry meterRegistry) {
        this.clusterName = requireNonNull(clusterName, "clusterName is null");
        this.config = requireNonNull(config, "config is null");
        this.flavor = requireNonNull(flavor, "flavor is null");
        this.pool = new HikariDataSource(poolConfig(clusterName, config, flavor, meterRegistry));
        this.statements = Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name(flavor.type().configName() + "-" + clusterName + "-", 1).factory());
        this.timers = new ScheduledThreadPoolExecutor(1,
                Thread.ofPlatform().name(flavor.type().configName() + "-" + clusterName + "-timer").daemon(true).factory());
        timers.setRemoveOnCancelPolicy(true);
        this.health = new HealthProbe(flavor.type().configName() + "-" + clusterName + "-health", config.healthCheckTimeout(),
                this::probe);
        log.info("{} cluster '{}' at {} with a pool of up to {} connections", flavor.displayName(), clusterName,
                config.endpoint(), config.poolSize());
    }

    @Override
    public String clusterName() {
        return clusterName;
    }

    @Override
    public EngineType type() {
        return flavor.type();
    }

    public JdbcEngineConfig config() {
        return config;
    }

    @Override
    public ResultStream execute(EngineQuery query) {
        requireNonNull(query, "query is null");
        ensureOpen();
        return JdbcResultStream.start(this, query);
    }

    @Override
    public StatementDescription describe(EngineQuery query) {
        requireNonNull(query, "query is null");
        ensureOpen();
        try (Connection connection = borrowConnection()) {
            return flavor.describe(connection, query.sql());
        } catch (SQLException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw new SwitchboardException(ErrorCode.QUERY_CANCELED, "Describing query " + query.queryId()
                        + " was canceled: its thread was interrupted", "57014", e);
            }
            throw translate(e);
        }
    }

    /**
     * {@code EXPLAIN <sql>}: PostgreSQL and StarRocks answer with one line of plan per row;
     * MySQL and MariaDB with a table, which is rendered as a header and one line per row with
     * the values separated by {@code " | "}.
     */
    @Override
    public String explain(EngineQuery query) {
        requireNonNull(query, "query is null");
        EngineQuery explain = new EngineQuery(query.queryId(), "EXPLAIN " + query.sql(), query.session(), query.timeout());
        List<String> lines = new java.util.ArrayList<>();
        try (ResultStream result = execute(explain)) {
            boolean table = result.columns().size() > 1;
            if (table) {
                lines.add(String.join(" | ", result.columns().stream().map(io.switchboard.core.result.Column::name).toList()));
            }
            for (io.switchboard.core.result.RowBatch batch = result.nextBatch(); batch != null; batch = result.nextBatch()) {
                for (Object[] row : batch.rows()) {
                    List<String> values = new java.util.ArrayList<>(row.length);
                    for (Object value : row) {
                        values.add(value == null ? (table ? "NULL" : "") : value.toString());
                    }
                    lines.add(String.join(" | ", values));
                }
            }
        }
        return String.join("\n", lines);
    }

    @Override
    public Optional<ScanEstimate> estimate(EngineQuery query) {
        requireNonNull(query, "query is null");
        return flavor.estimate(this, query);
    }

    @Override
    public Optional<ScanEstimate> estimateFromStatistics(EngineQuery query,
            List<TableReference> tables) {
        requireNonNull(query, "query is null");
        return flavor.estimateFromStatistics(this, query, tables);
    }

    @Override
    public HealthStatus checkHealth() {
        if (closed.get()) {
            return HealthStatus.unhealthy(flavor.displayName() + " cluster '" + clusterName + "' is closed");
        }
        return health.check();
    }

    /** Stops every running statement and closes the pool. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        for (JdbcResultStream stream : openStreams) {
            stream.terminate(Termination.ENGINE_CLOSED);
        }
        statements.shutdown();
        try {
            if (!statements.awaitTermination(10, TimeUnit.SECONDS)) {
                statements.shutdownNow();
            }
        } catch (InterruptedException e) {
            statements.shutdownNow();
            Thread.currentThread().interrupt();
        }
        timers.shutdownNow();
        // Connections still borrowed by streams nobody closed are aborted by the pool.
        pool.close();
        log.info("{} cluster '{}' closed", flavor.displayName(), clusterName);
    }

    // ---- for JdbcResultStream -------------------------------------------------------------

    JdbcEngineFlavor flavor() {
        return flavor;
    }

    int batchSize() {
        return config.batchSize();
    }

    ExecutorService statements() {
        return statements;
    }

    ScheduledExecutorService timers() {
        return timers;
    }

    /** A pooled connection; waits at most the connect timeout. */
    Connection borrowConnection() throws SQLException {
        ensureOpen();
        return pool.getConnection();
    }

    /**
     * Closes a connection that must not be reused (a cancel may still be on its way to it, or
     * an unread streamed result would have to be drained first): aborts the socket, then takes
     * the connection out of the pool.
     */
    void discard(Connection connection) {
        try {
            Connection raw = connection.unwrap(Connection.class);
            raw.abort(Runnable::run);
        } catch (SQLException | RuntimeException e) {
            log.debug("Aborting a connection of cluster '{}' failed", clusterName, e);
        }
        try {
            pool.evictConnection(connection);
        } catch (RuntimeException e) {
            log.debug("Evicting a connection of cluster '{}' failed", clusterName, e);
        }
        try {
            connection.close();
        } catch (SQLException | RuntimeException e) {
            // expected: the connection was aborted
        }
    }

    /** A connection outside the pool, with the pool's settings and credentials; for cancels. */
    Connection openSideConnection() throws SQLException {
        Properties properties = flavor.driverProperties(config);
        config.user().ifPresent(user -> properties.setProperty("user", user));
        config.password().ifPresent(password -> properties.setProperty("password", password));
        return java.sql.DriverManager.getConnection(flavor.jdbcUrl(config), properties);
    }

    /** Runs a cancel or other short blocking action without blocking the caller. */
    void runAsync(Runnable action) {
        Thread.ofVirtual().name(flavor.type().configName() + "-" + clusterName + "-cancel").start(action);
    }

    void register(JdbcResultStream stream) {
        ensureOpen();
        openStreams.add(stream);
    }

    void unregister(JdbcResultStream stream) {
        openStreams.remove(stream);
    }

    SwitchboardException closedError() {
        return new SwitchboardException(ErrorCode.ENGINE_UNAVAILABLE, flavor.displayName() + " cluster '" + clusterName
                + "' is closed", "57P01", null);
    }

    /**
     * An error of this cluster as a SwitchboardException: failures to connect (the pool's
     * timeout, connection SQLSTATEs 08xxx, rejected credentials) become ENGINE_UNAVAILABLE naming
     * the cluster and its address; engine errors go through the flavor's mapping.
     */
    SwitchboardException translate(SQLException e) {
        return JdbcErrors.connectionFailure(e, flavor.displayName() + " cluster '" + clusterName + "' at "
                        + config.endpoint().hostAndPort(), config.connectTimeout())
                .orElseGet(() -> flavor.translate(e));
    }

    // ---- internals --------------------------------------------------------------------------

    private HealthStatus probe() {
        long start = System.nanoTime();
        try (Connection connection = borrowConnection(); Statement statement = connection.createStatement()) {
            statement.setQueryTimeout((int) Math.max(1, (config.healthCheckTimeout().toMillis() + 999) / 1000));
            try (ResultSet result = statement.executeQuery("SELECT 1")) {
                if (!result.next() || result.getInt(1) != 1) {
                    return HealthStatus.unhealthy("SELECT 1 returned an unexpected answer");
                }
            }
            return HealthStatus.healthy("SELECT 1 answered in " + (System.nanoTime() - start) / 1_000_000 + " ms");
        } catch (SQLException e) {
            return HealthStatus.unhealthy(translate(e).getMessage());
        } catch (RuntimeException e) {
            return HealthStatus.unhealthy("SELECT 1 failed: " + e.getMessage());
        }
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw closedError();
        }
    }

    private static HikariConfig poolConfig(String clusterName, JdbcEngineConfig config, JdbcEngineFlavor flavor,
            MeterRegistry meterRegistry) {
        HikariConfig pool = new HikariConfig();
        pool.setPoolName("switchboard-" + clusterName);
        pool.setDriverClassName(flavor.driverClassName());
        pool.setJdbcUrl(flavor.jdbcUrl(config));
        Properties properties = flavor.driverProperties(config);
        pool.setDataSourceProperties(properties);
        config.user().ifPresent(pool::setUsername);
        config.password().ifPresent(pool::setPassword);
        pool.setMaximumPoolSize(config.poolSize());
        pool.setMinimumIdle(config.minimumIdle());
        long connectMillis = config.connectTimeout().toMillis();
        pool.setConnectionTimeout(connectMillis);
        pool.setValidationTimeout(Math.min(connectMillis, Duration.ofSeconds(5).toMillis()));
        // Start even when the engine is down: the health probe reports it, and the pool connects once it is back.
        pool.setInitializationFailTimeout(-1);
        pool.setAutoCommit(true);
        String initSql = flavor.connectionInitSql(config);
        if (initSql != null) {
            pool.setConnectionInitSql(initSql);
        }
        if (meterRegistry != null) {
            pool.setMetricRegistry(meterRegistry);
        }
        return pool;
    }
}
