package io.switchboard.core.config;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * The admin port: metrics, health, and (later) the admin REST API and Studio.
 *
 * @param username the administrator's name for the authenticated parts; QueryFlux's key
 * @param password the administrator's password, or null when none is configured (the
 *     authenticated parts are then closed)
 * @param metricsRequireAuth whether {@code /metrics} asks for the same credentials; off by
 *     default because Prometheus scrapers usually carry none, and the figures hold no secrets
 */
public record AdminApiConfig(boolean enabled, int port, String bindAddress, String username, String password,
        boolean metricsRequireAuth) {
    public static final int DEFAULT_PORT = 9000;

    public AdminApiConfig {
        requireNonNull(bindAddress, "bindAddress is null");
        requireNonNull(username, "username is null");
    }

    public Optional<String> passwordValue() {
        return Optional.ofNullable(password);
    }

    static AdminApiConfig parse(ConfigNode node, String defaultBindAddress) {
        AdminApiConfig config = new AdminApiConfig(
                node.bool("enabled", true),
                node.integer("port", DEFAULT_PORT, 0, 65535),
                node.string("bindAddress", defaultBindAddress),
                node.string("username", "admin"),
                node.optionalString("password").orElse(null),
                node.bool("metricsRequireAuth", false));
        node.rejectUnknownKeys();
        return config;
    }

    @Override
    public String toString() {
        // Never print the password.
        return "AdminApiConfig[enabled=" + enabled + ", port=" + port + ", bindAddress=" + bindAddress
                + ", username=" + username + ", password=" + (password == null ? "unset" : "***") + ", metricsRequireAuth=" + metricsRequireAuth + "]";
    }
}
