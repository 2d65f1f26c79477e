package io.switchboard.engines.jdbc;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * A cluster's {@code endpoint:} for a JDBC engine, {@code postgresql://user:pass@host:port/db} or
 * {@code mysql://user:pass@host:port/db}, taken apart. User and password are optional (they may
 * come from separate keys); percent-escapes in them are decoded.
 *
 * <p>{@link #toString()} never shows the password: endpoints end up in logs and error messages.
 */
public record JdbcEndpoint(String scheme, String host, int port, String database, Optional<String> user,
        Optional<String> password) {

    public JdbcEndpoint {
        requireNonNull(scheme, "scheme is null");
        requireNonNull(host, "host is null");
        requireNonNull(database, "database is null");
        requireNonNull(user, "user is null");
        requireNonNull(password, "password is null");
        if (host.isEmpty()) {
            throw new IllegalArgumentException("host is empty");
        }
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port must be between 1 and 65535 but is " + port);
        }
    }

    /**
     * Parses an endpoint whose scheme must be one of {@code schemes} (the first is the canonical
     * one); a missing port means {@code defaultPort}. Throws {@link IllegalArgumentException}
     * with a message that shows the endpoint without its password.
     */
    public static JdbcEndpoint parse(String endpoint, int defaultPort, String... schemes) {
        requireNonNull(endpoint, "endpoint is null");
        URI uri;
        try {
            uri = new URI(endpoint.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + redact(endpoint) + "' is not a URL such as " + schemes[0]
                    + "://user:password@host:port/database");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!java.util.Arrays.asList(schemes).contains(scheme)) {
            throw new IllegalArgumentException("'" + redact(endpoint) + "' must start with " + schemes[0]
                    + ":// (as in " + schemes[0] + "://user:password@host:port/database)");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new IllegalArgumentException("'" + redact(endpoint) + "' names no host");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("'" + redact(endpoint) + "' has a ?query or #fragment; "
                    + "driver settings are separate keys of the cluster");
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        if (path.startsWith("/")) {
            path = path.substring(1);
        }
        if (path.contains("/")) {
            throw new IllegalArgumentException("'" + redact(endpoint) + "' has a path with more than one part; "
                    + "only the database name may follow the port");
        }
        Optional<String> user = Optional.empty();
        Optional<String> password = Optional.empty();
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null && !userInfo.isEmpty()) {
            int colon = userInfo.indexOf(':');
            user = Optional.of(decode(colon < 0 ? userInfo : userInfo.substring(0, colon))).filter(u -> !u.isEmpty());
            if (colon >= 0) {
                password = Optional.of(decode(userInfo.substring(colon + 1)));
            }
        }
        String host = uri.getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return new JdbcEndpoint(schemes[0], host, uri.getPort() < 0 ? defaultPort : uri.getPort(), decode(path), user,
                password);
    }

    /** {@code host:port}, bracketed for IPv6, as JDBC URLs write it. */
    public String hostAndPort() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    @Override
    public String toString() {
        return scheme + "://" + user.map(u -> u + (password.isPresent() ? ":***" : "") + "@").orElse("") + hostAndPort()
                + "/" + database;
    }

    /** The endpoint text with any password replaced, for messages about an endpoint that did not parse. */
    static String redact(String endpoint) {
        return endpoint.replaceAll("(://[^/@:]*):[^/@]*@", "$1:***@");
    }

    private static String decode(String text) {
        return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
