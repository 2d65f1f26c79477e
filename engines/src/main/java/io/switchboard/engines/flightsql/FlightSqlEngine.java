package io.switchboard.engines.flightsql;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.switchboard.core.engine.Engine;
import io.switchboard.core.engine.EngineQuery;
import io.switchboard.core.engine.EngineType;
import io.switchboard.core.engine.HealthStatus;
import io.switchboard.core.engine.StatementDescription;
import io.switchboard.core.error.ErrorCode;
import io.switchboard.core.error.SwitchboardException;
import io.switchboard.core.result.Column;
import io.switchboard.core.result.ResultStream;
import io.switchboard.core.types.DataType;
import io.switchboard.engines.Termination;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.arrow.flight.CallOption;
import org.apache.arrow.flight.CallOptions;
import org.apache.arrow.flight.CancelFlightInfoRequest;
import org.apache.arrow.flight.FlightCallHeaders;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightEndpoint;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.HeaderCallOption;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.grpc.CredentialCallOption;
import org.apache.arrow.flight.sql.FlightSqlClient;
import org.apache.arrow.flight.sql.impl.FlightSql;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Flight SQL cluster (Dremio, DuckDB and Arrow servers, ...) reached with Arrow's
 * {@link FlightSqlClient} over one gRPC channel, which multiplexes every query of the cluster.
 * Results arrive as Arrow record batches and are converted batch by batch; the Arrow memory the
 * cluster may hold at once is capped by {@code maxMemory}.
 */
public final class FlightSqlEngine implements Engine {
    private static final Logger log = LoggerFactory.getLogger(FlightSqlEngine.class);
    private static final long CLOSE_GRACE_SECONDS = 5;

    private final String clusterName;
    private final FlightSqlEngineConfig config;
    private final BufferAllocator allocator;
    private final FlightClient client;
    private final FlightSqlClient sql;
    private final Location location;
    private final ScheduledThreadPoolExecutor timer;
    private final Set<FlightSqlResultStream> openStreams = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final MeterRegistry meterRegistry;
    private final List<Meter> meters = new ArrayList<>();
    private final Map<String, FlightSqlClient> locationClients = new ConcurrentHashMap<>();
    private final Set<CompletableFuture<Void>> backgroundCalls = ConcurrentHashMap.newKeySet();
    private volatile CredentialCallOption credentials;

    public FlightSqlEngine(String clusterName, FlightSqlEngineConfig config, MeterRegistry meterRegistry) {
        this.clusterName = requireNonNull(clusterName, "clusterName is null");
        this.config = requireNonNull(config, "config is null");
        this.meterRegistry = meterRegistry;
        this.allocator = new RootAllocator(config.maxMemory());
        this.location = config.tls() ? Location.forGrpcTls(config.host(), config.port())
                : Location.forGrpcInsecure(config.host(), config.port());
        this.client = newClient(location);
        this.sql = new FlightSqlClient(client);
        this.timer = new ScheduledThreadPoolExecutor(1,
                Thread.ofPlatform().name("flightsql-" + clusterName + "-timer").daemon(true).factory());
        timer.setRemoveOnCancelPolicy(true);
        if (meterRegistry != null) {
            meters.add(Gauge.builder("switchboard.engine.streams.open", openStreams, Set::size)
                    .description("Result streams of the cluster not yet released")
                    .tag("cluster", clusterName).tag("engine", EngineType.FLIGHT_SQL.configName())
                    .register(meterRegistry));
            meters.add(Gauge.builder("switchboard.engine.arrow.allocated.bytes", allocator, BufferAllocator::getAllocatedMemory)
                    .description("Arrow memory held by the cluster's results")
                    .tag("cluster", clusterName).tag("engine", EngineType.FLIGHT_SQL.configName())
                    .register(meterRegistry));
        }
        log.info("Flight SQL cluster '{}' at {}{}", clusterName, location.getUri(),
                config.user().map(user -> " as user '" + user + "'").orElse(""));
    }

    @Override
    public String clusterName() {
        return clusterName;
    }

    @Override
    public EngineType type() {
        return EngineType.FLIGHT_SQL;
    }

    @Override
    public ResultStream execute(EngineQuery query) {
        requireNonNull(query, "query is null");
        ensureOpen();
        return FlightSqlResultStream.start(this, query);
    }

