package io.switchboard.engines.trino;

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
import io.switchboard.core.result.Column;
import io.switchboard.core.result.ResultStream;
import io.switchboard.core.result.RowBatch;
import io.switchboard.core.types.DataType;
import io.switchboard.core.session.FrontendProtocol;
import io.switchboard.core.session.QueryId;
import io.switchboard.core.session.Session;
import io.switchboard.engines.Termination;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Trino cluster reached through Trino's client REST protocol ({@code POST /v1/statement}, then
 * {@code nextUri} until done, {@code DELETE} to cancel) with the JDK's HTTP client, whose
 * connections all queries of the cluster share. The engine keeps no session state between
 * queries: catalog, schema, session properties and client tags come from the configuration and
 * the Switchboard session on every request.
 *
 * <p>Why not trino-jdbc: the REST protocol is small and documented, and speaking it directly
 * gives page-sized batches without the JDBC row-at-a-time layer, a cancel that is a single
 * DELETE any thread may send, and no second HTTP stack (OkHttp) in the process.
 */
public final class TrinoEngine implements Engine {
    private static final Logger log = LoggerFactory.getLogger(TrinoEngine.class);
    private static final String PREPARED_NAME = "switchboard_describe";
    private static final Session HEALTH_SESSION = Session.builder("switchboard", FrontendProtocol.INTERNAL).build();

    private final String clusterName;
    private final TrinoEngineConfig config;
    private final TrinoHttp http;
    private final ScheduledThreadPoolExecutor timer;
    private final Set<TrinoResultStream> openStreams = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicLong probeCount = new AtomicLong();
    private final MeterRegistry meterRegistry;
    private final List<Meter> meters = new ArrayList<>();

    public TrinoEngine(String clusterName, TrinoEngineConfig config, MeterRegistry meterRegistry) {
        this.clusterName = requireNonNull(clusterName, "clusterName is null");
        this.config = requireNonNull(config, "config is null");
        this.meterRegistry = meterRegistry;
        this.http = new TrinoHttp(clusterName, config);
        this.timer = new ScheduledThreadPoolExecutor(1, Thread.ofPlatform().name("trino-" + clusterName + "-timer").daemon(true).factory());
        timer.setRemoveOnCancelPolicy(true);
        if (meterRegistry != null) {
            meters.add(Gauge.builder("switchboard.engine.streams.open", openStreams, Set::size)
                    .description("Result streams of the cluster not yet released")
                    .tag("cluster", clusterName).tag("engine", EngineType.TRINO.configName())
                    .register(meterRegistry));
        }
        log.info("Trino cluster '{}' at {} as user '{}'", clusterName, config.endpoint().baseUri(), config.user());
    }

    @Override
    public String clusterName() {
        return clusterName;
    }

    @Override
    public EngineType type() {
        return EngineType.TRINO;
    }

    @Override
    public ResultStream execute(EngineQuery query) {
        requireNonNull(query, "query is null");
        ensureOpen();
        return TrinoResultStream.start(this, http, query, Map.of());
    }

    /**
     * Prepares the statement in the request header ({@code X-Trino-Prepared-Statement}, as
     * trino-jdbc does) and asks {@code DESCRIBE OUTPUT} and {@code DESCRIBE INPUT}: Trino analyzes
     * the statement without running it.
     */
    @Override
    public StatementDescription describe(EngineQuery query) {
        requireNonNull(query, "query is null");
        ensureOpen();
        Map<String, String> prepared = Map.of(PREPARED_NAME, stripTrailingSemicolon(query.sql()));
        List<Column> columns = new ArrayList<>();
        for (List<Object> row : readAll(query, "DESCRIBE OUTPUT " + PREPARED_NAME, prepared)) {
            // Column Name, Catalog, Schema, Table, Type, Type Size, Aliased
            columns.add(new Column((String) row.get(0), TrinoTypes.parse((String) row.get(4))));
        }
        List<DataType> parameters = new ArrayList<>();
        for (List<Object> row : readAll(query, "DESCRIBE INPUT " + PREPARED_NAME, prepared)) {
            // Position, Type
            parameters.add(TrinoTypes.parse(String.valueOf(row.get(1))));
        }
        return new StatementDescription(columns, parameters);
    }

