package io.switchboard.engines.clickhouse;

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
 * The ClickHouse-specific keys of one cluster ({@code engine: clickHouse}), validated.
 *
 * @param endpoint the server's HTTP interface, {@code http(s)://host:port}
 * @param user the ClickHouse user ({@code X-ClickHouse-User})
 * @param password its password ({@code X-ClickHouse-Key}), or empty
 * @param database the database queries run in, or empty to take the session's (else ClickHouse's default)
 * @param settings ClickHouse settings sent with every query ({@code max_threads: 4})
 * @param batchSize rows per batch handed to the frontend
 * @param connectTimeout how long opening a connection may take before the cluster counts as down
 * @param healthTimeout how long the health probe may take
 * @param tls the certificates to trust for https, or empty for the JVM's default
 */
public record ClickHouseEngineConfig(
        HttpEndpoint endpoint,
        String user,
        Optional<String> password,
        Optional<String> database,
        Map<String, String> settings,
        int batchSize,
        Duration connectTimeout,
        Duration healthTimeout,
        Optional<SSLContext> tls) {

    public static final int DEFAULT_PORT = 8123;
    public static final int DEFAULT_BATCH_SIZE = 1024;

    public ClickHouseEngineConfig {
        requireNonNull(endpoint, "endpoint is null");
        requireNonNull(user, "user is null");
        requireNonNull(password, "password is null");
        requireNonNull(database, "database is null");
        settings = Map.copyOf(new LinkedHashMap<>(requireNonNull(settings, "settings is null")));
        requireNonNull(connectTimeout, "connectTimeout is null");
        requireNonNull(healthTimeout, "healthTimeout is null");
        requireNonNull(tls, "tls is null");
        if (user.isBlank()) {
            throw new IllegalArgumentException("user must not be blank");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be positive");
        }
        for (String name : settings.keySet()) {
            if (!name.matches("[A-Za-z0-9_]+")) {
                throw new IllegalArgumentException("ClickHouse setting names are letters, digits and '_': " + name);
            }
        }
    }

    /** Reads the cluster's keys and rejects any key nobody read. */
    public static ClickHouseEngineConfig parse(ClusterConfig cluster) {
        ConfigNode options = cluster.options();
        HttpEndpoint endpoint = HttpEndpoint.parse(cluster, DEFAULT_PORT);
        String user = options.string("user", "default").strip();
        if (user.isEmpty()) {
            throw options.valueError("user", "must not be empty");
        }
        Optional<String> password = options.optionalString("password").filter(value -> !value.isEmpty());
        Optional<String> database = options.optionalString("database").map(String::strip).filter(value -> !value.isEmpty());
        Map<String, String> settings = options.stringMap("settings");
        for (String name : settings.keySet()) {
            if (!name.matches("[A-Za-z0-9_]+")) {
                throw options.valueError("settings", "'" + name + "' is not a ClickHouse setting name (letters, digits, '_')");
            }
            if (List.of("query_id", "database", "query", "default_format", "user", "password").contains(name)) {
                throw options.valueError("settings", "'" + name + "' is set by Switchboard itself");
            }
        }
        int batchSize = options.integer("batchSize", DEFAULT_BATCH_SIZE, 1, 1_000_000);
        Duration connectTimeout = positive(options, "connectTimeout", Duration.ofSeconds(10));
        Duration healthTimeout = positive(options, "healthTimeout", Duration.ofSeconds(5));
        Optional<SSLContext> tls = HttpTls.parse(options, endpoint);
        options.rejectUnknownKeys();
        return new ClickHouseEngineConfig(endpoint, user, password, database, settings, batchSize, connectTimeout,
                healthTimeout, tls);
    }

    private static Duration positive(ConfigNode options, String key, Duration defaultValue) {
        Duration value = options.duration(key, defaultValue);
        if (value.isZero() || value.isNegative()) {
            throw options.valueError(key, "must be positive");
        }
        return value;
    }

    /** Never shows the password. */
    @Override
    public String toString() {
        return "ClickHouseEngineConfig[endpoint=" + endpoint.baseUri() + ", user=" + user + ", password="
                + (password.isPresent() ? "****" : "(none)") + ", database=" + database.orElse("") + ", settings="
                + settings + ", batchSize=" + batchSize + "]";
    }
}
