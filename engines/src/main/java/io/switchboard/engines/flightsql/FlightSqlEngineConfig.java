package io.switchboard.engines.flightsql;

import static java.util.Objects.requireNonNull;

import io.switchboard.core.config.ClusterConfig;
import io.switchboard.core.config.ConfigNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The Flight SQL-specific keys of one cluster ({@code engine: flightSql}), validated.
 *
 * @param host the server's host
 * @param port the server's port
 * @param tls whether the endpoint is {@code grpc+tls://}
 * @param trustedCertificates PEM certificates to trust for TLS, or empty for the JVM's default
 * @param verifyServer whether TLS checks the server's certificate and name
 * @param user the user for basic authentication (exchanged for a bearer token), or empty
 * @param password its password, or empty
 * @param token a bearer token sent as {@code Authorization: Bearer ...}, or empty
 * @param headers more gRPC headers sent with every call (routing headers of a gateway)
 * @param preparedStatements run statements as prepared statements (create, execute, close), as
 *     the Flight SQL JDBC driver does; false runs them ad hoc ({@code CommandStatementQuery})
 * @param connectTimeout the deadline of short calls (prepare, close, the health probe's calls)
 *     and so how soon a server that does not answer counts as down
 * @param healthTimeout how long the health probe may take
 * @param maxMemory the most bytes of Arrow buffers the cluster's results may hold at once
 */
public record FlightSqlEngineConfig(
        String host,
        int port,
        boolean tls,
        Optional<Path> trustedCertificates,
        boolean verifyServer,
        Optional<String> user,
        Optional<String> password,
        Optional<String> token,
        Map<String, String> headers,
        boolean preparedStatements,
        Duration connectTimeout,
        Duration healthTimeout,
        long maxMemory) {

    public static final long DEFAULT_MAX_MEMORY = 256L * 1024 * 1024;

    public FlightSqlEngineConfig {
        requireNonNull(host, "host is null");
        requireNonNull(trustedCertificates, "trustedCertificates is null");
        requireNonNull(user, "user is null");
        requireNonNull(password, "password is null");
        requireNonNull(token, "token is null");
        headers = Map.copyOf(new LinkedHashMap<>(requireNonNull(headers, "headers is null")));
        requireNonNull(connectTimeout, "connectTimeout is null");
        requireNonNull(healthTimeout, "healthTimeout is null");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be between 1 and 65535");
        }
        if (password.isPresent() && user.isEmpty()) {
            throw new IllegalArgumentException("a password needs a user");
        }
        if (token.isPresent() && user.isPresent()) {
            throw new IllegalArgumentException("give either a user and password or a token, not both");
        }
        if (maxMemory < 1024 * 1024) {
            throw new IllegalArgumentException("maxMemory must be at least 1 MiB");
        }
    }

    /** Reads the cluster's keys and rejects any key nobody read. */
    public static FlightSqlEngineConfig parse(ClusterConfig cluster) {
        ConfigNode options = cluster.options();
        String text = cluster.endpointValue()
                .orElseThrow(() -> options.error("missing required key 'endpoint' (grpc://host:port or grpc+tls://host:port)"))
                .strip();
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw options.valueError("endpoint", "is not a valid URI: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        boolean tls = switch (scheme) {
            case "grpc", "grpc+tcp" -> false;
            case "grpc+tls" -> true;
            default -> throw options.valueError("endpoint", "must start with grpc:// or grpc+tls:// but is '" + text + "'");
        };
        if (uri.getHost() == null || uri.getPort() < 0) {
            throw options.valueError("endpoint", "must name a host and a port: '" + text + "'");
        }
        if (uri.getRawUserInfo() != null) {
            throw options.valueError("endpoint", "must not hold a user name or password; use the keys 'user' and 'password'");
        }
        Optional<String> user = options.optionalString("user").map(String::strip).filter(value -> !value.isEmpty());
        Optional<String> password = options.optionalString("password").filter(value -> !value.isEmpty());
        Optional<String> token = options.optionalString("token").filter(value -> !value.isEmpty());
        if (password.isPresent() && user.isEmpty()) {
            throw options.valueError("password", "needs 'user' too");
        }
        if (token.isPresent() && user.isPresent()) {
            throw options.valueError("token", "give either 'user' and 'password' or 'token', not both");
        }
        Map<String, String> headers = options.stringMap("headers");
        for (String name : headers.keySet()) {
            if (!name.matches("[a-z0-9_.-]+")) {
                throw options.valueError("headers", "'" + name + "' is not a gRPC header name (lower-case letters, digits, '-', '_', '.')");
            }
        }
        boolean prepared = options.bool("preparedStatements", true);
        ConfigNode tlsNode = options.child("tls");
        Optional<Path> certificates = tlsNode.optionalString("trustedCertificates").map(Path::of);
        boolean verifyServer = tlsNode.bool("verifyServer", true);
        tlsNode.rejectUnknownKeys();
        if (tlsNode.isPresent() && !tls) {
            throw options.valueError("tls", "applies to grpc+tls:// endpoints only, but the endpoint is " + text);
        }
        certificates.ifPresent(path -> {
            if (!Files.isReadable(path)) {
                throw tlsNode.valueError("trustedCertificates", "cannot read " + path);
            }
        });
        Duration connectTimeout = positive(options, "connectTimeout", Duration.ofSeconds(10));
        Duration healthTimeout = positive(options, "healthTimeout", Duration.ofSeconds(5));
        long maxMemory = options.longValue("maxMemory", DEFAULT_MAX_MEMORY, 1024 * 1024, Long.MAX_VALUE);
        options.rejectUnknownKeys();
        return new FlightSqlEngineConfig(uri.getHost(), uri.getPort(), tls, certificates, verifyServer, user, password, token,
                headers, prepared, connectTimeout, healthTimeout, maxMemory);
    }

    private static Duration positive(ConfigNode options, String key, Duration defaultValue) {
        Duration value = options.duration(key, defaultValue);
        if (value.isZero() || value.isNegative()) {
            throw options.valueError(key, "must be positive");
        }
        return value;
    }

    public String address() {
        return host + ":" + port;
    }

    /** Never shows the password or the token. */
    @Override
    public String toString() {
        return "FlightSqlEngineConfig[endpoint=" + (tls ? "grpc+tls://" : "grpc://") + address() + ", user=" + user.orElse("")
                + ", password=" + (password.isPresent() ? "****" : "(none)") + ", token=" + (token.isPresent() ? "****" : "(none)")
                + ", headers=" + headers.keySet() + ", preparedStatements=" + preparedStatements + "]";
    }
}
