package io.switchboard.engines.http;

import io.switchboard.core.config.ConfigNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The {@code tls:} section of an HTTP engine: which certificates to trust for {@code https://}
 * endpoints. Without it the JVM's default trust store applies.
 */
public final class HttpTls {
    private HttpTls() {}

    /**
     * Reads {@code tls: {trustStorePath, trustStorePassword, trustStoreType}} and builds the SSL
     * context, or empty when the section is absent. Rejects unknown keys of the section.
     */
    public static Optional<SSLContext> parse(ConfigNode options, HttpEndpoint endpoint) {
        ConfigNode tls = options.child("tls");
        if (!tls.isPresent()) {
            return Optional.empty();
        }
        if (!endpoint.secure()) {
            throw options.valueError("tls", "applies to https:// endpoints only, but the endpoint is " + endpoint.baseUri());
        }
        Optional<String> path = tls.optionalString("trustStorePath");
        Optional<String> password = tls.optionalString("trustStorePassword");
        String type = tls.string("trustStoreType", KeyStore.getDefaultType());
        tls.rejectUnknownKeys();
        if (path.isEmpty()) {
            throw tls.error("missing required key 'trustStorePath' (the certificates to trust for https://)");
        }
        try (InputStream in = Files.newInputStream(Path.of(path.get()))) {
            KeyStore store = KeyStore.getInstance(type);
            store.load(in, password.map(String::toCharArray).orElse(null));
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return Optional.of(context);
        } catch (IOException | GeneralSecurityException e) {
            // The message names the file, never the password.
            throw tls.valueError("trustStorePath", "cannot load the trust store " + path.get() + " ("
                    + type + "): " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
    }
}
