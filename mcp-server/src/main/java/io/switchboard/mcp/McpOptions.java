package io.switchboard.mcp;

import static java.util.Objects.requireNonNull;

import io.switchboard.core.config.ConfigNode;
import io.switchboard.core.session.SourceDialects;
import io.switchboard.core.sql.Dialect;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The MCP frontend's own keys of {@code frontends.mcp} (core already read {@code enabled},
 * {@code port}, {@code bindAddress} and {@code maxConnections}).
 *
 * @param tokens bearer token → user name; empty means no authentication, which is allowed only
 *     on a loopback address
 * @param anonymousUser the user recorded for calls without a token (no tokens configured)
 * @param allowedOrigins browser origins allowed to call (DNS-rebinding protection); an entry may
 *     end in {@code :*} for any port. Requests without an {@code Origin} header are not browsers
 *     and pass
 * @param allowedHosts values allowed in the {@code Host} header; {@code :*} for any port
 * @param defaultMaxRows rows per page when a call does not say
 * @param maxRows the hard maximum of {@code max_rows}
 * @param maxResultRows the most rows one query keeps for paging with {@code fetch_rows}
 * @param resultTtl how long a kept result stays available to {@code fetch_rows}
 * @param resultMaxBytes the bytes all kept results may take together; the oldest go first
 * @param resultMaxBytesPerQuery the bytes one query may keep
 * @param sourceDialect the dialect agents write SQL in
 * @param queryTimeout how long one tool call may wait for its query; zero for no limit
 * @param progressInterval how often a long call reports progress to a client that asked for it
 * @param catalogRefreshInterval how often the table resources are refreshed from the engines
 * @param maxRequestSize the largest HTTP request body accepted, in bytes
 */
