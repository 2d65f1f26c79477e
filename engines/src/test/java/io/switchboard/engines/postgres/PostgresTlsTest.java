package io.switchboard.engines.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.switchboard.core.engine.Engine;
import io.switchboard.core.error.ErrorCode;
import io.switchboard.core.error.SwitchboardException;
import io.switchboard.core.result.ResultStream;
import io.switchboard.engines.testing.EngineTesting;
import io.switchboard.testkit.postgres.PostgresServer;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * The cluster key {@code tls} against a real PostgreSQL with TLS on (a self-signed certificate
 * for 127.0.0.1) and against the plain shared one: each mode encrypts, checks the certificate
 * and falls back exactly as libpq's sslmode of the same name does. Whether a session is
 * encrypted is the server's own word, {@code pg_stat_ssl}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
final class PostgresTlsTest {
    private static final String ENCRYPTED = "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()";
    private static final Duration QUERY_TIMEOUT = Duration.ofSeconds(30);
    /** Bounds every connection attempt, so a failing handshake fails the test quickly. */
    private static final String CONNECT_TIMEOUT = "connectTimeout: 5s\n";

    private PostgresServer server;
    private String rootCert;

    @BeforeAll
    void start() {
        server = PostgresServer.startNewWithTls();
        rootCert = server.tlsCertificate().orElseThrow().toString();
    }

    @AfterAll
    void close() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void disableSpeaksPlainTextEvenToATlsServer() {
        // The control for every "encrypted" assertion below: pg_stat_ssl does tell the two apart.
        try (Engine engine = PostgresTesting.engine(server, "postgres", "tls: disable\n" + CONNECT_TIMEOUT)) {
            assertThat(encrypted(engine)).isFalse();
        }
    }

    @Test
    void requireEncryptsTheSession() {
        try (Engine engine = PostgresTesting.engine(server, "postgres", "tls: require\n" + CONNECT_TIMEOUT)) {
            assertThat(encrypted(engine)).isTrue();
            assertThat(single(engine, "SELECT version FROM pg_stat_ssl WHERE pid = pg_backend_pid()").toString())
                    .startsWith("TLSv1.");
        }
    }

    @Test
    void verifyCaTrustsTheConfiguredRootCertificate() {
        try (Engine engine = PostgresTesting.engine(server, "postgres",
                "tls: verify-ca\ntlsRootCert: " + rootCert + "\n" + CONNECT_TIMEOUT)) {
            assertThat(encrypted(engine)).isTrue();
        }
    }

    @Test
    void verifyFullAcceptsACertificateNamingTheEndpointsAddress() {
        try (Engine engine = PostgresTesting.engine(server, "postgres",
                "tls: verify-full\ntlsRootCert: " + rootCert + "\n" + CONNECT_TIMEOUT)) {
            assertThat(encrypted(engine)).isTrue();
        }
    }

    @Test
    void verifyCaWithoutARootCertificateRejectsTheSelfSignedOne() {
        // Without tlsRootCert the JVM's trust store decides, and it does not know this certificate.
        try (Engine engine = PostgresTesting.engine(server, "postgres", "tls: verify-ca\n" + CONNECT_TIMEOUT)) {
            assertUnavailableByHandshake(engine, "127.0.0.1");
        }
    }

    @Test
    void verifyFullRejectsACertificateForAnotherName() throws UnknownHostException {
        // The certificate names 127.0.0.1 only; reaching the same address as "localhost" must fail the name check.
        assumeThat(InetAddress.getByName("localhost").getHostAddress())
                .as("localhost resolves to 127.0.0.1, where the server listens").isEqualTo("127.0.0.1");
        String keys = "endpoint: postgresql://localhost:" + server.port() + "/postgres\nuser: " + server.user()
                + "\npassword: ${PG_PASSWORD}\ntlsRootCert: " + rootCert + "\n" + CONNECT_TIMEOUT;
        Map<String, String> environment = Map.of("PG_PASSWORD", server.password());

        // The control: the chain alone is fine at this address, so only the name can fail below.
        try (Engine engine = EngineTesting.engine(new PostgresEngineFactory(),
                EngineTesting.cluster("postgres", "tls: verify-ca\n" + keys, environment))) {
            assertThat(encrypted(engine)).isTrue();
        }
        try (Engine engine = EngineTesting.engine(new PostgresEngineFactory(),
                EngineTesting.cluster("postgres", "tls: verify-full\n" + keys, environment))) {
            assertUnavailableByHandshake(engine, "localhost");
        }
    }

    @Test
    void preferUsesTlsWhenTheServerOffersIt() {
        try (Engine engine = PostgresTesting.engine(server, "postgres", "tls: prefer\n" + CONNECT_TIMEOUT)) {
            assertThat(encrypted(engine)).isTrue();
        }
    }

    @Test
    void preferFallsBackToPlainTextWhenTheServerHasNoTls() {
        try (Engine engine = PostgresTesting.tpchEngine("tls: prefer\n" + CONNECT_TIMEOUT)) {
            assertThat(encrypted(engine)).isFalse();
            assertThat(single(engine, "SELECT count(*) FROM region")).isEqualTo(5L);
        }
    }

    @Test
    void requireRefusesAServerWithoutTls() {
        PostgresServer plain = PostgresServer.sharedTpch();
        try (Engine engine = PostgresTesting.tpchEngine("tls: require\n" + CONNECT_TIMEOUT)) {
            assertThatThrownBy(() -> single(engine, "SELECT 1"))
                    .isInstanceOfSatisfying(SwitchboardException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.ENGINE_UNAVAILABLE);
                        assertThat(e.getMessage())
                                .contains("PostgreSQL cluster '" + EngineTesting.CLUSTER + "' at 127.0.0.1:" + plain.port())
                                .contains("the server does not accept TLS connections")
                                .doesNotContain(plain.password());
                    });
        }
    }

    /** The first query fails as an unavailable engine naming the cluster, because the TLS handshake failed. */
    private void assertUnavailableByHandshake(Engine engine, String host) {
        assertThatThrownBy(() -> single(engine, "SELECT 1"))
                .isInstanceOfSatisfying(SwitchboardException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.ENGINE_UNAVAILABLE);
                    assertThat(e.getMessage())
                            .contains("PostgreSQL cluster '" + EngineTesting.CLUSTER + "' at " + host + ":" + server.port())
                            .doesNotContain(server.password());
                    assertThat(e).hasCauseInstanceOf(SSLHandshakeException.class);
                });
    }

    private static boolean encrypted(Engine engine) {
        return (Boolean) single(engine, ENCRYPTED);
    }

    private static Object single(Engine engine, String sql) {
        try (ResultStream stream = engine.execute(EngineTesting.query(sql, QUERY_TIMEOUT))) {
            List<List<Object>> rows = EngineTesting.drain(stream);
            assertThat(rows).as("rows of %s", sql).hasSize(1);
            assertThat(rows.get(0)).as("columns of %s", sql).hasSize(1);
            return rows.get(0).get(0);
        }
    }
}
