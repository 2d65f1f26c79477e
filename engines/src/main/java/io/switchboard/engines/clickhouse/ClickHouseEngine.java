package io.switchboard.engines.clickhouse;

import static java.nio.charset.StandardCharsets.UTF_8;
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
import io.switchboard.core.session.FrontendProtocol;
import io.switchboard.core.session.QueryId;
import io.switchboard.core.session.Session;
import io.switchboard.core.sql.Dialect;
import io.switchboard.core.sql.SqlLexer;
import io.switchboard.core.sql.SqlToken;
import io.switchboard.core.types.DataType;
import io.switchboard.engines.Termination;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A ClickHouse cluster reached through its HTTP interface, speaking only what ClickHouse 18.16
 * and current releases both understand: the statement as the POST body, {@code query_id},
 * {@code database} and settings as URL parameters, {@code X-ClickHouse-User}/{@code -Key}
 * headers, results as {@code TabSeparatedWithNamesAndTypes}, and {@code KILL QUERY} to cancel.
 * One {@link HttpClient} per cluster keeps connections alive between queries.
 */
public final class ClickHouseEngine implements Engine {
    private static final Logger log = LoggerFactory.getLogger(ClickHouseEngine.class);
    private static final String FORMAT = "TabSeparatedWithNamesAndTypes";
    private static final Session INTERNAL_SESSION = Session.builder("switchboard", FrontendProtocol.INTERNAL).build();

    private final String clusterName;
    private final ClickHouseEngineConfig config;
    private final HttpClient client;
    private final ScheduledThreadPoolExecutor timer;
    private final Set<ClickHouseResultStream> openStreams = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicLong sequence = new AtomicLong();
    private final MeterRegistry meterRegistry;
    private final List<Meter> meters = new ArrayList<>();
    private final ClickHouseEstimator estimator = new ClickHouseEstimator();