    @Override
    public Optional<ScanEstimate> estimate(EngineQuery query) {
        requireNonNull(query, "query is null");
        return TrinoEstimator.fromPlan(this, query);
    }

    @Override
    public Optional<ScanEstimate> estimateFromStatistics(EngineQuery query,
            List<TableReference> tables) {
        requireNonNull(query, "query is null");
        return TrinoEstimator.fromStatistics(this, query, tables);
    }

    @Override
    public HealthStatus checkHealth() {
        if (closed.get()) {
            return HealthStatus.unhealthy("Trino cluster '" + clusterName + "' is closed");
        }
        long start = System.nanoTime();
        EngineQuery probe = new EngineQuery(new QueryId("health_" + clusterName.hashCode() + "_"
                + probeCount.incrementAndGet()), "SELECT 1", HEALTH_SESSION, config.healthTimeout());
        CompletableFuture<Object> answer = new CompletableFuture<>();
        Thread worker = Thread.ofVirtual().name("trino-" + clusterName + "-health").start(() -> {
            try {
                List<List<Object>> rows = readAll(probe, probe.sql(), Map.of());
                answer.complete(rows.size() == 1 ? rows.get(0).get(0) : rows);
            } catch (Throwable t) {
                answer.completeExceptionally(t);
            }
        });
        try {
            Object value = answer.get(config.healthTimeout().toMillis(), TimeUnit.MILLISECONDS);
            if (!Integer.valueOf(1).equals(value)) {
                return HealthStatus.unhealthy("SELECT 1 returned " + value);
            }
            return HealthStatus.healthy("SELECT 1 answered in " + (System.nanoTime() - start) / 1_000_000 + " ms");
        } catch (TimeoutException e) {
            worker.interrupt();
            return HealthStatus.unhealthy("SELECT 1 did not answer within " + config.healthTimeout().toMillis() + " ms");
        } catch (InterruptedException e) {
            worker.interrupt();
            Thread.currentThread().interrupt();
            return HealthStatus.unhealthy("the health probe was interrupted");
        } catch (ExecutionException e) {
            return HealthStatus.unhealthy("SELECT 1 failed: " + e.getCause().getMessage());
        } catch (RuntimeException e) {
            return HealthStatus.unhealthy("the health probe could not run: " + e);
        }
    }

    /** Cancels every running query (DELETE on the coordinator) and closes the HTTP client. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        for (TrinoResultStream stream : openStreams) {
            stream.terminate(Termination.ENGINE_CLOSED);
        }
        timer.shutdownNow();
        // Give the DELETEs just sent a moment on the shared client before it closes.
        http.closeAfter(Duration.ofSeconds(2));
        meters.forEach(meterRegistry::remove);
        log.info("Trino cluster '{}' closed", clusterName);
    }

    // ---- for TrinoResultStream ------------------------------------------------------------

    ScheduledExecutorService timer() {
        return timer;
    }

    void register(TrinoResultStream stream) {
        ensureOpen();
        openStreams.add(stream);
    }

    void unregister(TrinoResultStream stream) {
        openStreams.remove(stream);
    }

    // ---- internals ------------------------------------------------------------------------

    private List<List<Object>> readAll(EngineQuery like, String sql, Map<String, String> prepared) {
        EngineQuery statement = new EngineQuery(like.queryId(), sql, like.session(), like.timeout());
        List<List<Object>> rows = new ArrayList<>();
        try (TrinoResultStream stream = TrinoResultStream.start(this, http, statement, prepared)) {
            for (RowBatch batch = stream.nextBatch(); batch != null; batch = stream.nextBatch()) {
                for (Object[] row : batch.rows()) {
                    rows.add(Arrays.asList(row));
                }
            }
        }
        return rows;
    }

    private static String stripTrailingSemicolon(String sql) {
        String text = sql.strip();
        while (text.endsWith(";")) {
            text = text.substring(0, text.length() - 1).strip();
        }
        return text;
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new SwitchboardException(ErrorCode.ENGINE_UNAVAILABLE, "Trino cluster '" + clusterName + "' is closed");
        }
    }
}