public record McpOptions(
        Map<String, String> tokens,
        String anonymousUser,
        List<String> allowedOrigins,
        List<String> allowedHosts,
        int defaultMaxRows,
        int maxRows,
        int maxResultRows,
        Duration resultTtl,
        long resultMaxBytes,
        long resultMaxBytesPerQuery,
        Dialect sourceDialect,
        Duration queryTimeout,
        Duration progressInterval,
        Duration catalogRefreshInterval,
        int maxRequestSize) {

    public static final int DEFAULT_MAX_ROWS_PER_PAGE = 1000;
    public static final int DEFAULT_HARD_MAX_ROWS = 10_000;
    public static final int DEFAULT_MAX_RESULT_ROWS = 100_000;
    public static final Duration DEFAULT_RESULT_TTL = Duration.ofMinutes(10);
    public static final long DEFAULT_RESULT_MAX_BYTES = 64L * 1024 * 1024;
    public static final long DEFAULT_RESULT_MAX_BYTES_PER_QUERY = 16L * 1024 * 1024;
    public static final Duration DEFAULT_QUERY_TIMEOUT = Duration.ofMinutes(5);
    public static final Duration DEFAULT_PROGRESS_INTERVAL = Duration.ofSeconds(1);
    public static final Duration DEFAULT_CATALOG_REFRESH_INTERVAL = Duration.ofMinutes(1);
    public static final int DEFAULT_MAX_REQUEST_SIZE = 4 * 1024 * 1024;
    public static final String DEFAULT_ANONYMOUS_USER = "mcp";
    /** Browsers on this machine: the loopback names, any port. */
    public static final List<String> LOOPBACK_ORIGINS = List.of(
            "http://localhost:*", "http://127.0.0.1:*", "http://[::1]:*",
            "https://localhost:*", "https://127.0.0.1:*", "https://[::1]:*");
    public static final List<String> LOOPBACK_HOSTS = List.of("localhost:*", "127.0.0.1:*", "[::1]:*");

    private static final Pattern BYTE_SIZE = Pattern.compile("(\\d+)\\s*(b|kb|mb|gb)?");

    public McpOptions {
        tokens = Map.copyOf(requireNonNull(tokens, "tokens is null"));
        requireNonNull(anonymousUser, "anonymousUser is null");
        allowedOrigins = List.copyOf(requireNonNull(allowedOrigins, "allowedOrigins is null"));
        allowedHosts = List.copyOf(requireNonNull(allowedHosts, "allowedHosts is null"));
        requireNonNull(resultTtl, "resultTtl is null");
        requireNonNull(sourceDialect, "sourceDialect is null");
        requireNonNull(queryTimeout, "queryTimeout is null");
        requireNonNull(progressInterval, "progressInterval is null");
        requireNonNull(catalogRefreshInterval, "catalogRefreshInterval is null");
        if (defaultMaxRows < 1 || maxRows < defaultMaxRows) {
            throw new IllegalArgumentException("need 1 <= defaultMaxRows <= maxRows");
        }
        if (maxResultRows < maxRows) {
            throw new IllegalArgumentException("maxResultRows must be at least maxRows");
        }
        if (resultMaxBytesPerQuery < 1 || resultMaxBytes < resultMaxBytesPerQuery) {
            throw new IllegalArgumentException("need 1 <= resultRetention.maxBytesPerQuery <= resultRetention.maxBytes");
        }
        if (progressInterval.isNegative() || progressInterval.isZero() || catalogRefreshInterval.isNegative()
                || catalogRefreshInterval.isZero() || resultTtl.isNegative() || resultTtl.isZero() || queryTimeout.isNegative()) {
            throw new IllegalArgumentException("durations must be positive (queryTimeout may be zero for no limit)");
        }
        if (maxRequestSize < 1024) {
            throw new IllegalArgumentException("maxRequestSize must be at least 1024 bytes");
        }
    }

    /** Every default: no tokens, loopback origins and hosts. */
    public static McpOptions defaults() {
        return parse(ConfigNode.empty("frontends.mcp"));
    }

    public boolean requiresToken() {
        return !tokens.isEmpty();
    }

    /** The user a token belongs to, compared in constant time so that timing reveals nothing. */
    public Optional<String> userForToken(String presented) {
        byte[] candidate = presented.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        String found = null;
        for (Map.Entry<String, String> entry : tokens.entrySet()) {
            if (java.security.MessageDigest.isEqual(entry.getKey().getBytes(java.nio.charset.StandardCharsets.UTF_8), candidate)) {
                found = entry.getValue();
            }
        }
        return Optional.ofNullable(found);
    }

    /** Reads the MCP keys of {@code frontends.mcp}; the common keys were read by core. */
    public static McpOptions parse(ConfigNode node) {
        // core's FrontendConfig read these; marking them keeps rejectUnknownKeys quiet.
        node.bool("enabled", false);
        node.integer("port", 0);
        node.optionalString("bindAddress");
        node.integer("maxConnections", 0);

        Map<String, String> tokens = new LinkedHashMap<>();
        for (ConfigNode entry : node.list("tokens")) {
            String token = entry.string("token").strip();
            String user = entry.string("user").strip();
            if (token.length() < 16) {
                throw entry.valueError("token", "a bearer token must have at least 16 characters");
            }
            if (user.isEmpty()) {
                throw entry.valueError("user", "must name a user");
            }
            if (tokens.put(token, user) != null) {
                throw entry.valueError("token", "the same token is listed twice");
            }
            entry.rejectUnknownKeys();
        }
        List<String> origins = node.has("allowedOrigins") ? node.stringList("allowedOrigins") : LOOPBACK_ORIGINS;
        List<String> hosts = node.has("allowedHosts") ? node.stringList("allowedHosts") : LOOPBACK_HOSTS;
        int defaultMaxRows = node.integer("defaultMaxRows", DEFAULT_MAX_ROWS_PER_PAGE, 1, 1_000_000);
        int maxRows = node.integer("maxRows", Math.max(DEFAULT_HARD_MAX_ROWS, defaultMaxRows), 1, 1_000_000);
        if (maxRows < defaultMaxRows) {
            throw node.valueError("maxRows", "must be at least defaultMaxRows (" + defaultMaxRows + ") but is " + maxRows);
        }
        int maxResultRows = node.integer("maxResultRows", Math.max(DEFAULT_MAX_RESULT_ROWS, maxRows), 1, 100_000_000);
        if (maxResultRows < maxRows) {
            throw node.valueError("maxResultRows", "must be at least maxRows (" + maxRows + ") but is " + maxResultRows);
        }
        ConfigNode retention = node.child("resultRetention");
        Duration ttl = positive(retention, "ttl", retention.duration("ttl", DEFAULT_RESULT_TTL));
        long maxBytes = byteSize(retention, "maxBytes", DEFAULT_RESULT_MAX_BYTES);
        long perQuery = byteSize(retention, "maxBytesPerQuery", Math.min(DEFAULT_RESULT_MAX_BYTES_PER_QUERY, maxBytes));
        if (perQuery > maxBytes) {
            throw retention.valueError("maxBytesPerQuery", "must not exceed resultRetention.maxBytes");
        }
        retention.rejectUnknownKeys();
        String dialectName = node.string("sourceDialect", Dialect.TRINO.sqlglotName());
        Dialect dialect = SourceDialects.find(dialectName).orElseThrow(() -> node.valueError(
                "sourceDialect", "unknown dialect '" + dialectName + "'; use one of " + String.join(", ", SourceDialects.knownNames())));
        Duration queryTimeout = node.duration("queryTimeout", DEFAULT_QUERY_TIMEOUT);
        if (queryTimeout.isNegative()) {
            throw node.valueError("queryTimeout", "must not be negative");
        }
        Duration progress = positive(node, "progressInterval", node.duration("progressInterval", DEFAULT_PROGRESS_INTERVAL));
        Duration refresh = positive(node, "catalogRefreshInterval",
                node.duration("catalogRefreshInterval", DEFAULT_CATALOG_REFRESH_INTERVAL));
        long requestSize = byteSize(node, "maxRequestSize", DEFAULT_MAX_REQUEST_SIZE);
        if (requestSize < 1024 || requestSize > Integer.MAX_VALUE) {
            throw node.valueError("maxRequestSize", "must be between 1KB and 2GB");
        }
        String anonymous = node.string("anonymousUser", DEFAULT_ANONYMOUS_USER).strip();
        if (anonymous.isEmpty()) {
            throw node.valueError("anonymousUser", "must not be empty");
        }
        node.rejectUnknownKeys();
        return new McpOptions(tokens, anonymous, new ArrayList<>(origins), new ArrayList<>(hosts), defaultMaxRows, maxRows,
                maxResultRows, ttl, maxBytes, perQuery, dialect, queryTimeout, progress, refresh, (int) requestSize);
    }

    private static Duration positive(ConfigNode node, String key, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw node.valueError(key, "must be positive");
        }
        return value;
    }

    /** {@code 64MB}, {@code 512KB}, {@code 1GB} or a plain number of bytes. */
    static long byteSize(ConfigNode node, String key, long defaultValue) {
        Optional<String> text = node.optionalString(key);
        if (text.isEmpty()) {
            return defaultValue;
        }
        Matcher matcher = BYTE_SIZE.matcher(text.get().strip().toLowerCase(Locale.ROOT).replace("_", ""));
        if (!matcher.matches()) {
            throw node.valueError(key, "expected a size such as 512KB, 64MB or 1GB but found '" + text.get() + "'");
        }
        long amount = Long.parseLong(matcher.group(1));
        String unit = matcher.group(2) == null ? "b" : matcher.group(2);
        long bytes = switch (unit) {
            case "kb" -> amount * 1024;
            case "mb" -> amount * 1024 * 1024;
            case "gb" -> amount * 1024 * 1024 * 1024;
            default -> amount;
        };
        if (bytes < 1) {
            throw node.valueError(key, "must be positive");
        }
        return bytes;
    }

    @Override
    public String toString() {
        // Tokens are secrets: only their number and users are shown.
        return "McpOptions[tokens=" + tokens.size() + " for users " + List.copyOf(new java.util.TreeSet<>(tokens.values()))
                + ", allowedOrigins=" + allowedOrigins + ", allowedHosts=" + allowedHosts + ", defaultMaxRows=" + defaultMaxRows
                + ", maxRows=" + maxRows + ", maxResultRows=" + maxResultRows + ", resultTtl=" + resultTtl
                + ", resultMaxBytes=" + resultMaxBytes + ", resultMaxBytesPerQuery=" + resultMaxBytesPerQuery
                + ", sourceDialect=" + sourceDialect + ", queryTimeout=" + queryTimeout + ", progressInterval=" + progressInterval
                + ", catalogRefreshInterval=" + catalogRefreshInterval + ", maxRequestSize=" + maxRequestSize + "]";
    }
}
