package io.switchboard.engines.http;

import static java.util.Objects.requireNonNull;

import io.switchboard.core.config.ClusterConfig;
import io.switchboard.core.config.ConfigNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * The {@code endpoint:} of an engine reached over HTTP (Trino, ClickHouse): scheme, host and port
 * only. A user name or password written into the URI is refused, because such an endpoint ends up
 * in logs and error messages; credentials have keys of their own.
 *
 * @param baseUri {@code http(s)://host:port}, without a trailing slash
 */
public record HttpEndpoint(URI baseUri) {
    public HttpEndpoint {
        requireNonNull(baseUri, "baseUri is null");
    }

    public boolean secure() {
        return "https".equals(baseUri.getScheme());
    }

    public URI resolve(String path) {
        return URI.create(baseUri + path);
    }

    /** {@code host:port}, for messages. */
    public String address() {
        return baseUri.getHost() + ":" + baseUri.getPort();
    }

    /**
     * Reads and checks the cluster's endpoint; {@code defaultPort} applies when it names none.
     * Errors name the key and line.
     */
    public static HttpEndpoint parse(ClusterConfig cluster, int defaultPort) {
        ConfigNode options = cluster.options();
        String text = cluster.endpointValue()
                .orElseThrow(() -> options.error("missing required key 'endpoint' (http://host:port or https://host:port)"))
                .strip();
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw options.valueError("endpoint", "is not a valid URI: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw options.valueError("endpoint", "must start with http:// or https:// but is '" + text + "'");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw options.valueError("endpoint", "names no host: '" + text + "'");
        }
        if (uri.getRawUserInfo() != null) {
            throw options.valueError("endpoint", "must not hold a user name or password; use the keys 'user' and 'password'");
        }
        if (uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/")) {
            throw options.valueError("endpoint", "must not have a path (write only scheme, host and port)");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw options.valueError("endpoint", "must not have a query or fragment (write only scheme, host and port)");
        }
        int port = uri.getPort() > 0 ? uri.getPort() : defaultPort;
        String host = uri.getHost();
        return new HttpEndpoint(URI.create(scheme + "://" + host + ":" + port));
    }
}
