package io.switchboard.engines.postgres;

import io.switchboard.engines.jdbc.JdbcEngineConfig;
import io.switchboard.engines.jdbc.JdbcEngineConfig.TlsMode;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * TLS towards PostgreSQL with libpq's {@code sslmode} meanings: {@code disable} never asks;
 * {@code prefer} asks and goes on in plain text when the server says no; {@code require}
 * insists but checks no certificate; {@code verify-ca} checks the chain against
 * {@code tlsRootCert} (or the JVM's trust store); {@code verify-full} also checks the host name.
 */
final class PgTls {
    private PgTls() {}

    /** Sends the SSLRequest when the mode asks for it and returns the socket to speak on. */
    static Socket negotiate(Socket socket, JdbcEngineConfig config) throws IOException {
        TlsMode mode = config.tls();
        if (mode == TlsMode.DISABLE) {
            return socket;
        }
        socket.getOutputStream().write(PgBackendConnection.sslRequest());
        socket.getOutputStream().flush();
        InputStream in = socket.getInputStream();
        int answer = in.read();
        if (answer == 'N') {
            if (mode == TlsMode.PREFER) {
                return socket;
            }
            throw new PgProtocolException("08001", "the server does not accept TLS connections and the cluster's 'tls' is "
                    + mode.configName());
        }
        if (answer != 'S') {
            throw new PgProtocolException("08P01", "the server answered the TLS request with " + (answer < 0 ? "a closed connection"
                    : "'" + (char) answer + "'"));
        }
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {trustManager(mode, config)}, null);
            String host = config.endpoint().host();
            SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(socket, host, config.endpoint().port(), true);
            tls.setUseClientMode(true);
            if (mode == TlsMode.VERIFY_FULL) {
                SSLParameters parameters = tls.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                tls.setSSLParameters(parameters);
            }
            tls.startHandshake();
            return tls;
        } catch (GeneralSecurityException e) {
            throw new PgProtocolException("08001", "cannot set up TLS: " + e.getMessage());
        }
    }

    private static X509TrustManager trustManager(TlsMode mode, JdbcEngineConfig config) throws GeneralSecurityException, IOException {
        if (mode == TlsMode.PREFER || mode == TlsMode.REQUIRE) {
            return new AcceptingTrustManager();
        }
        KeyStore roots = null;
        if (config.engineOption("tlsRootCert").isPresent()) {
            roots = KeyStore.getInstance(KeyStore.getDefaultType());
            roots.load(null, null);
            try (InputStream pem = Files.newInputStream(Path.of(config.engineOption("tlsRootCert").get()))) {
                int index = 0;
                for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(pem)) {
                    roots.setCertificateEntry("root-" + index++, certificate);
                }
            }
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(roots);
        for (TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509TrustManager x509) {
                return x509;
            }
        }
        throw new GeneralSecurityException("no X.509 trust manager is available");
    }

    /** {@code require} and {@code prefer}: encryption without authentication of the server, as in libpq. */
    private static final class AcceptingTrustManager implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            throw new UnsupportedOperationException("client side only");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            // Deliberately accepts any certificate: the mode asks for encryption only.
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
