package io.switchboard.engines.trino;

import static java.util.Objects.requireNonNull;

import io.switchboard.core.config.ClusterConfig;
import io.switchboard.core.config.ConfigNode;
import io.switchboard.engines.http.HttpEndpoint;
import io.switchboard.engines.http.HttpTls;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * The Trino-specific keys of one cluster ({@code engine: trino}), validated.
 *
 * @param endpoint the coordinator, {@code http(s)://host:port}
 * @param user the user Switchboard presents to Trino (its principal when a password is set)
 * @param password the password for HTTP basic authentication, or empty
 * @param catalog the default catalog, or empty to take the session's database
 * @param schema the default schema, or empty
 * @param sessionProperties Trino session properties set on every query
 * @param clientTags client tags added to every query (the session's own tags are added too)
 * @param impersonation run each query as the Switchboard session's user ({@code X-Trino-User}),
 *     authenticated as {@code user}; Trino's access control decides whether that is allowed
 * @param source the {@code X-Trino-Source} Trino shows for these queries
 * @param connectTimeout how long opening a connection may take before the cluster counts as down
 * @param requestTimeout how long one HTTP request may wait for its answer
 * @param healthTimeout how long the health probe may take
 * @param tls the certificates to trust for https, or empty for the JVM's default
 */
public record TrinoEngineConfig(
        HttpEndpoint endpoint,
        String user,
        Optional<String> password,
        Optional<String> catalog,
        Optional<String> schema,
        Map<String, String> sessionProperties,
        List<String> clientTags,
        boolean impersonation,
        String source,
        Duration connectTimeout,
        Duration requestTimeout,
        Duration healthTimeout,
        Optional<SSLContext> tls) {

    public static final int DEFAULT_PORT = 8080;
    public static final String DEFAULT_USER = "switchboard";

    public TrinoEngineConfig {
        requireNonNull(endpoint, "endpoint is null");
        requireNonNull(user, "user is null");
        requireNonNull(password, "password is null");
        requireNonNull(catalog, "catalog is null");
        requireNonNull(schema, "schema is null");
        sessionProperties = Map.copyOf(new LinkedHashMap<>(requireNonNull(sessionProperties, "sessionProperties is null")));
        clientTags = List.copyOf(requireNonNull(clientTags, "clientTags is null"));
        requireNonNull(source, "source is null");
        requireNonNull(connectTimeout, "connectTimeout is null");
        requireNonNull(requestTimeout, "requestTimeout is null");
        requireNonNull(healthTimeout, "healthTimeout is null");
        requireNonNull(tls, "tls is null");
        if (user.isBlank()) {
            throw new IllegalArgumentException("user must not be blank");
        }
        if (schema.isPresent() && catalog.isEmpty()) {
            throw new IllegalArgumentException("a schema needs a catalog");
        }
        for (Duration duration : List.of(connectTimeout, requestTimeout, healthTimeout)) {
            if (duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException("timeouts must be positive");
            }
        }
        for (String name : sessionProperties.keySet()) {
            if (!name.matches("[A-Za-z0-9_.]+")) {
                throw new IllegalArgumentException("session property names are letters, digits, '_' and '.': " + name);
            }
        }
    }

    /** A configuration for tests and tools: defaults everywhere but the endpoint. */
    public static TrinoEngineConfig of(HttpEndpoint endpoint) {
        return new TrinoEngineConfig(endpoint, DEFAULT_USER, Optional.empty(), Optional.empty(), Optional.empty(), Map.of(),
                List.of(), false, "switchboard", Duration.ofSeconds(10), Duration.ofMinutes(2), Duration.ofSeconds(5),
                Optional.empty());
    }

    /** Reads the cluster's keys and rejects any key nobody read. */
    public static TrinoEngineConfig parse(ClusterConfig cluster) {
        ConfigNode options = cluster.options();
        HttpEndpoint endpoint = HttpEndpoint.parse(cluster, DEFAULT_PORT);
        String user = options.string("user", DEFAULT_USER).strip();
        if (user.isEmpty()) {
            throw options.valueError("user", "must not be empty");
        }
        Optional<String> password = options.optionalString("password").filter(value -> !value.isEmpty());
        Optional<String> catalog = options.optionalString("catalog").map(String::strip).filter(value -> !value.isEmpty());
        Optional<String> schema = options.optionalString("schema").map(String::strip).filter(value -> !value.isEmpty());
        if (schema.isPresent() && catalog.isEmpty()) {
            throw options.valueError("schema", "needs 'catalog' too");
        }
        Map<String, String> sessionProperties = options.stringMap("sessionProperties");
        for (String name : sessionProperties.keySet()) {
            if (!name.matches("[A-Za-z0-9_.]+")) {
                throw options.valueError("sessionProperties", "'" + name
                        + "' is not a session property name (letters, digits, '_', and '.' between catalog and property)");
            }
        }
        List<String> clientTags = options.stringList("clientTags");
        for (String tag : clientTags) {
            if (tag.isBlank() || tag.contains(",")) {
                throw options.valueError("clientTags", "a client tag must be non-empty and hold no comma: '" + tag + "'");
            }
        }
        boolean impersonation = options.bool("impersonation", false);
        String source = options.string("source", "switchboard");
        Duration connectTimeout = positive(options, "connectTimeout", Duration.ofSeconds(10));
        Duration requestTimeout = positive(options, "requestTimeout", Duration.ofMinutes(2));
        Duration healthTimeout = positive(options, "healthTimeout", Duration.ofSeconds(5));
        Optional<SSLContext> tls = HttpTls.parse(options, endpoint);
        options.rejectUnknownKeys();
        return new TrinoEngineConfig(endpoint, user, password, catalog, schema, sessionProperties, clientTags, impersonation,
                source, connectTimeout, requestTimeout, healthTimeout, tls);
    }

    static Duration positive(ConfigNode options, String key, Duration defaultValue) {
        Duration value = options.duration(key, defaultValue);
        if (value.isZero() || value.isNegative()) {
            throw options.valueError(key, "must be positive");
        }
        return value;
    }

    /** Never shows the password. */
    @Override
    public String toString() {
        return "TrinoEngineConfig[endpoint=" + endpoint.baseUri() + ", user=" + user + ", password="
                + (password.isPresent() ? "****" : "(none)") + ", catalog=" + catalog.orElse("") + ", schema="
                + schema.orElse("") + ", sessionProperties=" + sessionProperties + ", clientTags=" + clientTags
                + ", impersonation=" + impersonation + "]";
    }
}