    /** Prepares the statement (the server analyzes it) and reads its result and parameter schemas; nothing runs. */
    @Override
    public StatementDescription describe(EngineQuery query) {
        requireNonNull(query, "query is null");
        ensureOpen();
        try (FlightSqlClient.PreparedStatement prepared = sql.prepare(query.sql(),
                callOptions(config.connectTimeout().toMillis()))) {
            List<Column> columns = new ArrayList<>();
            for (Field field : prepared.getResultSetSchema().getFields()) {
                columns.add(new Column(field.getName(), ArrowTypes.toDataType(field)));
            }
            List<DataType> parameters = new ArrayList<>();
            Schema parameterSchema = prepared.getParameterSchema();
            if (parameterSchema != null) {
                for (Field field : parameterSchema.getFields()) {
                    parameters.add(ArrowTypes.toDataType(field));
                }
            }
            return new StatementDescription(columns, parameters);
        } catch (FlightRuntimeException e) {
            throw FlightSqlErrors.translate(e, clusterName, config.address());
        }
    }

    /** Asks for the server's name (GetSqlInfo) and reads the answer: a real round trip, bounded by {@code healthTimeout}. */
    @Override
    public HealthStatus checkHealth() {
        if (closed.get()) {
            return HealthStatus.unhealthy("Flight SQL cluster '" + clusterName + "' is closed");
        }
        long start = System.nanoTime();
        CompletableFuture<String> answer = new CompletableFuture<>();
        Thread worker = Thread.ofVirtual().name("flightsql-" + clusterName + "-health").start(() -> {
            try {
                CallOption[] options = callOptions(config.healthTimeout().toMillis());
                FlightInfo info = sql.getSqlInfo(new FlightSql.SqlInfo[] {FlightSql.SqlInfo.FLIGHT_SQL_SERVER_NAME}, options);
                long rows = 0;
                for (FlightEndpoint endpoint : info.getEndpoints()) {
                    FlightStream stream = sql.getStream(endpoint.getTicket(), options);
                    try {
                        while (stream.next()) {
                            rows += stream.getRoot().getRowCount();
                        }
                    } finally {
                        stream.close();
                    }
                }
                answer.complete(rows + " row(s) of SqlInfo");
            } catch (Throwable t) {
                answer.completeExceptionally(t);
            }
        });
        try {
            String detail = answer.get(config.healthTimeout().toMillis() + 500, TimeUnit.MILLISECONDS);
            return HealthStatus.healthy("GetSqlInfo answered " + detail + " in " + (System.nanoTime() - start) / 1_000_000 + " ms");
        } catch (TimeoutException e) {
            worker.interrupt();
            return HealthStatus.unhealthy("GetSqlInfo did not answer within " + config.healthTimeout().toMillis() + " ms");
        } catch (InterruptedException e) {
            worker.interrupt();
            Thread.currentThread().interrupt();
            return HealthStatus.unhealthy("the health probe was interrupted");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            String message = cause instanceof FlightRuntimeException flight
                    ? FlightSqlErrors.translate(flight, clusterName, config.address()).getMessage()
                    : String.valueOf(cause.getMessage());
            return HealthStatus.unhealthy("GetSqlInfo failed: " + message);
        } catch (RuntimeException e) {
            return HealthStatus.unhealthy("the health probe could not run: " + e);
        }
    }

    /** Cancels every running query and closes the channel and the Arrow memory. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        for (FlightSqlResultStream stream : openStreams) {
            stream.terminate(Termination.ENGINE_CLOSED);
            // Frees the Arrow memory now; the consumer's next call reports the closed engine.
            stream.releaseForClosedEngine();
        }
        timer.shutdownNow();
        try {
            CompletableFuture.allOf(backgroundCalls.toArray(CompletableFuture[]::new)).get(CLOSE_GRACE_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.debug("Flight SQL cluster '{}': clean-up calls still under way at close", clusterName);
        }
        for (FlightSqlClient other : locationClients.values()) {
            try {
                other.close();
            } catch (Exception e) {
                log.debug("Closing a Flight SQL client of cluster '{}' failed", clusterName, e);
            }
        }
        try {
            sql.close();
        } catch (Exception e) {
            log.debug("Closing the Flight SQL client of cluster '{}' failed", clusterName, e);
        }
        try {
            allocator.close();
        } catch (RuntimeException e) {
            // Memory still held means a batch was not released: worth knowing, not worth failing close.
            log.warn("Flight SQL cluster '{}': {}", clusterName, e.getMessage());
        }
        meters.forEach(meterRegistry::remove);
        log.info("Flight SQL cluster '{}' closed", clusterName);
    }

    // ---- for FlightSqlResultStream --------------------------------------------------------

    FlightSqlEngineConfig config() {
        return config;
    }

    FlightSqlClient sql() {
        return sql;
    }

    ScheduledExecutorService timer() {
        return timer;
    }

    void register(FlightSqlResultStream stream) {
        ensureOpen();
        openStreams.add(stream);
    }

    void unregister(FlightSqlResultStream stream) {
        openStreams.remove(stream);
    }

    /** The call options of every call: credentials, configured headers, and a deadline unless {@code millis} is 0. */
    CallOption[] callOptions(long millis) {
        List<CallOption> options = new ArrayList<>(3);
        if (!config.headers().isEmpty() || config.token().isPresent()) {
            FlightCallHeaders headers = new FlightCallHeaders();
            config.headers().forEach(headers::insert);
            config.token().ifPresent(token -> headers.insert("authorization", "Bearer " + token));
            options.add(new HeaderCallOption(headers));
        }
        if (config.user().isPresent()) {
            options.add(credentials());
        }
        if (millis > 0) {
            options.add(CallOptions.timeout(millis, TimeUnit.MILLISECONDS));
        }
        return options.toArray(CallOption[]::new);
    }

