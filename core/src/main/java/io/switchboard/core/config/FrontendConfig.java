package io.switchboard.core.config;

import static java.util.Objects.requireNonNull;

/**
 * One frontend's common settings. Protocol-specific keys (authentication method, TLS files,
 * message size limits) stay in {@link #options()} for the frontend to read and validate.
 *
 * @param enabled whether the frontend listens; true when its block is present, unless set
 * @param bindAddress the address to listen on; defaults to the top-level {@code bindAddress}
 * @param maxConnections the most concurrent connections; 0 for no limit
 */
public record FrontendConfig(boolean enabled, int port, String bindAddress, int maxConnections, ConfigNode options) {
    public FrontendConfig {
        requireNonNull(bindAddress, "bindAddress is null");
        requireNonNull(options, "options is null");
    }

    static FrontendConfig parse(ConfigNode node, int defaultPort, String defaultBindAddress) {
        return new FrontendConfig(
                node.bool("enabled", node.isPresent()),
                node.integer("port", defaultPort, 0, 65535),
                node.string("bindAddress", defaultBindAddress),
                node.integer("maxConnections", 0, 0, 1_000_000),
                node);
    }
}