    public ClickHouseEngine(String clusterName, ClickHouseEngineConfig config, MeterRegistry meterRegistry) {
        this.clusterName = requireNonNull(clusterName, "clusterName is null");
        this.config = requireNonNull(config, "config is null");
        this.meterRegistry = meterRegistry;
        HttpClient.Builder builder = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(config.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(Executors.newThreadPerTaskExecutor(
                        Thread.ofVirtual().name("clickhouse-" + clusterName + "-http-", 1).factory()));
        config.tls().ifPresent(builder::sslContext);
        this.client = builder.build();
        this.timer = new ScheduledThreadPoolExecutor(1,
                Thread.ofPlatform().name("clickhouse-" + clusterName + "-timer").daemon(true).factory());
        timer.setRemoveOnCancelPolicy(true);
        if (meterRegistry != null) {
            meters.add(Gauge.builder("switchboard.engine.streams.open", openStreams, Set::size)
                    .description("Result streams of the cluster not yet released")
                    .tag("cluster", clusterName).tag("engine", EngineType.CLICKHOUSE.configName())
                    .register(meterRegistry));
        }
        log.info("ClickHouse cluster '{}' at {} as user '{}'", clusterName, config.endpoint().baseUri(), config.user());
    }

    @Override
    public String clusterName() {
        return clusterName;
    }

    @Override
    public EngineType type() {
        return EngineType.CLICKHOUSE;
    }

    @Override
    public ResultStream execute(EngineQuery query) {
        requireNonNull(query, "query is null");
        ensureOpen();
        return ClickHouseResultStream.start(this, query, clickHouseQueryId(query), config.batchSize());
    }

    /**
     * ClickHouse has no prepare: {@code DESCRIBE TABLE (query)} analyzes the statement and
     * returns its columns without running it. Positional parameters ({@code ?}, {@code $1}) are
     * replaced by NULL for the analysis and reported as UNKNOWN. Statements that are not
     * queries (INSERT, CREATE) have no columns.
     */
    @Override
    public StatementDescription describe(EngineQuery query) {
        requireNonNull(query, "query is null");
        ensureOpen();
        List<DataType> parameters = new ArrayList<>();
        StringBuilder analyzed = new StringBuilder();
        String firstWord = null;
        for (SqlToken token : SqlLexer.tokenize(query.sql(), Dialect.CLICKHOUSE)) {
            if (token.type() == SqlToken.Type.PARAMETER) {
                parameters.add(DataType.UNKNOWN);
                analyzed.append("NULL");
            } else if (token.type() != SqlToken.Type.SEMICOLON) {
                analyzed.append(token.text());
            }
            if (firstWord == null && token.type() == SqlToken.Type.WORD) {
                firstWord = token.text().toUpperCase(Locale.ROOT);
            }
        }
        if (!"SELECT".equals(firstWord) && !"WITH".equals(firstWord)) {
            return new StatementDescription(List.of(), parameters);
        }
        EngineQuery describe = new EngineQuery(query.queryId(), "DESCRIBE TABLE (" + analyzed.toString().strip() + ")",
                query.session(), query.timeout());
        List<Column> columns = new ArrayList<>();
        try (ResultStream stream = execute(describe)) {
            for (RowBatch batch = stream.nextBatch(); batch != null; batch = stream.nextBatch()) {
                for (Object[] row : batch.rows()) {
                    columns.add(new Column((String) row[0], ClickHouseTypes.parse((String) row[1])));
                }
            }
        }
        return new StatementDescription(columns, parameters);
    }

    @Override
    public Optional<ScanEstimate> estimate(EngineQuery query) {
        requireNonNull(query, "query is null");
        return estimator.fromPlan(this, query);
    }

    @Override
    public Optional<ScanEstimate> estimateFromStatistics(EngineQuery query,
            List<TableReference> tables) {
        requireNonNull(query, "query is null");
        return estimator.fromStatistics(this, query, tables);
    }

    @Override
    public HealthStatus checkHealth() {
        if (closed.get()) {
            return HealthStatus.unhealthy("ClickHouse cluster '" + clusterName + "' is closed");
        }
        long start = System.nanoTime();
        EngineQuery probe = new EngineQuery(QueryId.next(), "SELECT 1", INTERNAL_SESSION, config.healthTimeout());
        CompletableFuture<Object> answer = new CompletableFuture<>();
        Thread worker = Thread.ofVirtual().name("clickhouse-" + clusterName + "-health").start(() -> {
            try (ResultStream stream = execute(probe)) {
                RowBatch batch = stream.nextBatch();
                answer.complete(batch == null || batch.size() != 1 ? "no row" : batch.rows().get(0)[0]);
            } catch (Throwable t) {
                answer.completeExceptionally(t);
            }
        });
        try {
            Object value = answer.get(config.healthTimeout().toMillis(), TimeUnit.MILLISECONDS);
            if (!Short.valueOf((short) 1).equals(value)) {
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

    /** Kills every running query of the cluster and closes its HTTP client. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        for (ClickHouseResultStream stream : openStreams) {
            stream.terminate(Termination.ENGINE_CLOSED);
        }
        timer.shutdownNow();
        client.shutdown();
        try {
            // Lets the KILL QUERY requests just sent reach the server.
            if (!client.awaitTermination(Duration.ofSeconds(2))) {
                client.shutdownNow();
            }
        } catch (InterruptedException e) {
            client.shutdownNow();
            Thread.currentThread().interrupt();
        }
        meters.forEach(meterRegistry::remove);
        log.info("ClickHouse cluster '{}' closed", clusterName);
    }

    // ---- for ClickHouseResultStream -------------------------------------------------------

    ScheduledExecutorService timer() {
        return timer;
    }

    void register(ClickHouseResultStream stream) {
        ensureOpen();
        openStreams.add(stream);
    }

    void unregister(ClickHouseResultStream stream) {
        openStreams.remove(stream);
    }

    /** Posts a statement; the response's body is the statement's output. */
    CompletableFuture<HttpResponse<InputStream>> send(EngineQuery query, String clickHouseQueryId) {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("query_id", clickHouseQueryId);
        database(query.session()).ifPresent(database -> parameters.put("database", database));
        parameters.put("default_format", FORMAT);
        parameters.putAll(config.settings());
        if (!query.timeout().isZero() && !config.settings().containsKey("max_execution_time")) {
            // A backstop on the server in case the KILL QUERY of the timeout does not arrive.
            long seconds = Math.max(1, (query.timeout().toMillis() + 999) / 1000);
            parameters.put("max_execution_time", Long.toString(seconds + 1));
        }
        return client.sendAsync(request(parameters, query.sql()).build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    /** Sends {@code KILL QUERY} for one query id without waiting for the answer. */
    void kill(String clickHouseQueryId) {
        if (client.isTerminated()) {
            return;
        }
        String sql = "KILL QUERY WHERE query_id = '" + clickHouseQueryId.replace("\\", "\\\\").replace("'", "\\'") + "' ASYNC";
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("query_id", clickHouseQueryId + "-kill-" + sequence.incrementAndGet());
        try {
            client.sendAsync(request(parameters, sql).build(), HttpResponse.BodyHandlers.ofString(UTF_8))
                    .whenComplete((response, error) -> {
                        if (error != null) {
                            log.debug("KILL QUERY {} on ClickHouse cluster '{}' failed", clickHouseQueryId, clusterName, error);
                        } else if (response.statusCode() != 200) {
                            log.debug("KILL QUERY {} on ClickHouse cluster '{}' answered HTTP {}: {}", clickHouseQueryId,
                                    clusterName, response.statusCode(), response.body());
                        }
                    });
        } catch (RuntimeException e) {
            log.debug("KILL QUERY {} on ClickHouse cluster '{}' could not be sent", clickHouseQueryId, clusterName, e);
        }
    }

    SwitchboardException transportError(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && !(cause instanceof ConnectException) && !(cause instanceof HttpTimeoutException)) {
            cause = cause.getCause();
        }
        String where = "ClickHouse cluster '" + clusterName + "' at " + config.endpoint().address();
        if (cause instanceof HttpConnectTimeoutException) {
            return new SwitchboardException(ErrorCode.ENGINE_UNAVAILABLE, where + " did not accept a connection within "
                    + config.connectTimeout().toMillis() + " ms", "08001", failure);
        }
        if (cause instanceof ConnectException) {
            return new SwitchboardException(ErrorCode.ENGINE_UNAVAILABLE, where + " cannot be reached: "
                    + describe(cause), "08001", failure);
        }
        return new SwitchboardException(ErrorCode.ENGINE_UNAVAILABLE, where + ": the connection failed: " + describe(failure),
                "08006", failure);
    }

    SwitchboardException readError(IOException e, String clickHouseQueryId) {
        return new SwitchboardException(ErrorCode.ENGINE_UNAVAILABLE, "ClickHouse cluster '" + clusterName
                + "': the connection broke while reading query " + clickHouseQueryId + ": " + describe(e), "08006", e);
    }

    // ---- internals ------------------------------------------------------------------------

    private HttpRequest.Builder request(Map<String, String> parameters, String sql) {
        StringJoiner query = new StringJoiner("&", "/?", "");
        parameters.forEach((name, value) -> query.add(name + "=" + URLEncoder.encode(value, UTF_8)));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(config.endpoint().baseUri() + query.toString()))
                .POST(HttpRequest.BodyPublishers.ofString(sql, UTF_8))
                .header("Content-Type", "text/plain; charset=utf-8")
                .header("User-Agent", "switchboard")
                .header("X-ClickHouse-User", config.user());
        config.password().ifPresent(password -> request.header("X-ClickHouse-Key", password));
        return request;
    }

    private Optional<String> database(Session session) {
        if (config.database().isPresent()) {
            return config.database();
        }
        return session.databaseName().map(String::strip).filter(name -> !name.isEmpty());
    }

    /** Unique per run: a Switchboard query may reach ClickHouse more than once (describe, then execute). */
    private String clickHouseQueryId(EngineQuery query) {
        return query.queryId().value() + "-" + sequence.incrementAndGet();
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new SwitchboardException(ErrorCode.ENGINE_UNAVAILABLE, "ClickHouse cluster '" + clusterName + "' is closed");
        }
    }

    private static String describe(Throwable t) {
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getClass().getSimpleName() + ": " + t.getMessage();
    }
}