    /**
     * The client that reads an endpoint: this cluster's own when the endpoint names no location
     * (or asks to reuse the connection), else a client for the location the server named —
     * distributed servers hand out results held elsewhere — opened once and kept.
     */
    FlightSqlClient clientFor(FlightEndpoint endpoint) {
        for (Location other : endpoint.getLocations()) {
            String uri = other.getUri().toString();
            if (uri.startsWith("arrow-flight-reuse-connection:") || other.getUri().equals(location.getUri())) {
                return sql;
            }
        }
        if (endpoint.getLocations().isEmpty()) {
            return sql;
        }
        Location other = endpoint.getLocations().get(0);
        ensureOpen();
        return locationClients.computeIfAbsent(other.getUri().toString(), key -> new FlightSqlClient(newClient(other)));
    }

    void cancelQuietly(FlightInfo info) {
        inBackground("cancel", () -> {
            try {
                client.cancelFlightInfo(new CancelFlightInfoRequest(info), callOptions(config.connectTimeout().toMillis()));
            } catch (RuntimeException e) {
                // Servers without CancelFlightInfo answer UNIMPLEMENTED; the canceled stream and the closed statement stop them.
                log.debug("CancelFlightInfo on cluster '{}' failed: {}", clusterName, e.getMessage());
            }
        });
    }

    void closeQuietly(FlightSqlClient.PreparedStatement statement) {
        inBackground("close", () -> {
            try {
                statement.close(callOptions(config.connectTimeout().toMillis()));
            } catch (RuntimeException e) {
                log.debug("Closing a prepared statement on cluster '{}' failed: {}", clusterName, e.getMessage());
            }
        });
    }

    /**
     * Runs a clean-up call without making the consumer wait; {@link #close()} waits for the ones
     * under way (a closed prepared statement is what makes some servers stop a canceled query).
     */
    private void inBackground(String name, Runnable call) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        backgroundCalls.add(done);
        Thread.ofVirtual().name("flightsql-" + clusterName + "-" + name).start(() -> {
            try {
                call.run();
            } finally {
                backgroundCalls.remove(done);
                done.complete(null);
            }
        });
    }

    // ---- internals ------------------------------------------------------------------------

    private FlightClient newClient(Location target) {
        FlightClient.Builder builder = FlightClient.builder(allocator, target);
        if (config.tls()) {
            builder.useTls().verifyServer(config.verifyServer());
            config.trustedCertificates().ifPresent(path -> {
                try (InputStream in = Files.newInputStream(path)) {
                    builder.trustedCertificates(in);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read " + path, e);
                }
            });
        }
        return builder.build();
    }

    /** Basic authentication exchanged once for the server's bearer token, again after the server forgot it. */
    private CallOption credentials() {
        CredentialCallOption current = credentials;
        if (current != null) {
            return current;
        }
        synchronized (this) {
            if (credentials == null) {
                try {
                    credentials = client.authenticateBasicToken(config.user().orElseThrow(), config.password().orElse(""))
                            .orElseThrow(() -> new SwitchboardException(ErrorCode.AUTHENTICATION_FAILED, "Flight SQL cluster '"
                                    + clusterName + "' accepted the user but returned no token", "28000", null));
                } catch (FlightRuntimeException e) {
                    throw FlightSqlErrors.translate(e, clusterName, config.address());
                }
            }
            return credentials;
        }
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new SwitchboardException(ErrorCode.ENGINE_UNAVAILABLE, "Flight SQL cluster '" + clusterName + "' is closed");
        }
    }
}
