package io.switchboard.wire.postgres;

import static java.util.Objects.requireNonNull;

import io.switchboard.core.config.AuthConfig;
import io.switchboard.core.config.ConfigNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The PostgreSQL frontend's own keys of {@code frontends.postgresWire} (core already read
 * {@code enabled}, {@code port}, {@code bindAddress} and {@code maxConnections}).
 *
 * @param authMethod how clients authenticate
 * @param tlsCertificateFile PEM certificate chain offered to clients that ask for TLS, or null
 * @param tlsPrivateKeyFile PEM (PKCS#8) private key of that certificate, or null
 * @param maxMessageSize the largest client message accepted, in bytes
 * @param startupTimeout how long a client may take from connecting to being authenticated
 * @param serverVersion the {@code server_version} reported to clients; clients parse its leading
 *     number, so it must start with a PostgreSQL version they support
 */
public record PostgresWireOptions(
        AuthMethod authMethod,
        Path tlsCertificateFile,
        Path tlsPrivateKeyFile,
        int maxMessageSize,
        Duration startupTimeout,
        String serverVersion) {

    public static final int DEFAULT_MAX_MESSAGE_SIZE = 16 * 1024 * 1024;
    public static final Duration DEFAULT_STARTUP_TIMEOUT = Duration.ofSeconds(10);
    public static final String DEFAULT_SERVER_VERSION = "15.0 (Switchboard)";
    /** Smallest sensible limit: a startup packet alone may take a few kilobytes. */
    static final int MIN_MAX_MESSAGE_SIZE = 16 * 1024;

    public PostgresWireOptions {
        requireNonNull(authMethod, "authMethod is null");
        requireNonNull(startupTimeout, "startupTimeout is null");
        requireNonNull(serverVersion, "serverVersion is null");
        if ((tlsCertificateFile == null) != (tlsPrivateKeyFile == null)) {
            throw new IllegalArgumentException("TLS needs both a certificate and a private key file");
        }
        if (maxMessageSize < MIN_MAX_MESSAGE_SIZE) {
            throw new IllegalArgumentException("maxMessageSize must be at least " + MIN_MAX_MESSAGE_SIZE);
        }
        if (startupTimeout.isNegative() || startupTimeout.isZero()) {
            throw new IllegalArgumentException("startupTimeout must be positive");
        }
        if (serverVersion.indexOf('\'') >= 0) {
            throw new IllegalArgumentException("serverVersion must not contain quotes");
        }
    }

    /** Options for tests and embedding: the defaults for the given authentication. */
    public static PostgresWireOptions defaults(AuthConfig auth) {
        return new PostgresWireOptions(defaultAuthMethod(auth), null, null, DEFAULT_MAX_MESSAGE_SIZE,
                DEFAULT_STARTUP_TIMEOUT, DEFAULT_SERVER_VERSION);
    }

    public Optional<Path> tlsCertificate() {
        return Optional.ofNullable(tlsCertificateFile);
    }

    public boolean tlsEnabled() {
        return tlsCertificateFile != null;
    }

    public PostgresWireOptions withAuthMethod(AuthMethod method) {
        return new PostgresWireOptions(method, tlsCertificateFile, tlsPrivateKeyFile, maxMessageSize, startupTimeout, serverVersion);
    }

    public PostgresWireOptions withTls(Path certificate, Path privateKey) {
        return new PostgresWireOptions(authMethod, certificate, privateKey, maxMessageSize, startupTimeout, serverVersion);
    }

    public PostgresWireOptions withMaxMessageSize(int bytes) {
        return new PostgresWireOptions(authMethod, tlsCertificateFile, tlsPrivateKeyFile, bytes, startupTimeout, serverVersion);
    }

    public PostgresWireOptions withStartupTimeout(Duration timeout) {
        return new PostgresWireOptions(authMethod, tlsCertificateFile, tlsPrivateKeyFile, maxMessageSize, timeout, serverVersion);
    }

    /**
     * Reads the frontend-specific keys and rejects any key nobody read. Call it after core has
     * parsed the common keys of the same node.
     */
    public static PostgresWireOptions parse(ConfigNode node, AuthConfig auth) {
        requireNonNull(auth, "auth is null");
        return parse(node, auth, true);
    }

    /**
     * Reads and checks the keys without relating them to {@code auth} (for a frontend that is
     * disabled: a typo is still reported, but its authMethod need not match the user directory).
     */
    public static PostgresWireOptions parseKeys(ConfigNode node) {
        return parse(node, AuthConfig.NONE, false);
    }

    private static PostgresWireOptions parse(ConfigNode node, AuthConfig auth, boolean checkAgainstAuth) {
        requireNonNull(node, "node is null");
        AuthMethod method = node.enumValue("authMethod", AuthMethod.BY_NAME, defaultAuthMethod(auth));
        if (checkAgainstAuth && method != AuthMethod.TRUST && auth.provider() == AuthConfig.Provider.NONE) {
            throw node.valueError("authMethod", "authMethod '" + method.configName()
                    + "' checks passwords, but auth.provider is 'none' so there are none to check;"
                    + " set auth.provider to 'static' or use 'trust'");
        }
        if (checkAgainstAuth && method == AuthMethod.TRUST && auth.required()) {
            throw node.valueError("authMethod", "authMethod 'trust' accepts clients without a password, but auth.required is true");
        }
        Path certificate = node.optionalString("tlsCertificateFile").map(Path::of).orElse(null);
        Path privateKey = node.optionalString("tlsPrivateKeyFile").map(Path::of).orElse(null);
        if (certificate != null && privateKey == null) {
            throw node.valueError("tlsCertificateFile", "tlsCertificateFile is set but tlsPrivateKeyFile is not; TLS needs both");
        }
        if (privateKey != null && certificate == null) {
            throw node.valueError("tlsPrivateKeyFile", "tlsPrivateKeyFile is set but tlsCertificateFile is not; TLS needs both");
        }
        requireReadable(node, "tlsCertificateFile", certificate);
        requireReadable(node, "tlsPrivateKeyFile", privateKey);
        int maxMessageSize = (int) node.longValue("maxMessageSize", DEFAULT_MAX_MESSAGE_SIZE, MIN_MAX_MESSAGE_SIZE,
                Integer.MAX_VALUE - 8);
        Duration startupTimeout = node.duration("startupTimeout", DEFAULT_STARTUP_TIMEOUT);
        if (startupTimeout.isZero() || startupTimeout.isNegative()) {
            throw node.valueError("startupTimeout", "must be positive");
        }
        String serverVersion = node.string("serverVersion", DEFAULT_SERVER_VERSION).strip();
        if (serverVersion.isEmpty() || !Character.isDigit(serverVersion.charAt(0))) {
            throw node.valueError("serverVersion", "must start with a PostgreSQL version number such as '15.0' (clients parse it)");
        }
        if (serverVersion.indexOf('\'') >= 0 || serverVersion.indexOf('\0') >= 0) {
            throw node.valueError("serverVersion", "must not contain quotes (version() reports it inside a SQL literal)");
        }
        node.rejectUnknownKeys();
        return new PostgresWireOptions(method, certificate, privateKey, maxMessageSize, startupTimeout, serverVersion);
    }

    static AuthMethod defaultAuthMethod(AuthConfig auth) {
        return auth.required() ? AuthMethod.SCRAM_SHA_256 : AuthMethod.TRUST;
    }

    private static void requireReadable(ConfigNode node, String key, Path file) {
        if (file != null && !Files.isReadable(file)) {
            throw node.valueError(key, "cannot read file " + file);
        }
    }
}
