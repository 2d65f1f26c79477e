package io.switchboard.engines.postgres;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.Gauge;
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
import io.switchboard.core.result.Column;
import io.switchboard.core.result.ResultStream;
import io.switchboard.core.result.RowBatch;
import io.switchboard.core.session.FrontendProtocol;
import io.switchboard.core.session.QueryId;
import io.switchboard.core.session.Session;
import io.switchboard.core.sql.Dialect;
import io.switchboard.core.sql.SqlLexer;
import io.switchboard.core.sql.SqlToken;
import io.switchboard.core.sql.StatementSplitter;
import io.switchboard.core.types.DataType;
import io.switchboard.engines.HealthProbe;
import io.switchboard.engines.Termination;
import io.switchboard.engines.jdbc.JdbcEngineConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL cluster, reached over PostgreSQL's own protocol (see {@link PgBackendConnection}
 * for why not pgjdbc): a pool of connections, one per running statement, each statement in one
 * round trip with its rows streamed and decoded batch by batch on the caller's thread.
 *
 * <p>Every connection starts with the cluster's settings in its startup packet: the user and
 * database of the endpoint, {@code application_name}, {@code search_path} from {@code schema},
 * the {@code sessionProperties}, and the {@link #PINNED_SETTINGS} the decoder and the guardrails
 * rely on.
 */
public final class PostgresEngine implements Engine {
    private static final Logger log = LoggerFactory.getLogger(PostgresEngine.class);
    /** Bounds the column type cache; varchar lengths and numeric scales make many modifiers possible. */
    private static final int MAX_CACHED_COLUMN_TYPES = 4096;
    /**
     * Settings every connection starts with and no configuration may change: the decoder reads
     * UTF-8, ISO dates and exact floats, and the guardrails read {@code '...'} strings with
     * backslashes as plain characters — a server configured with {@code standard_conforming_strings}
     * off would otherwise read {@code 'a\''} as a string that ends one quote earlier, so text the
     * guardrails took for a string literal could run as SQL. A statement that changes one of them
     * retires its connection ({@link PgBackendConnection#sessionChanged()}).
     */
    static final Map<String, String> PINNED_SETTINGS = Map.of("client_encoding", "UTF8", "DateStyle", "ISO",
            "extra_float_digits", "3", "standard_conforming_strings", "on");
    private static final Session INTERNAL_SESSION = Session.builder("switchboard", FrontendProtocol.INTERNAL).build();

    private final String clusterName;
    private final JdbcEngineConfig config;
    private final PgConnectionPool pool;
    private final ScheduledThreadPoolExecutor timers;
    private final Set<PgResultStream> openStreams = ConcurrentHashMap.newKeySet();
    private final Map<Integer, String> lookedUpTypeNames = new ConcurrentHashMap<>();
    /** Column types by (type OID, type modifier), so a query's columns cost map lookups, not parsing. */
    private final Map<Long, PgColumnType> columnTypes = new ConcurrentHashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final HealthProbe health;

    /** Creates the pool without connecting: a cluster that is down at start is unhealthy, not fatal. */
    public PostgresEngine(String clusterName, JdbcEngineConfig config, MeterRegistry meterRegistry) {
        this.clusterName = requireNonNull(clusterName, "clusterName is null");
        this.config = requireNonNull(config, "config is null");
        this.pool = new PgConnectionPool(config, startupParameters(config));
        this.timers = new ScheduledThreadPoolExecutor(1,
                Thread.ofPlatform().name("postgres-" + clusterName + "-timer").daemon(true).factory());
        timers.setRemoveOnCancelPolicy(true);
        this.health = new HealthProbe("postgres-" + clusterName + "-health", config.healthCheckTimeout(), this::probe);
        if (meterRegistry != null) {
            Gauge.builder("switchboard.engine.connections", pool, PgConnectionPool::activeCount)
                    .description("Connections of the cluster's pool").tags("cluster", clusterName, "state", "active")
                    .register(meterRegistry);
            Gauge.builder("switchboard.engine.connections", pool, PgConnectionPool::idleCount)
                    .description("Connections of the cluster's pool").tags("cluster", clusterName, "state", "idle")
                    .register(meterRegistry);
        }
        log.info("PostgreSQL cluster '{}' at {} with a pool of up to {} connections", clusterName, config.endpoint(),
                config.poolSize());
    }

    @Override
    public String clusterName() {
        return clusterName;
    }

    @Override
    public EngineType type() {
        return EngineType.POSTGRES;
    }

    public JdbcEngineConfig config() {
        return config;
    }

    @Override
    public ResultStream execute(EngineQuery query) {
        requireNonNull(query, "query is null");
        ensureOpen();
        requireNoZeroByte(query);
        return PgResultStream.start(this, query);
    }

    /**
     * Parse and Describe without running: PostgreSQL's own parameter and column types.
     * {@code ?} placeholders are numbered ({@code $1}, {@code $2}, ...) first, each its own
     * parameter; {@code $n} placeholders stay as written.
     */
    @Override
    public StatementDescription describe(EngineQuery query) {
        requireNonNull(query, "query is null");
        ensureOpen();
        requireNoZeroByte(query);
        if (StatementSplitter.split(query.sql(), Dialect.POSTGRES).size() > 1) {
            throw new SwitchboardException(ErrorCode.NOT_SUPPORTED, "Only a single statement can be described", "0A000", null);
        }
        PgBackendConnection connection = borrow(query);
        boolean reusable = false;
        try {
            connection.sendDescribe(numberedPlaceholders(query.sql()));
            List<DataType> parameters = List.of();
            List<Column> columns = List.of();
            PgProtocolException error = null;
            while (true) {
                byte type = connection.next();
                if (type == 'Z') {
                    break;
                }
                switch (type) {
                    case 't' -> parameters = parameterTypes(connection);
                    case 'T' -> columns = rowDescription(connection).columns();
                    case 'E' -> {
                        error = PgProtocolException.fromErrorResponse(connection.body(), connection.bodyStart(), connection.bodyLength());
                        if (error.endsSession()) {
                            throw error;
                        }
                    }
                    default -> { } // ParseComplete, NoData, notices
                }
            }
            reusable = true;
            if (error != null) {
                throw translate(error);
            }
            return new StatementDescription(columns, parameters);
        } catch (IOException e) {
            if (Thread.currentThread().isInterrupted()) {
                sendCancel(connection, query);
                throw new SwitchboardException(ErrorCode.QUERY_CANCELED, "Describing query " + query.queryId()
                        + " was canceled: its thread was interrupted", "57014", e);
            }
            throw translate(e);
        } finally {
            release(connection, reusable);
        }
    }

    @Override
    public Optional<ScanEstimate> estimate(EngineQuery query) {
        requireNonNull(query, "query is null");
        return PostgresEstimator.fromPlan(this, query);
    }

    @Override
    public Optional<ScanEstimate> estimateFromStatistics(EngineQuery query, List<TableReference> tables) {
        requireNonNull(query, "query is null");
        return PostgresEstimator.fromStatistics(this, query, tables);
    }

    @Override
    public HealthStatus checkHealth() {
        if (closed.get()) {
            return HealthStatus.unhealthy("PostgreSQL cluster '" + clusterName + "' is closed");
        }
        return health.check();
    }

    /** Stops every running statement and closes the pool. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        for (PgResultStream stream : openStreams) {
            stream.terminate(Termination.ENGINE_CLOSED);
        }
        pool.close();
        timers.shutdownNow();
        log.info("PostgreSQL cluster '{}' closed", clusterName);
    }

    @Override
    public String toString() {
        return "PostgresEngine[" + clusterName + ", " + config + "]";
    }

    // ---- for PgResultStream -----------------------------------------------------------------

    ScheduledExecutorService timers() {
        return timers;
    }

    /** A pooled connection; waits at most the connect timeout. Failures are ENGINE_UNAVAILABLE naming the cluster. */
    PgBackendConnection borrow(EngineQuery query) {
        ensureOpen();
        try {
            return pool.borrow();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SwitchboardException(ErrorCode.QUERY_CANCELED, "Query " + query.queryId()
                    + " was canceled while it waited for a connection", "57014", e);
        } catch (IOException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw new SwitchboardException(ErrorCode.QUERY_CANCELED, "Query " + query.queryId()
                        + " was canceled while it connected", "57014", e);
            }
            throw connectionFailure(e);
        }
    }

    void release(PgBackendConnection connection, boolean reusable) {
        pool.release(connection, reusable && !closed.get());
    }

    /** Sends PostgreSQL's cancel request for the connection's backend, on a thread of its own. */
    void sendCancel(PgBackendConnection connection, EngineQuery query) {
        int processId = connection.processId();
        int secretKey = connection.secretKey();
        Thread.ofVirtual().name("postgres-" + clusterName + "-cancel").start(() -> {
            try {
                PgCancelRequest.send(new InetSocketAddress(config.endpoint().host(), config.endpoint().port()), processId, secretKey,
                        config.connectTimeout());
            } catch (IOException | RuntimeException e) {
                log.debug("Canceling query {} on cluster '{}' failed", query.queryId(), clusterName, e);
            }
        });
    }

    void register(PgResultStream stream) {
        ensureOpen();
        openStreams.add(stream);
    }

    void unregister(PgResultStream stream) {
        openStreams.remove(stream);
    }

    String closedMessage() {
        return "PostgreSQL cluster '" + clusterName + "' is closed";
    }

    /** The neutral type of a column or parameter type OID. */
    DataType dataType(int oid, int typeModifier) {
        return PgTypeNames.dataType(oid, typeModifier, this::typeName);
    }

    /** A column type with the decoder of its values, for a type OID and modifier; kept per cluster. */
    private PgColumnType columnType(int oid, int typeModifier) {
        long key = ((long) oid << 32) | (typeModifier & 0xffffffffL);
        PgColumnType known = columnTypes.get(key);
        if (known != null) {
            return known;
        }
        DataType type = dataType(oid, typeModifier);
        PgColumnType described = new PgColumnType(type, PgTextDecoder.forType(type));
        if (columnTypes.size() < MAX_CACHED_COLUMN_TYPES) {
            columnTypes.put(key, described);
        }
        return described;
    }

    /** The columns of the RowDescription message the connection just read, with their decoders. */
    PgRowDescription rowDescription(PgBackendConnection connection) {
        byte[] body = connection.body();
        int at = connection.bodyStart();
        int end = at + connection.bodyLength();
        int count = PgBackendConnection.readShort(body, at);
        at += 2;
        List<Column> columns = new ArrayList<>(count);
        PgTextDecoder[] decoders = new PgTextDecoder[count];
        for (int i = 0; i < count; i++) {
            int nameEnd = PgBackendConnection.indexOfZero(body, at, end);
            String name = new String(body, at, nameEnd - at, StandardCharsets.UTF_8);
            at = nameEnd + 1 + 4 + 2; // past the table OID and column number
            int typeOid = PgBackendConnection.readInt(body, at);
            int typeModifier = PgBackendConnection.readInt(body, at + 6);
            at += 4 + 2 + 4 + 2; // type OID, type size, type modifier, format
            PgColumnType type = columnType(typeOid, typeModifier);
            columns.add(new Column(name, type.type()));
            decoders[i] = type.decoder();
        }
        return new PgRowDescription(List.copyOf(columns), decoders);
    }

    /**
     * An error of this cluster as a SwitchboardException: PostgreSQL's own errors keep their
     * SQLSTATE; a lost connection or a server shutting down is ENGINE_UNAVAILABLE.
     */
    SwitchboardException translate(IOException e) {
        if (e instanceof PgProtocolException error) {
            String state = error.sqlState();
            if (state.startsWith("08") || state.startsWith("28") || state.startsWith("57P0")) {
                return connectionFailure(error);
            }
            return new SwitchboardException(PostgresErrors.code(state), error.fullMessage(), state, error);
        }
        return new SwitchboardException(ErrorCode.ENGINE_UNAVAILABLE, where() + " is unavailable: the connection failed ("
                + describe(e) + ")", "08006", e);
    }

    // ---- internals --------------------------------------------------------------------------

    private SwitchboardException connectionFailure(IOException e) {
        if (e instanceof PgProtocolException error) {
            String state = error.sqlState();
            if (state.startsWith("28")) {
                return new SwitchboardException(ErrorCode.ENGINE_UNAVAILABLE, where() + " rejected the configured credentials: "
                        + error.fullMessage(), "08004", e);
            }
            return new SwitchboardException(ErrorCode.ENGINE_UNAVAILABLE, where() + " is unavailable: " + error.fullMessage(),
                    state.startsWith("08") || state.startsWith("57P0") ? state : "08001", e);
        }
        if (e instanceof PgConnectionPool.PoolExhaustedException) {
            return new SwitchboardException(ErrorCode.ENGINE_UNAVAILABLE, where() + " is unavailable: no connection within "
                    + config.connectTimeout().toMillis() + " ms: " + e.getMessage(), "08001", e);
        }
        return new SwitchboardException(ErrorCode.ENGINE_UNAVAILABLE, where() + " is unavailable: " + describe(e), "08001", e);
    }

    private String where() {
        return "PostgreSQL cluster '" + clusterName + "' at " + config.endpoint().hostAndPort();
    }

    private static String describe(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    private HealthStatus probe() {
        long start = System.nanoTime();
        EngineQuery probe = new EngineQuery(QueryId.next(), "SELECT 1", INTERNAL_SESSION, config.healthCheckTimeout());
        try (ResultStream result = execute(probe)) {
            RowBatch batch = result.nextBatch();
            if (batch == null || batch.size() != 1 || !Integer.valueOf(1).equals(batch.rows().get(0)[0])) {
                return HealthStatus.unhealthy("SELECT 1 returned an unexpected answer");
            }
            return HealthStatus.healthy("SELECT 1 answered in " + (System.nanoTime() - start) / 1_000_000 + " ms");
        } catch (SwitchboardException e) {
            return HealthStatus.unhealthy(e.getMessage());
        } catch (RuntimeException e) {
            return HealthStatus.unhealthy("SELECT 1 failed: " + e.getMessage());
        }
    }

    private List<DataType> parameterTypes(PgBackendConnection connection) {
        byte[] body = connection.body();
        int at = connection.bodyStart();
        int count = PgBackendConnection.readShort(body, at);
        List<DataType> types = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            types.add(dataType(PgBackendConnection.readInt(body, at + 2 + 4 * i), -1));
        }
        return types;
    }

    /** A type's name: built-in OIDs from the table, others from pg_type once (on a connection of their own). */
    private String typeName(int oid) {
        String builtIn = PgTypeNames.BUILT_IN.get(oid);
        if (builtIn != null) {
            return builtIn;
        }
        String known = lookedUpTypeNames.get(oid);
        if (known != null) {
            return known;
        }
        try (PgBackendConnection side = pool.openSide()) {
            side.sendSimpleQuery("SELECT typname FROM pg_catalog.pg_type WHERE oid = " + Integer.toUnsignedString(oid));
            String name = null;
            for (byte type = side.next(); type != 'Z'; type = side.next()) {
                if (type == 'D' && PgBackendConnection.readInt(side.body(), side.bodyStart() + 2) >= 0) {
                    int length = PgBackendConnection.readInt(side.body(), side.bodyStart() + 2);
                    name = new String(side.body(), side.bodyStart() + 6, length, StandardCharsets.UTF_8);
                }
            }
            if (name != null) {
                lookedUpTypeNames.put(oid, name);
            }
            return name;
        } catch (IOException e) {
            log.debug("Looking up type {} on cluster '{}' failed", oid, clusterName, e);
            return null;
        }
    }

    /** PostgreSQL's protocol carries SQL as a zero-terminated string; refuse before a connection is taken. */
    private static void requireNoZeroByte(EngineQuery query) {
        if (query.sql().indexOf('\0') >= 0) {
            throw new SwitchboardException(ErrorCode.INVALID_ARGUMENT, "The query text contains a zero byte (U+0000), "
                    + "which PostgreSQL does not accept in SQL", "22021", null);
        }
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new SwitchboardException(ErrorCode.ENGINE_UNAVAILABLE, closedMessage(), "57P01", null);
        }
    }

    private static Map<String, String> startupParameters(JdbcEngineConfig config) {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("user", config.user().orElse(System.getProperty("user.name", "postgres")));
        parameters.put("database", config.endpoint().database());
        parameters.put("application_name", config.engineOption("applicationName").orElse("switchboard"));
        config.engineOption("schema").ifPresent(schema -> parameters.put("search_path", schema));
        parameters.putAll(config.sessionProperties());
        // Last, so that nothing overrides them (the factory refuses sessionProperties that try).
        parameters.putAll(PINNED_SETTINGS);
        return parameters;
    }

    /** {@code ?} placeholders as {@code $1}, {@code $2}, ... (PostgreSQL knows only the numbered form). */
    private static String numberedPlaceholders(String sql) {
        StringBuilder rewritten = null;
        int position = 0;
        int count = 0;
        for (SqlToken token : SqlLexer.tokenize(sql, Dialect.POSTGRES)) {
            if (token.type() == SqlToken.Type.PARAMETER && token.text().equals("?")) {
                if (rewritten == null) {
                    rewritten = new StringBuilder(sql.length() + 8);
                }
                rewritten.append(sql, position, token.start()).append('$').append(++count);
                position = token.end();
            }
        }
        return rewritten == null ? sql : rewritten.append(sql, position, sql.length()).toString();
    }
}
