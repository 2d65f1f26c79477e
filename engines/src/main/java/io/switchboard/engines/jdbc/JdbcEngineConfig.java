package io.switchboard.engines.jdbc;

import static java.util.Objects.requireNonNull;

import io.switchboard.core.config.ClusterConfig;
import io.switchboard.core.config.ConfigNode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The settings of a cluster reached over JDBC (PostgreSQL, MySQL, MariaDB, StarRocks): where it
 * is, how to log in, the pool, the timeouts and the session settings. Keys that only one engine
 * understands ({@code schema}, {@code tlsRootCert}, {@code catalog}) travel in
 * {@link #engineOptions()} and are validated by that engine.
 *
 * <p>{@link #toString()} hides the password and every engine option whose name mentions one.
 *
 * @param user the login user: the {@code user} key, else the endpoint's
 * @param password the login password: the {@code password} key, else the endpoint's
 * @param poolSize the most connections the cluster's pool opens
 * @param minimumIdle connections the pool keeps open while idle, so that a query finds one ready
 * @param connectTimeout how long to wait for a connection (pool and driver) before the engine counts as unavailable
 * @param healthCheckTimeout how long a health probe may take before the cluster counts as unhealthy
 * @param batchSize rows per batch handed to the frontend, and rows fetched per round trip
 * @param sessionProperties settings applied to every new connection
 */
public record JdbcEngineConfig(
        JdbcEndpoint endpoint,
        Optional<String> user,
        Optional<String> password,
        int poolSize,
        int minimumIdle,
        Duration connectTimeout,
        Duration healthCheckTimeout,
        int batchSize,
        Map<String, String> sessionProperties,
        TlsMode tls,
        Map<String, String> engineOptions) {

    public static final int DEFAULT_POOL_SIZE = 10;
    public static final int DEFAULT_MINIMUM_IDLE = 1;
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_HEALTH_CHECK_TIMEOUT = Duration.ofSeconds(5);
    public static final int DEFAULT_BATCH_SIZE = 1024;

    /** HikariCP refuses to wait less than this for a connection. */
    public static final Duration MINIMUM_CONNECT_TIMEOUT = Duration.ofMillis(250);

    private static final Pattern SETTING_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.]*");

    /** Transport security, named as PostgreSQL's {@code sslmode} names it; MySQL's driver gets its equivalent. */
    public enum TlsMode {
        DISABLE("disable"),
        PREFER("prefer"),
        REQUIRE("require"),
        VERIFY_CA("verify-ca"),
        VERIFY_FULL("verify-full");

        private final String configName;

        TlsMode(String configName) {
            this.configName = configName;
        }

        public String configName() {
            return configName;
        }
    }

    public JdbcEngineConfig {
        requireNonNull(endpoint, "endpoint is null");
        requireNonNull(user, "user is null");
        requireNonNull(password, "password is null");
        requireNonNull(connectTimeout, "connectTimeout is null");
        requireNonNull(healthCheckTimeout, "healthCheckTimeout is null");
        requireNonNull(tls, "tls is null");
        sessionProperties = Map.copyOf(new LinkedHashMap<>(requireNonNull(sessionProperties, "sessionProperties is null")));
        engineOptions = Map.copyOf(requireNonNull(engineOptions, "engineOptions is null"));
        if (poolSize < 1) {
            throw new IllegalArgumentException("poolSize must be positive");
        }
        if (minimumIdle < 0 || minimumIdle > poolSize) {
            throw new IllegalArgumentException("minimumIdle must be between 0 and poolSize");
        }
        if (connectTimeout.compareTo(MINIMUM_CONNECT_TIMEOUT) < 0) {
            throw new IllegalArgumentException("connectTimeout must be at least " + MINIMUM_CONNECT_TIMEOUT.toMillis() + " ms");
        }
        if (healthCheckTimeout.isNegative() || healthCheckTimeout.isZero()) {
            throw new IllegalArgumentException("healthCheckTimeout must be positive");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be positive");
        }
        for (String name : sessionProperties.keySet()) {
            if (!SETTING_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("session property name '" + name + "' is not a plain setting name");
            }
        }
    }

    /**
     * Reads the keys every JDBC engine shares, plus the engine's own {@code engineKeys} as plain
     * strings, and rejects any other key so that a typo is reported with its line.
     */
    public static JdbcEngineConfig parse(ClusterConfig cluster, int defaultPort, List<String> schemes, List<String> engineKeys) {
        ConfigNode options = cluster.options();
        String endpointText = cluster.endpointValue().orElseThrow(() -> options.error(
                "missing required key 'endpoint' (for example " + schemes.get(0) + "://host:port/database)"));
        JdbcEndpoint endpoint;
        try {
            endpoint = JdbcEndpoint.parse(endpointText, defaultPort, schemes.toArray(String[]::new));
        } catch (IllegalArgumentException e) {
            throw options.valueError("endpoint", e.getMessage());
        }
        Optional<String> user = options.optionalString("user");
        if (user.isPresent() && endpoint.user().isPresent()) {
            throw options.valueError("user", "the user is given twice, in 'endpoint' and in 'user'; keep one");
        }
        Optional<String> password = options.optionalString("password");
        if (password.isPresent() && endpoint.password().isPresent()) {
            // The message must not show either password.
            throw options.valueError("password", "the password is given twice, in 'endpoint' and in 'password'; keep one "
                    + "(preferably 'password: ${SOME_ENVIRONMENT_VARIABLE}')");
        }
        int poolSize = options.integer("poolSize", DEFAULT_POOL_SIZE, 1, 10_000);
        int minimumIdle = options.integer("minimumIdle", Math.min(DEFAULT_MINIMUM_IDLE, poolSize), 0, 10_000);
        if (minimumIdle > poolSize) {
            throw options.valueError("minimumIdle", "must not exceed poolSize (" + poolSize + ") but is " + minimumIdle);
        }
        Duration connectTimeout = options.duration("connectTimeout", DEFAULT_CONNECT_TIMEOUT);
        if (connectTimeout.compareTo(MINIMUM_CONNECT_TIMEOUT) < 0) {
            throw options.valueError("connectTimeout", "must be at least 250ms but is " + connectTimeout.toMillis() + "ms");
        }
        Duration healthCheckTimeout = options.duration("healthCheckTimeout", DEFAULT_HEALTH_CHECK_TIMEOUT);
        if (healthCheckTimeout.isZero() || healthCheckTimeout.isNegative()) {
            throw options.valueError("healthCheckTimeout", "must be positive");
        }
        int batchSize = options.integer("batchSize", DEFAULT_BATCH_SIZE, 1, 1_000_000);
        Map<String, String> sessionProperties = options.stringMap("sessionProperties");
        for (String name : sessionProperties.keySet()) {
            if (!SETTING_NAME.matcher(name).matches()) {
                throw options.valueError("sessionProperties", "'" + name + "' is not a plain setting name");
            }
        }
        Map<String, TlsMode> tlsModes = new LinkedHashMap<>();
        for (TlsMode mode : TlsMode.values()) {
            tlsModes.put(mode.configName(), mode);
        }
        TlsMode tls = options.enumValue("tls", tlsModes, TlsMode.PREFER);
        Map<String, String> engineOptions = new LinkedHashMap<>();
        for (String key : engineKeys) {
            options.optionalString(key).ifPresent(value -> engineOptions.put(key, value));
        }
        options.rejectUnknownKeys();
        return new JdbcEngineConfig(endpoint, user.or(endpoint::user), password.or(endpoint::password), poolSize,
                minimumIdle, connectTimeout, healthCheckTimeout, batchSize, sessionProperties, tls, engineOptions);
    }

    public Optional<String> engineOption(String key) {
        return Optional.ofNullable(engineOptions.get(key));
    }

    @Override
    public String toString() {
        Map<String, String> shownOptions = new LinkedHashMap<>();
        engineOptions.forEach((key, value) ->
                shownOptions.put(key, key.toLowerCase(Locale.ROOT).contains("password") ? "***" : value));
        return "JdbcEngineConfig[endpoint=" + endpoint + ", user=" + user.orElse("(driver default)")
                + ", password=" + (password.isPresent() ? "***" : "(none)") + ", poolSize=" + poolSize
                + ", minimumIdle=" + minimumIdle + ", connectTimeout=" + connectTimeout + ", healthCheckTimeout="
                + healthCheckTimeout + ", batchSize=" + batchSize + ", sessionProperties=" + sessionProperties
                + ", tls=" + tls.configName() + ", engineOptions=" + shownOptions + "]";
    }
}
