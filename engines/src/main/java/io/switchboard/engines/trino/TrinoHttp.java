package io.switchboard.engines.trino;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.switchboard.core.error.ErrorCode;
import io.switchboard.core.error.SwitchboardException;
import io.switchboard.core.session.Session;
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
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP side of Trino's client protocol for one cluster: one {@link HttpClient} whose
 * connections every query reuses, and the {@code X-Trino-*} headers built from the configuration
 * and the Switchboard session.
 */
final class TrinoHttp implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TrinoHttp.class);

    private final String clusterName;
    private final TrinoEngineConfig config;
    private final HttpClient client;
    private final String authorization;

    TrinoHttp(String clusterName, TrinoEngineConfig config) {
        this.clusterName = clusterName;
        this.config = config;
        HttpClient.Builder builder = HttpClient.newBuilder()
                // Trino's coordinator speaks HTTP/1.1; an h2c upgrade attempt only costs a round trip.
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(config.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("trino-" + clusterName + "-http-", 1).factory()));
        config.tls().ifPresent(builder::sslContext);
        this.client = builder.build();
        this.authorization = config.password()
                .map(password -> "Basic " + Base64.getEncoder().encodeToString((config.user() + ":" + password).getBytes(UTF_8)))
                .orElse(null);
    }

    String clusterName() {
        return clusterName;
    }

    /** POST /v1/statement: starts a statement. */
    CompletableFuture<HttpResponse<InputStream>> start(String sql, Session session, Map<String, String> preparedStatements) {
        HttpRequest.Builder request = HttpRequest.newBuilder(config.endpoint().resolve("/v1/statement"))
                .timeout(config.requestTimeout())
                .POST(HttpRequest.BodyPublishers.ofString(sql, UTF_8))
                .header("Content-Type", "text/plain; charset=utf-8");
        headers(request, session);
        if (!preparedStatements.isEmpty()) {
            StringJoiner prepared = new StringJoiner(",");
            preparedStatements.forEach((name, text) -> prepared.add(name + "=" + URLEncoder.encode(text, UTF_8)));
            request.header("X-Trino-Prepared-Statement", prepared.toString());
        }
        return client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    /** GET nextUri: the next page or state of a running statement. */
    CompletableFuture<HttpResponse<InputStream>> next(URI nextUri, Session session) {
        HttpRequest.Builder request = HttpRequest.newBuilder(nextUri).timeout(config.requestTimeout()).GET();
        headers(request, session);
        return client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    /** DELETE nextUri: cancels the statement on the coordinator. Does not wait. */
    CompletableFuture<Void> cancel(URI nextUri, Session session, String queryId) {
        HttpRequest.Builder request = HttpRequest.newBuilder(nextUri).timeout(config.requestTimeout()).DELETE();
        headers(request, session);
        return client.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding())
                .handle((response, error) -> {
                    if (error != null) {
                        log.debug("Canceling Trino query {} on cluster '{}' failed", queryId, clusterName, error);
                    } else if (response.statusCode() >= 300 && response.statusCode() != 404 && response.statusCode() != 410) {
                        log.debug("Canceling Trino query {} on cluster '{}' answered HTTP {}", queryId, clusterName,
                                response.statusCode());
                    }
                    return null;
                });
    }

    private void headers(HttpRequest.Builder request, Session session) {
        String user = config.impersonation() ? session.user() : config.user();
        request.header("X-Trino-User", user);
        request.header("X-Trino-Source", config.source());
        request.header("User-Agent", "switchboard");
        // Without it Trino rounds every time and timestamp to milliseconds (the legacy protocol).
        request.header("X-Trino-Client-Capabilities", "PARAMETRIC_DATETIME");
        String catalog = config.catalog().orElse(null);
        String schema = config.schema().orElse(null);
        if (catalog == null && session.database() != null && !session.database().isBlank()) {
            // A client's database is a catalog, or catalog.schema.
            String database = session.database().strip();
            int dot = database.indexOf('.');
            catalog = dot < 0 ? database : database.substring(0, dot);
            schema = dot < 0 ? null : database.substring(dot + 1);
        }
        if (catalog != null) {
            request.header("X-Trino-Catalog", catalog);
        }
        if (schema != null) {
            request.header("X-Trino-Schema", schema);
        }
        if (!config.sessionProperties().isEmpty()) {
            StringJoiner properties = new StringJoiner(",");
            config.sessionProperties().forEach((name, value) -> properties.add(name + "=" + URLEncoder.encode(value, UTF_8)));
            request.header("X-Trino-Session", properties.toString());
        }
        Set<String> tags = new LinkedHashSet<>(config.clientTags());
        for (String tag : session.clientTags()) {
            if (!tag.isBlank() && !tag.contains(",")) {
                tags.add(tag);
            }
        }
        if (!tags.isEmpty()) {
            request.header("X-Trino-Client-Tags", String.join(",", tags));
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
    }

    /** Reads the status of a response and turns failures into errors; returns the body of a 200. */
    InputStream checkStatus(HttpResponse<InputStream> response) throws IOException {
        int status = response.statusCode();
        if (status == 200) {
            return response.body();
        }
        String body;
        try (InputStream in = response.body()) {
            body = new String(in.readNBytes(2000), UTF_8).strip();
        }
        throw switch (status) {
            case 401 -> new SwitchboardException(ErrorCode.AUTHENTICATION_FAILED, "Trino cluster '" + clusterName
                    + "' refused the credentials of user '" + config.user() + "' (HTTP 401)", "28000", null);
            case 403 -> new SwitchboardException(ErrorCode.PERMISSION_DENIED, "Trino cluster '" + clusterName
                    + "' denied access (HTTP 403): " + body, "42501", null);
            case 502, 503, 504 -> new SwitchboardException(ErrorCode.ENGINE_UNAVAILABLE, "Trino cluster '" + clusterName
                    + "' is not available (HTTP " + status + ")", "08006", null);
            default -> new SwitchboardException(ErrorCode.ENGINE_ERROR, "Trino cluster '" + clusterName + "' answered HTTP "
                    + status + (body.isEmpty() ? "" : ": " + body), "XX000", null);
        };
    }

    /** Whether an HTTP status asks the client to try the same request again. */
    static boolean retryable(int status) {
        return status == 502 || status == 503 || status == 504;
    }

    /** Turns a transport failure into an error that says which cluster could not be reached. */
    SwitchboardException transportError(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && !(cause instanceof ConnectException) && !(cause instanceof HttpTimeoutException)) {
            cause = cause.getCause();
        }
        if (cause instanceof HttpConnectTimeoutException) {
            return new SwitchboardException(ErrorCode.ENGINE_UNAVAILABLE, "Trino cluster '" + clusterName + "' at "
                    + config.endpoint().address() + " did not accept a connection within "
                    + config.connectTimeout().toMillis() + " ms", "08001", failure);
        }
        if (cause instanceof ConnectException || cause instanceof ClosedChannelException) {
            return new SwitchboardException(ErrorCode.ENGINE_UNAVAILABLE, "Trino cluster '" + clusterName + "' at "
                    + config.endpoint().address() + " cannot be reached: " + describe(cause), "08001", failure);
        }
        if (cause instanceof HttpTimeoutException) {
            return new SwitchboardException(ErrorCode.ENGINE_UNAVAILABLE, "Trino cluster '" + clusterName
                    + "' did not answer within " + config.requestTimeout().toMillis() + " ms", "08006", failure);
        }
        return new SwitchboardException(ErrorCode.ENGINE_UNAVAILABLE, "Trino cluster '" + clusterName
                + "': the connection failed: " + describe(failure), "08006", failure);
    }

    private static String describe(Throwable t) {
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getClass().getSimpleName() + ": " + t.getMessage();
    }

    /** Lets requests under way (the DELETEs of a closing engine) finish for a moment, then stops. */
    void closeAfter(Duration grace) {
        client.shutdown();
        try {
            if (!client.awaitTermination(grace)) {
                client.shutdownNow();
            }
        } catch (InterruptedException e) {
            client.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        client.shutdownNow();
    }
}
